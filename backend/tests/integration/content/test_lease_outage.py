"""A PostgreSQL restart while a unit is being written (a real model takes 10–60 s) never
throws away output that was paid for: the unit completes, its usage is recorded, and the
call is paid once (issue 15 §1.1)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import overridden
from tests.fixtures.sim import Simulator
from tests.integration.content.test_concept_content import make_ctx
from tests.integration.content.test_units import roadmap_job
from waymark.content.service import UnitPolicy, generate_unit, key_of
from waymark.db.engine import create_engine, create_sessionmaker, session_scope
from waymark.db.migrate import migrate_database
from waymark.db.models import ConceptContent, Task
from waymark.db.repositories import content_units as units
from waymark.llm.client import LLMClient
from waymark.local import EmbeddedPostgres
from waymark.search.client import SearchClient
from waymark.settings import Settings
from waymark.statuses import ContentStatus, ContentType
from waymark.worker.outbox import outbox_info
from waymark.worker.sender import MemorySender

LEASE_S = 9.0  # renewed every 3 s
CALL_MS = 6000  # the model writes for longer than one renewal period


@pytest.fixture
async def restartable_db(
    tmp_path: Path, sim_settings: Settings
) -> AsyncIterator[tuple[EmbeddedPostgres, async_sessionmaker[AsyncSession]]]:
    """A PostgreSQL of this test's own, so that it can be stopped and started."""
    server = EmbeddedPostgres(tmp_path)
    url = await asyncio.to_thread(server.start)
    try:
        await asyncio.to_thread(migrate_database, url)
        engine = create_engine(overridden(sim_settings, "db", url=url))
        yield server, create_sessionmaker(engine, outbox_info(MemorySender()))
        await engine.dispose()
    finally:
        await asyncio.to_thread(server.stop)


async def until(predicate: Callable[[], bool], what: str, timeout_s: float = 30) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    while not predicate():
        assert loop.time() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


async def test_a_database_restart_while_a_unit_is_written_keeps_its_paid_output(
    restartable_db: tuple[EmbeddedPostgres, async_sessionmaker[AsyncSession]],
    llm: LLMClient,
    search: SearchClient,
    sim: Simulator,
) -> None:
    server, sessionmaker = restartable_db
    job = await roadmap_job(sessionmaker)
    async with session_scope(sessionmaker) as session:
        await units.add_versions(session, [key_of(job, ContentType.TUTORIAL)])
    sim.configure(latency_ms=CALL_MS)
    loop = asyncio.get_running_loop()
    writing = asyncio.create_task(
        generate_unit(
            make_ctx(llm, search, sessionmaker), job, ContentType.TUTORIAL, UnitPolicy(lease_s=LEASE_S)
        )
    )
    await until(lambda: sim.stats()["in_flight"] > 0, "the paid call to start")
    claimed_at = loop.time()
    await asyncio.to_thread(server.stop)
    # Down over the first renewal (a third of the lease in), back well before the lease ends.
    outage_ends = claimed_at + LEASE_S / 3 + 1.0
    await asyncio.sleep(max(0.0, outage_ends - loop.time()))
    await asyncio.to_thread(server.start)

    status = await asyncio.wait_for(writing, timeout=120)

    assert status is ContentStatus.COMPLETED
    async with sessionmaker() as session:
        row = await session.scalar(
            select(ConceptContent).where(
                ConceptContent.roadmap_id == job.roadmap_id, ConceptContent.content_type == "tutorial"
            )
        )
        task = await session.get(Task, uuid.UUID(job.task_id))
    assert row is not None and row.status is ContentStatus.COMPLETED and row.body
    assert task is not None and task.llm_calls == 1 and task.completion_tokens > 0  # usage recorded
    assert sim.calls("tutorial") == 1  # paid once
