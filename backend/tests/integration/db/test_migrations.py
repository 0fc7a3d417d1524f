from __future__ import annotations

import os
import subprocess
import sys

import psycopg
from alembic import command

from tests.fixtures.services import create_database
from waymark.db.migrate import alembic_config, downgrade, head_revision, upgrade
from waymark.settings import to_psycopg_url

APP_TABLES = {
    "users", "tasks", "roadmaps", "concepts", "concept_contents", "review_records",
    "execution_logs", "quiz_attempts", "concept_progress", "llm_role_stats", "auth_sessions",
}  # fmt: skip


INSERT_USER = "INSERT INTO users (id, email, password_hash) VALUES (gen_random_uuid(), %s, 'x') RETURNING id"


def tables(url: str) -> set[str]:
    with psycopg.connect(to_psycopg_url(url)) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    return {row[0] for row in rows}


def test_upgrade_on_empty_database_then_downgrade_back(postgres_admin_url: str) -> None:
    url = create_database(postgres_admin_url)
    assert tables(url) == set()

    upgrade(url)
    assert APP_TABLES <= tables(url)
    with psycopg.connect(to_psycopg_url(url)) as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    assert version is not None
    assert version[0] == head_revision()

    downgrade(url, "base")
    assert tables(url) == {"alembic_version"}

    upgrade(url)  # and up again: the round trip is clean
    assert APP_TABLES <= tables(url)


def test_models_and_migrations_agree(database_url: str) -> None:
    command.check(alembic_config(database_url))  # raises when a model change lacks a migration


def test_schema_rejects_unknown_status_and_duplicate_event_ids(database_url: str) -> None:
    with psycopg.connect(to_psycopg_url(database_url)) as conn:
        user = conn.execute(
            INSERT_USER,
            (f"schema-{id(conn)}@example.com",),
        ).fetchone()
        assert user is not None
        insert_task = (
            "INSERT INTO tasks (id, owner_id, kind, goal, preferences, status, current_step,"
            " progress, attempt, llm_calls, prompt_tokens, completion_tokens, cost_usd)"
            " VALUES (gen_random_uuid(), %s, 'roadmap', 'g', '{}', %s, 'queued', 0, 0, 0, 0, 0, 0)"
            " RETURNING id"
        )
        try:
            conn.execute(insert_task, (user[0], "exploded"))
        except psycopg.errors.CheckViolation:
            conn.rollback()
        else:
            raise AssertionError("a task with an unknown status was accepted")
        user = conn.execute(
            INSERT_USER,
            (f"schema2-{id(conn)}@example.com",),
        ).fetchone()
        assert user is not None
        task = conn.execute(insert_task, (user[0], "queued")).fetchone()
        assert task is not None
        insert_log = (
            "INSERT INTO execution_logs (task_id, event_id, event_type, level, message, data)"
            " VALUES (%s, '1-0', 'status', 'info', '', '{}')"
            " ON CONFLICT (task_id, event_id) DO NOTHING"
        )
        conn.execute(insert_log, (task[0],))
        conn.execute(insert_log, (task[0],))
        count = conn.execute("SELECT count(*) FROM execution_logs WHERE task_id = %s", (task[0],)).fetchone()
        assert count == (1,)


def test_replicas_that_migrate_at_once_take_turns(postgres_admin_url: str) -> None:
    """Every api start runs the migrations: replicas starting together used to race."""
    url = create_database(postgres_admin_url)
    env = {**os.environ, "WAYMARK_ENV": "test", "DATABASE_URL": url, "REDIS_URL": "redis://127.0.0.1:1/0"}
    runs = [
        subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "waymark", "migrate"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for _ in range(4)
    ]
    outputs = [run.communicate(timeout=180)[0].decode(errors="replace") for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], outputs
    with psycopg.connect(to_psycopg_url(url)) as conn:
        version = conn.execute("SELECT version_num FROM alembic_version").fetchall()
        checkpoints = conn.execute("SELECT count(*) FROM checkpoint_migrations").fetchone()
    assert version == [(head_revision(),)]
    assert checkpoints is not None and checkpoints[0] > 0
