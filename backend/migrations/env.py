"""Alembic environment: async (asyncpg), URL from Waymark settings or the caller."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from waymark.db.models import Base
from waymark.settings import get_settings, to_asyncpg_url

target_metadata = Base.metadata


def _url() -> str:
    configured = context.config.get_main_option("sqlalchemy.url")
    if configured:
        return to_asyncpg_url(configured)
    return get_settings().db.sqlalchemy_url


def include_name(name: str | None, type_: str, parent_names: object) -> bool:
    """LangGraph owns its checkpoint tables (created by AsyncPostgresSaver.setup())."""
    return not (type_ == "table" and name is not None and name.startswith("checkpoint"))


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_async_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_run)
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_online())
