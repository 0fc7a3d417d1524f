"""The roadmap graph in-process: simulators over HTTP, a real Postgres checkpointer."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator, new_task
from waymark.db.engine import session_scope
from waymark.db.models import Concept, ReviewRecord, Roadmap, Task
from waymark.events.publisher import MemoryPublisher
from waymark.events.schema import EventType
from waymark.settings import Settings
from waymark.statuses import ReviewDecision
from waymark.tasks import service
from waymark.worker.sender import Job, MemorySender
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext


async def load(sessionmaker: async_sessionmaker[AsyncSession], task_id: str) -> Task:
    async with sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        return task


async def roadmap_of(
    sessionmaker: async_sessionmaker[AsyncSession], task_id: str
) -> tuple[Roadmap, list[Concept]]:
    async with sessionmaker() as session:
        roadmap = (
            await session.execute(select(Roadmap).where(Roadmap.task_id == uuid.UUID(task_id)))
        ).scalar_one()
        concepts = (
            await session.execute(
                select(Concept).where(Concept.roadmap_id == roadmap.id).order_by(Concept.position)
            )
        ).scalars()
        return roadmap, list(concepts)


async def test_a_run_stops_at_review(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker)
    result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "awaiting_review"
    task = await load(sessionmaker, task_id)
    assert (task.status, task.current_step) == ("awaiting_review", "human_review")
    assert task.llm_calls == 3 and task.prompt_tokens > 0
    state = await runner.read_state(sim_settings.db.psycopg_url, task_id)
    assert "Rust" in state["framework"]["title"]
    assert state["validation"]["valid"] is True
    assert isinstance(ctx.publisher, MemoryPublisher)
    assert len(ctx.publisher.of_type(EventType.REVIEW_REQUIRED)) == 1
    assert jobs.jobs == []
    assert (sim.calls("intent"), sim.calls("curriculum"), sim.calls("validator")) == (1, 1, 1)


async def test_approve_persists_the_roadmap_and_hands_off_once(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    url = sim_settings.db.psycopg_url
    task_id = await new_task(sessionmaker)
    await runner.start(ctx, url, task_id)
    result = await runner.resume_after_review(ctx, url, task_id, {"decision": "approve"})
    assert result.outcome == "handed_off"
    roadmap, concepts = await roadmap_of(sessionmaker, task_id)
    assert len(concepts) == 2 * 2 * 3  # the simulator's configured size
    task = await load(sessionmaker, task_id)
    assert task.roadmap_id == roadmap.id
    assert task.current_step == "content_generation_queued"
    assert jobs.jobs == [Job("content.generate_roadmap_content", (task_id,))]  # after the roadmap committed
    async with sessionmaker() as session:
        reviews = (
            await session.execute(select(ReviewRecord).where(ReviewRecord.task_id == task.id))
        ).scalars()
        assert [(r.round, r.decision) for r in reviews] == [(1, "approve")]
    assert sim.calls("editor") == 0


async def test_edit_replaces_the_framework_with_the_learners(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    url = sim_settings.db.psycopg_url
    task_id = await new_task(sessionmaker)
    await runner.start(ctx, url, task_id)
    framework = (await runner.read_state(url, task_id))["framework"]
    framework["stages"][0]["modules"][0]["concepts"][0]["title"] = "Ownership, my way"
    result = await runner.resume_after_review(ctx, url, task_id, {"decision": "edit", "framework": framework})
    assert result.outcome == "handed_off"
    roadmap, concepts = await roadmap_of(sessionmaker, task_id)
    assert concepts[0].title == "Ownership, my way"
    assert roadmap.framework["stages"][0]["modules"][0]["concepts"][0]["title"] == "Ownership, my way"
    assert sim.calls("editor") == 0 and sim.calls("curriculum") == 1


async def test_reject_with_feedback_revises_and_asks_again(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    url = sim_settings.db.psycopg_url
    task_id = await new_task(sessionmaker)
    await runner.start(ctx, url, task_id)
    feedback = "more hands-on projects with sensors"
    result = await runner.resume_after_review(ctx, url, task_id, {"decision": "reject", "feedback": feedback})
    assert result.outcome == "awaiting_review"
    state = await runner.read_state(url, task_id)
    assert feedback in state["framework"]["summary"]
    assert (sim.calls("editor"), sim.calls("validator")) == (1, 2)
    assert (await load(sessionmaker, task_id)).status == "awaiting_review"
    assert (
        await runner.resume_after_review(ctx, url, task_id, {"decision": "approve"})
    ).outcome == "handed_off"
    roadmap, _ = await roadmap_of(sessionmaker, task_id)
    assert feedback in roadmap.framework["summary"]


async def test_a_structurally_broken_design_is_edited_automatically(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(curriculum_defect=True)
    task_id = await new_task(sessionmaker)
    result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "awaiting_review"
    state = await runner.read_state(sim_settings.db.psycopg_url, task_id)
    assert state["validation"]["valid"] is True
    assert (sim.calls("editor"), sim.calls("validator"), state["edit_rounds"]) == (1, 2, 1)


async def test_skip_review_goes_straight_to_content(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker, skip_review=True)
    result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "handed_off"
    assert len(jobs.named("content.generate_roadmap_content")) == 1


async def test_persistent_llm_failure_fails_the_task_with_the_reason(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(fault_script=["invalid", "invalid"])
    task_id = await new_task(sessionmaker)
    result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "failed"
    task = await load(sessionmaker, task_id)
    assert task.status == "failed"
    assert task.error is not None and "intent" in task.error and "repair" in task.error
    assert isinstance(ctx.publisher, MemoryPublisher)
    assert ctx.publisher.of_type(EventType.FAILED)


async def test_a_cancelled_task_stops_at_the_next_node(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker)
    async with sessionmaker() as session, session.begin():
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        task.status = "cancelled"
    result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "stopped"
    assert sim.stats()["total_calls"] == 0


async def test_a_decision_that_lands_before_the_interrupt_is_checkpointed_is_not_lost(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    task_id = await new_task(sessionmaker)
    assert (await runner.start(ctx, sim_settings.db.psycopg_url, task_id)).outcome == "awaiting_review"
    async with session_scope(sessionmaker) as session:  # the learner approves at once…
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        await service.review(
            session,
            task,
            decision=ReviewDecision.APPROVE,
            framework=None,
            feedback=None,
            settings=sim_settings,
        )
    # …while the run that asked is still reaching its interrupt: it must not park the task again
    result = await runner.resume_from_checkpoint(ctx, sim_settings.db.psycopg_url, task_id)
    assert result.outcome == "review_pending"
    assert (await load(sessionmaker, task_id)).status == "running"
    decision = {"decision": "approve"}
    assert (
        await runner.resume_after_review(ctx, sim_settings.db.psycopg_url, task_id, decision)
    ).outcome == "handed_off"
