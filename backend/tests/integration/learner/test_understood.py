"""What Waymark understood, over HTTP with real workers: the intent it read is on the task;
a rejection can name a wrong assumption, which the next round's editor is told; and the
history of a three-round review shows each proposal, answer and what changed."""

from __future__ import annotations

import asyncio
import copy
import time
from typing import Any

import pytest

from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.integration.learner.conftest import Learner

pytestmark = pytest.mark.timeout(300)

PROFILE = {"technologies": [{"name": "Python", "level": "advanced"}], "weekly_hours": 6}


def concepts(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in framework["stages"] for m in s["modules"] for c in m["concepts"]]


async def next_round(learner: Learner, task_id: str, number: int) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while True:
        task = await learner.wait(task_id, {"awaiting_review", "failed"})
        if task["status"] == "failed" or task["review"]["round"] == number:
            assert task["status"] == "awaiting_review", task["error"]
            return task
        assert time.monotonic() < deadline, f"round {number} never came"
        await asyncio.sleep(0.2)


async def history(learner: Learner, task_id: str, decided: int) -> list[dict[str, Any]]:
    deadline = time.monotonic() + 120
    while True:
        response = await learner.call("GET", f"/api/v1/tasks/{task_id}/history")
        assert response.status_code == 200, response.text
        rounds: list[dict[str, Any]] = response.json()["rounds"]
        if sum(1 for r in rounds if r["decision"]) >= decided:
            return rounds
        assert time.monotonic() < deadline, f"{decided} decided rounds never showed: {rounds}"
        await asyncio.sleep(0.2)


async def test_the_intent_is_shown_and_a_three_round_review_has_its_history(
    platform: Platform, learner: Learner, other_learner: Learner, sim: Simulator
) -> None:
    assert (await learner.call("PUT", "/api/v1/me/profile", json=PROFILE)).status_code == 200
    task_id = await learner.create("Learn Rust for embedded work")
    first = await next_round(learner, task_id, 1)

    intent = first["intent"]
    assert intent["topic"] == "Rust" and intent["level"] == "beginner" and intent["goals"]
    assert "working knowledge of Python" in intent["assumed_knowledge"]  # read from the profile

    proposal = concepts(first["review"]["framework"])
    dropped, renamed = proposal[-1], proposal[1]
    too_long = await learner.review(task_id, decision="reject", feedback="x", wrong_assumption="y" * 501)
    assert too_long.status_code == 422 and "wrong_assumption" in too_long.text
    response = await learner.review(
        task_id,
        decision="reject",
        feedback=f"drop {dropped['concept_id']}; rename {renamed['concept_id']} to Borrowing, slowly",
        wrong_assumption="working knowledge of Python",
    )
    assert response.status_code == 202, response.text

    second = await next_round(learner, task_id, 2)
    [*_, editor] = sim.prompts("editor")
    assert "The learner says this assumption is wrong: working knowledge of Python" in editor[1]["content"]
    titles = [c["title"] for c in concepts(second["review"]["framework"])]
    assert titles[0] == "Foundations: working knowledge of Python"
    assert second["reviews"][0]["wrong_assumption"] == "working knowledge of Python"

    third_target = concepts(second["review"]["framework"])[2]
    feedback = f"rename {third_target['concept_id']} to Traits in practice"
    assert (await learner.review(task_id, decision="reject", feedback=feedback)).status_code == 202

    third = await next_round(learner, task_id, 3)
    edited = copy.deepcopy(third["review"]["framework"])
    removed = edited["stages"][-1]["modules"][-1]["concepts"].pop()  # nothing requires the last one
    response = await learner.review(task_id, decision="edit", framework=edited)
    assert response.status_code == 202, response.text

    rounds = await history(learner, task_id, decided=3)
    assert [(r["round"], r["decision"]) for r in rounds] == [(1, "reject"), (2, "reject"), (3, "edit")]
    one, two, three = (r["changes"] for r in rounds)
    assert one["added"] == ["Foundations: working knowledge of Python"]
    assert one["removed"] == [dropped["title"]]
    assert one["renamed"] == [
        {"concept_id": renamed["concept_id"], "before": renamed["title"], "after": "Borrowing, slowly"}
    ]
    assert rounds[0]["wrong_assumption"] == "working knowledge of Python"
    assert rounds[0]["proposal"] == first["review"]["framework"]
    assert two["renamed"][0]["after"] == "Traits in practice" and not two["added"] and not two["removed"]
    assert rounds[1]["feedback"] == feedback
    assert three == {"added": [], "removed": [removed["title"]], "renamed": []}
    assert rounds[2]["edit"] == edited

    stranger = await other_learner.call("GET", f"/api/v1/tasks/{task_id}/history")
    assert stranger.status_code == 404
    await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")
