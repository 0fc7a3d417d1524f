"""Async engine and session scope. Create them inside the event loop that uses them."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import event, exc
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from waymark.settings import Settings, to_psycopg_url


def create_engine(
    settings: Settings, *, pool_size: int | None = None, ping_after_idle_s: float | None = None
) -> AsyncEngine:
    """``ping_after_idle_s``: test a pooled connection only when it sat unused that long,
    instead of before every checkout (a round trip per request on a busy API). A connection
    in steady use proves itself; one that died while idle is replaced before it is handed out."""
    engine = create_async_engine(
        settings.db.sqlalchemy_url,
        pool_size=pool_size or settings.db.pool_size,
        max_overflow=settings.db.max_overflow,
        pool_timeout=settings.db.pool_timeout_s,  # then sqlalchemy.exc.TimeoutError: a 503 in the API
        pool_pre_ping=ping_after_idle_s is None,
        pool_recycle=1800,
        connect_args={"timeout": settings.db.connect_timeout_s},
    )
    if ping_after_idle_s is not None:
        _ping_after_idle(engine, ping_after_idle_s)
    return engine


def _ping_after_idle(engine: AsyncEngine, idle_s: float) -> None:
    @event.listens_for(engine.sync_engine, "checkin")
    def remember_checkin(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @event.listens_for(engine.sync_engine, "checkout")
    def ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_s:
            return
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("SELECT 1")
        except Exception as error:  # any failure: the pool discards it and connects afresh
            raise exc.DisconnectionError(f"idle connection failed its ping: {error}") from error
        finally:
            cursor.close()


AfterCommit = Callable[[AsyncSession], Awaitable[None]]
AFTER_COMMIT = "after_commit"


async def _keep_session(connection: asyncpg.Connection) -> None:
    """The reads on this pool are single read-only statements that change no session state,
    so a connection needs no reset query (a round trip) when it goes back to the pool."""


async def create_read_pool(settings: Settings) -> asyncpg.Pool:
    """A plain asyncpg pool for the API's hottest reads (``repositories/task_reads``): one
    prepared statement per read, no ORM. Created in the loop that uses it."""
    pool: asyncpg.Pool = await asyncpg.create_pool(
        to_psycopg_url(settings.db.url or ""),  # a libpq URL, which asyncpg reads too
        min_size=1,
        max_size=settings.db.pool_size,
        timeout=settings.db.connect_timeout_s,
        reset=_keep_session,
    )
    return pool


def create_sessionmaker(
    engine: AsyncEngine, info: dict[str, Any] | None = None
) -> async_sessionmaker[AsyncSession]:
    """``info`` is copied into every session's ``info`` (the outbox finds its sender there)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False, info=info or {})


def after_commit(session: AsyncSession, key: str, callback: AfterCommit) -> None:
    """Run ``callback(session)`` once this session's transaction has committed (once per key;
    never if it rolls back). Work that must not happen before the commit registers here."""
    session.info.setdefault(AFTER_COMMIT, {}).setdefault(key, callback)


@asynccontextmanager
async def session_scope(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: commit on success, roll back on any error; then what waited for the
    commit runs (jobs are sent, events announced)."""
    async with factory() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            session.info.pop(AFTER_COMMIT, None)
            await session.rollback()
            raise
        for callback in session.info.pop(AFTER_COMMIT, {}).values():
            await callback(session)
