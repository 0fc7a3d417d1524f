from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ENTRYPOINT = Path(__file__).resolve().parents[3] / "scripts" / "railway_entrypoint.sh"


def run_entrypoint(service_type: str | None, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "SERVICE_TYPE"} | extra
    if service_type is not None:
        env["SERVICE_TYPE"] = service_type
    return subprocess.run(["bash", str(ENTRYPOINT)], env=env, capture_output=True, text=True, timeout=30)


def test_unknown_service_type_exits_2_listing_valid_values() -> None:
    result = run_entrypoint("webscale")
    assert result.returncode == 2
    assert "Unknown SERVICE_TYPE: webscale" in result.stderr
    assert "api" in result.stderr
    assert "migrate" in result.stderr


def test_missing_service_type_is_refused() -> None:
    result = run_entrypoint(None)
    assert result.returncode == 2
    assert "Unknown SERVICE_TYPE: <unset>" in result.stderr


@pytest.mark.parametrize(
    ("value", "queues"),
    [("", "roadmap_workflow"), ("false", "roadmap_workflow"), ("TRUE", "roadmap_workflow,content_generation"),
     ("1", "roadmap_workflow,content_generation")],
)  # fmt: skip
def test_a_lending_workflow_service_polls_its_own_queue_first(value: str, queues: str) -> None:
    result = run_entrypoint("celery_workflow", CELERY_BIN="echo", CELERY_WORKFLOW_LENDS_TO_CONTENT=value)
    assert result.returncode == 0, result.stderr
    assert f" --queues {queues} --hostname workflow@%h " in result.stdout


def test_a_lending_flag_that_is_not_a_boolean_stops_the_worker_with_the_reason() -> None:
    result = run_entrypoint("celery_workflow", CELERY_BIN="echo", CELERY_WORKFLOW_LENDS_TO_CONTENT="maybe")
    assert result.returncode == 2
    assert "CELERY_WORKFLOW_LENDS_TO_CONTENT must be true or false, not 'maybe'" in result.stderr
    assert "worker" not in result.stdout


def test_the_content_service_runs_many_concept_jobs_on_threads() -> None:
    result = run_entrypoint("celery_content", CELERY_BIN="echo")
    assert result.returncode == 0, result.stderr
    assert " --queues content_generation --hostname content@%h --concurrency 160 " in result.stdout
    assert " --pool threads " in result.stdout
    chosen = run_entrypoint("celery_content", CELERY_BIN="echo", CELERY_CONTENT_CONCURRENCY="24")
    assert " --concurrency 24 " in chosen.stdout


@pytest.mark.parametrize("service", ["celery_workflow", "celery_logs", "celery_all"])
def test_the_other_workers_keep_one_job_per_process(service: str) -> None:
    result = run_entrypoint(service, CELERY_BIN="echo")
    assert result.returncode == 0, result.stderr
    assert " --pool prefork " in result.stdout


@pytest.mark.parametrize("value", ["0", "-1", "many", "4.5", "08"])
def test_a_content_concurrency_that_is_not_a_positive_number_stops_the_worker(value: str) -> None:
    result = run_entrypoint("celery_content", CELERY_BIN="echo", CELERY_CONTENT_CONCURRENCY=value)
    assert result.returncode == 2
    assert f"CELERY_CONTENT_CONCURRENCY must be a whole number above 0, not '{value}'" in result.stderr
    assert "worker" not in result.stdout
