"""The Postgres checkpointer (psycopg 3). Opened per run, inside the running loop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver


@asynccontextmanager
async def open_checkpointer(psycopg_url: str) -> AsyncIterator[AsyncPostgresSaver]:
    """A saver on one connection; tables come from ``waymark migrate``, not from here."""
    async with AsyncPostgresSaver.from_conn_string(psycopg_url) as saver:
        yield saver


async def delete_thread(psycopg_url: str, thread_id: str) -> None:
    async with open_checkpointer(psycopg_url) as saver:
        await saver.adelete_thread(thread_id)
