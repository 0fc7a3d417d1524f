"""docker-compose.yml validates (Debian's docker-compose, no engine needed); Flower is never open."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(
    shutil.which("docker-compose") is None and not os.environ.get("CI"), reason="docker-compose missing"
)
def test_compose_file_is_valid_and_has_every_service() -> None:
    env = {**os.environ, "JWT_SECRET_KEY": "x" * 40, "FLOWER_BASIC_AUTH": "admin:secret-password"}
    check = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
    services = subprocess.run(
        ["docker-compose", "config", "--services"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert set(services) >= {
        "postgres", "redis", "api", "worker-workflow", "worker-content", "worker-logs",
        "beat", "flower", "frontend",
    }  # fmt: skip


def test_compose_refuses_to_run_flower_without_credentials() -> None:
    if shutil.which("docker-compose") is None:
        pytest.skip("docker-compose missing")
    env = {k: v for k, v in os.environ.items() if k != "FLOWER_BASIC_AUTH"} | {"JWT_SECRET_KEY": "x" * 40}
    check = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert check.returncode != 0
    assert "FLOWER_BASIC_AUTH" in check.stderr


def test_flower_refuses_to_start_without_basic_auth_outside_dev() -> None:
    env = {k: v for k, v in os.environ.items() if k != "FLOWER_BASIC_AUTH"}
    env |= {
        "WAYMARK_ENV": "production",
        "JWT_SECRET_KEY": "x" * 40,
        "DATABASE_URL": "postgresql://u@127.0.0.1:1/db",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "waymark", "flower"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "FLOWER_BASIC_AUTH" in result.stderr
