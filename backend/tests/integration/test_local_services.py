"""The embedded PostgreSQL and Redis start, keep their data across a restart, and stop."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import redis

from waymark.local import EmbeddedPostgres, EmbeddedRedis, start_local_services, stop_local_services


def test_start_restart_with_data_kept_and_stop(tmp_path: Path) -> None:
    services = start_local_services(tmp_path)
    try:
        with psycopg.connect(services.database_url) as conn:
            conn.execute("CREATE TABLE notes (body text)")
            conn.execute("INSERT INTO notes VALUES ('kept across restarts')")
        redis.Redis.from_url(services.redis_url).set("note", "kept too")

        # starting again while running reuses the same servers
        again = start_local_services(tmp_path)
        assert again == services

        stop_local_services(tmp_path)
        assert not EmbeddedPostgres(tmp_path).is_running()
        assert not EmbeddedRedis(tmp_path).is_running()

        restarted = start_local_services(tmp_path)
        assert restarted.redis_url == services.redis_url  # the port is chosen once
        with psycopg.connect(restarted.database_url) as conn:
            assert conn.execute("SELECT body FROM notes").fetchone() == ("kept across restarts",)
        assert redis.Redis.from_url(restarted.redis_url).get("note") == b"kept too"
    finally:
        stop_local_services(tmp_path)
    assert not EmbeddedPostgres(tmp_path).is_running()
    assert not EmbeddedRedis(tmp_path).is_running()


def test_waymark_info_names_the_services_in_use(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(WAYMARK_ENV="dev", WAYMARK_STATE_DIR=str(tmp_path))
    embedded = subprocess.run(
        [sys.executable, "-m", "waymark", "info"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert embedded.returncode == 0, embedded.stderr
    assert "embedded PostgreSQL" in embedded.stdout
    assert "embedded Redis" in embedded.stdout

    env.update(
        DATABASE_URL="postgresql://app:s3cret-pw@db.internal:5432/waymark",
        REDIS_URL="redis://cache:6379/0",
    )
    external = subprocess.run(
        [sys.executable, "-m", "waymark", "info"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "external postgresql://app:[REDACTED]@db.internal:5432/waymark" in external.stdout
    assert "s3cret-pw" not in external.stdout + external.stderr
    assert "external redis://cache:6379/0" in external.stdout
