"""Routing is declared once and every registered task resolves to a declared queue."""

from __future__ import annotations

import pytest

from waymark.settings import load_settings
from waymark.worker.celery_app import create_celery, route_task
from waymark.worker.queues import LIMITS, VISIBILITY_TIMEOUT_S, Queue, UnroutedTaskError, queue_for

EXPECTED = {
    "workflow.generate_roadmap": Queue.ROADMAP_WORKFLOW,
    "workflow.resume_after_review": Queue.ROADMAP_WORKFLOW,
    "workflow.resume_from_checkpoint": Queue.ROADMAP_WORKFLOW,
    "content.generate_roadmap_content": Queue.CONTENT_GENERATION,
    "content.generate_concept": Queue.CONTENT_GENERATION,
    "content.retry_failed": Queue.CONTENT_GENERATION,
    "content.regenerate_concept": Queue.CONTENT_GENERATION,
    "logs.write_execution_logs": Queue.LOGS,
    "maintenance.reap_stale_tasks": Queue.LOGS,
    "maintenance.prune": Queue.LOGS,
}


@pytest.fixture(scope="module")
def app():  # type: ignore[no-untyped-def]
    app = create_celery(load_settings(env="test", redis={"url": "redis://127.0.0.1:1/0"}))
    app.loader.import_default_modules()
    return app


def test_every_registered_task_resolves_to_a_declared_queue(app) -> None:  # type: ignore[no-untyped-def]
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    assert ours >= set(EXPECTED)
    declared = {queue.name for queue in app.conf.task_queues}
    for name in ours:
        route = route_task(name, (), {}, {})
        assert route is not None
        assert route["queue"] in declared, name
    for name, queue in EXPECTED.items():
        assert queue_for(name) is queue


def test_time_limits_follow_the_queue(app) -> None:  # type: ignore[no-untyped-def]
    for name, queue in EXPECTED.items():
        task = app.tasks[name]
        assert (task.soft_time_limit, task.time_limit) == (
            LIMITS[queue].soft_time_limit_s,
            LIMITS[queue].time_limit_s,
        )
        assert task.acks_late and task.reject_on_worker_lost


def test_visibility_timeout_exceeds_every_hard_limit_in_all_three_places(app) -> None:  # type: ignore[no-untyped-def]
    assert all(VISIBILITY_TIMEOUT_S > limits.time_limit_s for limits in LIMITS.values())
    assert app.conf.broker_transport_options["visibility_timeout"] == VISIBILITY_TIMEOUT_S
    assert app.conf.result_backend_transport_options["visibility_timeout"] == VISIBILITY_TIMEOUT_S
    assert app.conf.visibility_timeout == VISIBILITY_TIMEOUT_S
    assert app.conf.task_serializer == "json"
    assert app.conf.accept_content == ["json"]
    assert app.conf.worker_prefetch_multiplier == 1


def test_an_unrouted_name_is_an_error() -> None:
    with pytest.raises(UnroutedTaskError):
        queue_for("reports.weekly")


def test_the_stock_comparison_runs_celery_as_most_deployments_do() -> None:
    """bench/chaos_soak.py's second run: early acks, Celery's default visibility timeout and
    prefetch, and no reaper on beat's schedule (its leases are off in the task code)."""
    settings = load_settings(
        env="test", redis={"url": "redis://127.0.0.1:1/0"}, celery={"durability": "stock"}
    )
    stock = create_celery(settings)
    assert (stock.conf.task_acks_late, stock.conf.task_reject_on_worker_lost) == (False, False)
    assert stock.conf.broker_transport_options == {} and stock.conf.worker_prefetch_multiplier == 4
    assert "reap-stale-tasks" not in stock.conf.beat_schedule
    durable = create_celery(load_settings(env="test", redis={"url": "redis://127.0.0.1:1/0"}))
    assert "reap-stale-tasks" in durable.conf.beat_schedule and durable.conf.task_acks_late
