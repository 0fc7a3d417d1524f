"""Content for one concept: each type saved on its own, idempotent, URLs from search only."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator, new_task
from waymark.content.generators import search_query
from waymark.content.job import ConceptJob, ContentContext
from waymark.content.schemas import Quiz, Tutorial
from waymark.content.service import generate_concept
from waymark.db.engine import session_scope
from waymark.db.models import ConceptContent, Task
from waymark.db.repositories.roadmaps import upsert_roadmap_for_task
from waymark.events.publisher import MemoryPublisher
from waymark.events.schema import EventType
from waymark.llm.client import LLMClient
from waymark.search.client import SearchClient
from waymark.statuses import ContentStatus, ContentType

FRAMEWORK = {
    "title": "Rust roadmap",
    "total_estimated_hours": 2,
    "recommended_weeks": 1,
    "stages": [{"stage_id": "s1", "title": "Basics", "order": 1, "modules": [{
        "module_id": "m1", "title": "Start", "concepts": [{
            "concept_id": "c01-ownership", "title": "Rust: ownership", "estimated_hours": 2,
            "difficulty": "easy", "prerequisites": [], "keywords": ["rust", "ownership"],
        }],
    }]}],
}  # fmt: skip


async def make_job(sessionmaker: async_sessionmaker[AsyncSession]) -> ConceptJob:
    task_id = await new_task(sessionmaker)
    async with session_scope(sessionmaker) as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        roadmap_id = await upsert_roadmap_for_task(
            session, task_id=task.id, owner_id=task.owner_id, framework=FRAMEWORK
        )
    concept = FRAMEWORK["stages"][0]["modules"][0]["concepts"][0]  # type: ignore[index]
    return ConceptJob(task_id=task_id, roadmap_id=roadmap_id, concept=concept, roadmap_title="Rust roadmap")


async def rows(sessionmaker: async_sessionmaker[AsyncSession], roadmap_id: uuid.UUID) -> list[ConceptContent]:
    async with sessionmaker() as session:
        result = await session.execute(select(ConceptContent).where(ConceptContent.roadmap_id == roadmap_id))
        return list(result.scalars())


def make_ctx(
    llm: LLMClient, search: SearchClient, sessionmaker: async_sessionmaker[AsyncSession]
) -> ContentContext:
    return ContentContext(llm=llm, search=search, sessionmaker=sessionmaker, publisher=MemoryPublisher())


async def test_tutorial_resources_and_quiz_are_saved(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    job = await make_job(sessionmaker)
    ctx = make_ctx(llm, search, sessionmaker)
    statuses = await generate_concept(ctx, job)
    assert set(statuses.values()) == {ContentStatus.COMPLETED}
    saved = {row.content_type: row for row in await rows(sessionmaker, job.roadmap_id)}
    assert set(saved) == {"tutorial", "resources", "quiz"}
    tutorial = Tutorial.model_validate(saved["tutorial"].body)
    assert "```" in tutorial.body_markdown and "```mermaid" in tutorial.body_markdown
    search_urls = {r.url for r in await search.search(search_query(job))}
    assert tutorial.sources and {s.url for s in tutorial.sources} <= search_urls
    resources = saved["resources"].body["resources"]  # type: ignore[index]
    assert 4 <= len(resources) <= 10
    assert {item["url"] for item in resources} <= search_urls  # links only from search results
    quiz = Quiz.model_validate(saved["quiz"].body)
    assert 4 <= len(quiz.questions) <= 8
    assert isinstance(ctx.publisher, MemoryPublisher)
    states = [(e.data["content_type"], e.data["state"]) for e in ctx.publisher.of_type(EventType.CONCEPT)]
    assert ("quiz", "completed") in states
    async with sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(job.task_id))
    assert task is not None and task.llm_calls == 3


async def test_one_failed_type_keeps_the_others(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    sim.configure(fault_roles=["quiz"], fault_rates={"invalid": 1.0})
    job = await make_job(sessionmaker)
    statuses = await generate_concept(make_ctx(llm, search, sessionmaker), job)
    assert statuses[ContentType.QUIZ] is ContentStatus.FAILED
    assert statuses[ContentType.TUTORIAL] is ContentStatus.COMPLETED
    saved = {row.content_type: row for row in await rows(sessionmaker, job.roadmap_id)}
    assert saved["quiz"].status == "failed"
    assert saved["quiz"].error is not None and "quiz" in saved["quiz"].error
    assert saved["tutorial"].status == "completed" and saved["tutorial"].body
    assert saved["resources"].status == "completed"


async def test_running_twice_leaves_one_row_per_type(
    llm: LLMClient, search: SearchClient, sim: Simulator, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    job = await make_job(sessionmaker)
    ctx = make_ctx(llm, search, sessionmaker)
    await generate_concept(ctx, job)
    await generate_concept(ctx, job)
    saved = await rows(sessionmaker, job.roadmap_id)
    assert sorted(row.content_type for row in saved) == ["quiz", "resources", "tutorial"]
    assert all(row.status == "completed" for row in saved)
