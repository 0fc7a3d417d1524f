"""The one schema path: Alembic migrations, then LangGraph's checkpoint tables."""

from __future__ import annotations

import time
from pathlib import Path

import psycopg
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url:
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str | None = None, revision: str = "head") -> None:
    command.upgrade(alembic_config(database_url), revision)


def downgrade(database_url: str | None = None, revision: str = "base") -> None:
    command.downgrade(alembic_config(database_url), revision)


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def current_revision(engine: AsyncEngine) -> str | None:
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


async def setup_checkpointer(psycopg_url: str) -> None:
    """Create LangGraph's checkpoint tables (idempotent); run once per deploy, not per task."""
    from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver

    async with AsyncPostgresSaver.from_conn_string(psycopg_url) as saver:
        await saver.setup()


# pg_advisory_lock key of schema changes ("waymark migrate" as a number)
MIGRATION_LOCK = 0x57_41_59_4D_41_52_4B
LOCK_POLL_S = 0.25


def _try_lock(connection: psycopg.Connection[tuple[bool]]) -> bool:
    row = connection.execute("SELECT pg_try_advisory_lock(%s)", (MIGRATION_LOCK,)).fetchone()
    return bool(row and row[0])


def migrate_database(database_url: str) -> None:
    """What ``waymark migrate`` does: schema to head, then the checkpoint tables — under a
    PostgreSQL advisory lock, so replicas that start together take turns instead of racing
    (the second finds everything at head and changes nothing)."""
    import asyncio

    from waymark.settings import to_psycopg_url

    psycopg_url = to_psycopg_url(database_url)
    with psycopg.connect(psycopg_url, autocommit=True) as lock:
        # try-and-sleep, not a blocking pg_advisory_lock: a waiting statement is an open
        # transaction, and the checkpointer's CREATE INDEX CONCURRENTLY waits for every one
        while not _try_lock(lock):
            time.sleep(LOCK_POLL_S)
        try:
            upgrade(database_url)
            asyncio.run(setup_checkpointer(psycopg_url))
        finally:
            lock.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK,))
