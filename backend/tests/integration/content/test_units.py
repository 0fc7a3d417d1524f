"""Content units: each (concept, type, version) is claimed before it is paid for, fails with
its cause whatever goes wrong, and settles; regenerations get versions of their own and a
retry targets the version that failed."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import pytest
import redis.asyncio as aioredis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator, new_task
from tests.integration.content.test_concept_content import FRAMEWORK, make_ctx
from waymark.content.job import ConceptJob
from waymark.content.service import UnitPolicy, generate_concept, generate_unit
from waymark.db.engine import session_scope
from waymark.db.models import ConceptContent, Task
from waymark.db.repositories import content_units as units
from waymark.db.repositories.roadmaps import upsert_roadmap_for_task
from waymark.events.stream import read_events
from waymark.llm.client import LLMClient
from waymark.search.client import SearchClient
from waymark.settings import Settings
from waymark.statuses import ContentStatus, ContentType, Step, TaskStatus
from waymark.tasks import service
from waymark.worker.jobs.content import regenerate_concept_job
from waymark.worker.resources import WorkerResources

CONCEPT = "c01-ownership"


async def roadmap_job(sessionmaker: async_sessionmaker[AsyncSession]) -> ConceptJob:
    """A finished roadmap task with a one-concept roadmap."""
    task_id = await new_task(sessionmaker)
    async with session_scope(sessionmaker) as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        roadmap_id = await upsert_roadmap_for_task(
            session, task_id=task.id, owner_id=task.owner_id, framework=FRAMEWORK
        )
        task.roadmap_id, task.status, task.current_step = roadmap_id, TaskStatus.COMPLETED, Step.DONE
    concept = FRAMEWORK["stages"][0]["modules"][0]["concepts"][0]  # type: ignore[index]
    return ConceptJob(task_id=task_id, roadmap_id=roadmap_id, concept=concept, roadmap_title="Rust roadmap")


async def rows_of(sessionmaker: async_sessionmaker[AsyncSession], job: ConceptJob) -> list[ConceptContent]:
    async with sessionmaker() as session:
        rows = await session.execute(
            select(ConceptContent)
            .where(ConceptContent.roadmap_id == job.roadmap_id)
            .order_by(ConceptContent.content_type, ConceptContent.version)
        )
        return list(rows.scalars())


async def versions(
    sessionmaker: async_sessionmaker[AsyncSession], job: ConceptJob
) -> list[tuple[str, int, str]]:
    return [
        (row.content_type.value, row.version, row.status.value) for row in await rows_of(sessionmaker, job)
    ]


async def unit(sessionmaker: async_sessionmaker[AsyncSession], job: ConceptJob, kind: str) -> ConceptContent:
    return next(row for row in await rows_of(sessionmaker, job) if row.content_type == kind)


async def test_a_provider_refusal_fails_the_unit_at_once_and_408_is_retried(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    sim.configure(fault_roles=["tutorial"], fault_script=["401"])
    job = await roadmap_job(sessionmaker)
    statuses = await generate_concept(make_ctx(llm, search, sessionmaker), job)
    # an uncaught 401 used to leave the unit "generating", re-dispatched for ever
    assert statuses[ContentType.TUTORIAL] is ContentStatus.FAILED
    assert statuses[ContentType.QUIZ] is ContentStatus.COMPLETED
    assert sim.calls("tutorial") == 1  # no retries: a refused request stays refused
    async with sessionmaker() as session:
        row = await session.scalar(
            select(ConceptContent).where(
                ConceptContent.content_type == "tutorial", ConceptContent.roadmap_id == job.roadmap_id
            )
        )
    assert row is not None and "HTTP 401" in (row.error or "")  # fmt: skip

    sim.configure(fault_script=["408", "409"])
    again = await roadmap_job(sessionmaker)
    assert (await generate_concept(make_ctx(llm, search, sessionmaker), again))[ContentType.TUTORIAL] is (
        ContentStatus.COMPLETED
    )
    assert sim.calls("tutorial") == 1 + 3  # 408 and 409 are worth retrying


async def test_output_carrying_a_nul_is_stored_without_it(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    sim.configure(fault_roles=["tutorial"], fault_script=["nul"])
    job = await roadmap_job(sessionmaker)
    statuses = await generate_concept(make_ctx(llm, search, sessionmaker), job)
    assert statuses[ContentType.TUTORIAL] is ContentStatus.COMPLETED  # once: a database error, stuck
    async with sessionmaker() as session:
        body = await session.scalar(
            select(ConceptContent.body).where(
                ConceptContent.content_type == "tutorial", ConceptContent.roadmap_id == job.roadmap_id
            )
        )
    assert body is not None and "\x00" not in str(body)  # fmt: skip


async def test_two_jobs_for_one_concept_pay_for_each_unit_once(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    sim.configure(latency_ms=150)
    job = await roadmap_job(sessionmaker)
    ctx = make_ctx(llm, search, sessionmaker)
    await asyncio.gather(generate_concept(ctx, job), generate_concept(ctx, job))
    assert (sim.calls("tutorial"), sim.calls("resources"), sim.calls("quiz")) == (1, 1, 1)
    assert await versions(sessionmaker, job) == [
        ("quiz", 1, "completed"), ("resources", 1, "completed"), ("tutorial", 1, "completed")
    ]  # fmt: skip


async def test_a_unit_whose_workers_keep_dying_fails_once_its_attempts_run_out(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    job = await roadmap_job(sessionmaker)
    key = units.UnitKey(job.roadmap_id, CONCEPT, ContentType.QUIZ, 1)
    async with session_scope(sessionmaker) as session:
        await units.add_versions(session, [key])
    for _ in range(3):  # three workers claim it and die: their leases run out
        async with session_scope(sessionmaker) as session:
            assert await units.claim(session, key, lease_s=0.01) is not None
        await asyncio.sleep(0.05)
    status = await generate_unit(
        make_ctx(llm, search, sessionmaker), job, ContentType.QUIZ, UnitPolicy(max_attempts=3)
    )
    assert status is ContentStatus.FAILED
    assert sim.calls("quiz") == 0  # nothing more is paid for it
    assert await versions(sessionmaker, job) == [("quiz", 1, "failed")]


@pytest.fixture
async def worker(sim_settings: Settings) -> AsyncIterator[WorkerResources]:
    resources = WorkerResources(sim_settings)
    yield resources
    await resources.aclose()


async def regenerate(
    sessionmaker: async_sessionmaker[AsyncSession], job: ConceptJob, settings: Settings, *types: str
) -> str:
    async with session_scope(sessionmaker) as session:
        owner = (await session.get(Task, uuid.UUID(job.task_id))).owner_id  # type: ignore[union-attr]
        task_id = await service.create_regeneration(
            session, owner_id=owner, roadmap_id=job.roadmap_id, concept_id=CONCEPT,
            content_types=list(types), instructions="More diagrams", settings=settings,
        )  # fmt: skip
    return str(task_id)


async def test_quick_regenerations_get_versions_of_their_own(
    sim_settings: Settings, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    job = await roadmap_job(sessionmaker)
    await asyncio.gather(*(regenerate(sessionmaker, job, sim_settings, "tutorial") for _ in range(3)))
    # all three computed "the next version" from the same rows and overwrote each other
    assert await versions(sessionmaker, job) == [("tutorial", 1, "pending"), ("tutorial", 2, "pending"),
                                                 ("tutorial", 3, "pending")]  # fmt: skip


async def test_a_retry_after_a_failed_regeneration_targets_the_version_that_failed(
    llm: LLMClient, search: SearchClient, sim: Simulator, sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession], worker: WorkerResources,
) -> None:  # fmt: skip
    job = await roadmap_job(sessionmaker)
    await generate_concept(make_ctx(llm, search, sessionmaker), job, (ContentType.TUTORIAL,))
    async with sessionmaker() as session:
        first = await session.scalar(
            select(ConceptContent.body).where(ConceptContent.roadmap_id == job.roadmap_id)
        )
    sim.configure(fault_roles=["tutorial"], fault_script=["403"])
    task_id = await regenerate(sessionmaker, job, sim_settings, "tutorial")
    assert await regenerate_concept_job(worker, task_id) == "failed"
    assert await versions(sessionmaker, job) == [("tutorial", 1, "completed"), ("tutorial", 2, "failed")]

    async with session_scope(sessionmaker) as session:
        owner = (await session.get(Task, uuid.UUID(task_id))).owner_id  # type: ignore[union-attr]
        await service.retry(
            session, await service.get_owned(session, owner, uuid.UUID(task_id)), sim_settings
        )
    assert await regenerate_concept_job(worker, task_id) == "completed"
    # retry used to rewrite version 1 (and lose the learner's instructions)
    assert await versions(sessionmaker, job) == [("tutorial", 1, "completed"), ("tutorial", 2, "completed")]
    old, new = await rows_of(sessionmaker, job)
    assert old.body == first and new.instructions == "More diagrams"


async def test_a_cancel_between_content_types_stops_a_regeneration_and_it_announces_nothing(
    llm: LLMClient, search: SearchClient, sim: Simulator, sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession], worker: WorkerResources, async_redis: aioredis.Redis,
) -> None:  # fmt: skip
    job = await roadmap_job(sessionmaker)
    sim.configure(latency_ms=400)
    task_id = await regenerate(sessionmaker, job, sim_settings, "tutorial", "quiz")
    running = asyncio.create_task(regenerate_concept_job(worker, task_id))
    while sim.calls("tutorial") == 0:  # noqa: ASYNC110 - waiting for the first unit to be paid for
        await asyncio.sleep(0.02)
    async with session_scope(sessionmaker) as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        await service.cancel(session, task)
    assert await running == "stopped: cancelled"
    assert sim.calls("quiz") == 0  # the next type never started
    quiz, tutorial = await rows_of(sessionmaker, job)
    assert (quiz.status, tutorial.status) == ("failed", "completed")
    assert quiz.error == "cancelled before it started"
    await worker.publisher.flush(task_id)
    events = [e.type.value for e in await read_events(async_redis, task_id, count=1000)]
    assert "completed" not in events and "failed" not in events  # nothing after the cancel
    async with sessionmaker() as session:
        cancelled = await session.get(Task, uuid.UUID(task_id))
    assert cancelled is not None and cancelled.status is TaskStatus.CANCELLED
