"""No framework that breaks a structure rule reaches content, with or without review: the
automatic edit rounds repair what they can (repeated concepts and module names, a framework
over the concept limit), ids are repaired before anything is checked, a run with
``skip_review`` that is still invalid fails naming the rules, and an approve of an invalid
proposal is refused naming them. The graph runs in-process with the simulators over HTTP."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.owners import Owner, owner
from tests.fixtures.sim import Simulator, new_task
from waymark.db.engine import session_scope
from waymark.db.models import Concept, Roadmap, Task
from waymark.db.repositories.tasks import create_task
from waymark.events.publisher import MemoryPublisher
from waymark.events.schema import EventType
from waymark.roadmaps.framework import walk
from waymark.roadmaps.ids import slugify
from waymark.roadmaps.titles import title_key
from waymark.settings import Settings
from waymark.worker.sender import MemorySender
from waymark.workflow import runner
from waymark.workflow.context import WorkflowContext

__all__ = ["owner"]

CONTENT_JOB = "content.generate_roadmap_content"


async def load(sessionmaker: async_sessionmaker[AsyncSession], task_id: str) -> Task:
    async with sessionmaker() as session:
        task = await session.get(Task, uuid.UUID(task_id))
        assert task is not None
        return task


async def stored(sessionmaker: async_sessionmaker[AsyncSession], task_id: str) -> tuple[Roadmap | None, int]:
    """The task's roadmap (None if it was never built) and how many concept rows it has."""
    async with sessionmaker() as session:
        roadmap = await session.scalar(select(Roadmap).where(Roadmap.task_id == uuid.UUID(task_id)))
        if roadmap is None:
            return None, 0
        count = await session.scalar(select(func.count()).where(Concept.roadmap_id == roadmap.id))
        return roadmap, int(count or 0)


def issue_codes(ctx: WorkflowContext) -> list[list[str]]:
    """The structure issues each validation round reported."""
    assert isinstance(ctx.publisher, MemoryPublisher)
    return [[i["code"] for i in e.data["issues"]] for e in ctx.publisher.of_type(EventType.LOG)]


def repeats(titles: list[str]) -> list[str]:
    """The titles that repeat an earlier one (``roadmaps/titles.py`` says when)."""
    seen: set[frozenset[str]] = set()
    found = []
    for title in titles:
        if title_key(title) in seen:
            found.append(title)
        seen.add(title_key(title))
    return found


async def test_repeated_concepts_and_module_names_are_edited_away_before_review(
    ctx: WorkflowContext,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(curriculum_defects=["duplicate_titles", "duplicate_module_titles"])
    task_id = await new_task(sessionmaker)
    assert (await runner.start(ctx, sim_settings.db.psycopg_url, task_id)).outcome == "awaiting_review"

    first, second = issue_codes(ctx)
    assert {"duplicate_concept_title", "duplicate_module_title"} <= set(first) and second == []
    [edit_prompt] = sim.prompts("editor")
    assert "duplicate_concept_title" in edit_prompt[-1]["content"]  # the editor was told what to fix
    proposal = (await runner.read_state(sim_settings.db.psycopg_url, task_id))["framework"]
    assert repeats([p.concept["title"] for p in walk(proposal)]) == []
    for stage in proposal["stages"]:
        assert repeats([m["title"] for m in stage["modules"]]) == []


async def test_skip_review_repairs_a_framework_over_the_concept_limit_before_any_content(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(stages=10, modules=5, concepts=4)  # 200 concepts, 600 paid units
    task_id = await new_task(sessionmaker, skip_review=True)
    assert (await runner.start(ctx, sim_settings.db.psycopg_url, task_id)).outcome == "handed_off"

    assert "too_many_concepts" in issue_codes(ctx)[0]
    roadmap, concepts = await stored(sessionmaker, task_id)
    assert roadmap is not None and concepts == len(list(walk(roadmap.framework))) == 150
    assert len(jobs.named(CONTENT_JOB)) == 1


async def test_skip_review_fails_the_task_naming_the_rule_the_editor_could_not_repair(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    for problem, config in (
        ("too_many_concepts", {"stages": 10, "modules": 5, "concepts": 4}),
        ("prerequisite_not_earlier", {"curriculum_defect": True}),
    ):
        sim.reset()
        sim.configure(editor_repairs=False, **{"stages": 2, "modules": 2, "concepts": 3, **config})
        task_id = await new_task(sessionmaker, skip_review=True)
        result = await runner.start(ctx, sim_settings.db.psycopg_url, task_id)

        assert result.outcome == "failed", problem
        task = await load(sessionmaker, task_id)
        assert task.status == "failed" and task.error is not None
        assert problem in task.error and "skip_review" in task.error
        assert sim.calls("editor") == 3  # the automatic rounds were tried first
        assert await stored(sessionmaker, task_id) == (None, 0)  # nothing built, nothing paid for
    assert jobs.named(CONTENT_JOB) == []


async def test_duplicate_concept_ids_are_repaired_before_validation(
    ctx: WorkflowContext,
    jobs: MemorySender,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(curriculum_defects=["duplicate_ids"], editor_repairs=False)
    task_id = await new_task(sessionmaker, skip_review=True)
    assert (await runner.start(ctx, sim_settings.db.psycopg_url, task_id)).outcome == "handed_off"

    roadmap, concepts = await stored(sessionmaker, task_id)  # the upsert of concept rows once crashed
    assert roadmap is not None
    ids = [placed.concept_id for placed in walk(roadmap.framework)]
    assert concepts == len(set(ids)) == 12
    assert ids[-1] == f"{ids[0]}-2"  # the second holder of an id gets a suffix
    assert issue_codes(ctx) == [[]] and sim.calls("editor") == 0  # no paid round to fix an id


async def owned_task(
    sessionmaker: async_sessionmaker[AsyncSession], owner_id: uuid.UUID, **prefs: Any
) -> str:
    async with session_scope(sessionmaker) as session:
        preferences = {"level": "beginner", "weekly_hours": 6, **prefs}
        task = await create_task(
            session, owner_id=owner_id, goal="Learn Rust for embedded work", preferences=preferences
        )
        return str(task.id)


async def test_every_concept_a_model_named_with_a_slash_is_reachable_by_its_repaired_id(
    ctx: WorkflowContext,
    owner: Owner,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(curriculum_defects=["unsafe_ids"])  # ids like "Rust Foundations/Rust: ownership"
    task_id = await owned_task(sessionmaker, owner.id, skip_review=True)
    assert (await runner.start(ctx, sim_settings.db.psycopg_url, task_id)).outcome == "handed_off"

    roadmap, _ = await stored(sessionmaker, task_id)
    assert roadmap is not None
    placed = list(walk(roadmap.framework))
    assert [p.concept_id for p in placed] == [
        slugify(f"{p.stage['title']}/{p.concept['title']}") for p in placed
    ]
    for item in placed:
        response = await owner.call("GET", f"/api/v1/roadmaps/{roadmap.id}/concepts/{item.concept_id}")
        assert response.status_code == 200, (item.concept_id, response.text)
    second = placed[1].concept
    assert second["prerequisites"] == [placed[0].concept_id]  # still pointing at the concept before


async def test_approving_a_proposal_that_breaks_a_rule_is_refused_naming_it(
    ctx: WorkflowContext,
    owner: Owner,
    sim: Simulator,
    sim_settings: Settings,
    sessionmaker: async_sessionmaker[AsyncSession],
) -> None:
    sim.configure(curriculum_defect=True, editor_repairs=False)  # the first concept requires the last
    task_id = await owned_task(sessionmaker, owner.id)
    url = sim_settings.db.psycopg_url
    assert (await runner.start(ctx, url, task_id)).outcome == "awaiting_review"

    response = await owner.call("POST", f"/api/v1/tasks/{task_id}/review", json={"decision": "approve"})
    assert response.status_code == 409, response.text
    assert "prerequisite_not_earlier" in response.json()["detail"] and "edit" in response.json()["detail"]
    assert (await load(sessionmaker, task_id)).status == "awaiting_review"  # the learner can edit or reject

    # an approve that reached the graph another way is not built either: the review is asked again
    resumed = await runner.resume_after_review(ctx, url, task_id, {"decision": "approve"})
    assert resumed.outcome == "awaiting_review"
    assert await stored(sessionmaker, task_id) == (None, 0)

    proposal = (await runner.read_state(url, task_id))["framework"]
    first = proposal["stages"][0]["modules"][0]["concepts"][0]
    first["prerequisites"] = []
    edited = await owner.call(
        "POST", f"/api/v1/tasks/{task_id}/review", json={"decision": "edit", "framework": proposal}
    )
    assert edited.status_code == 202, edited.text
