"""The placement check over HTTP with real workers: written by the assessor role, its keys
kept on the server until it is submitted, graded there; its result feeds the intent, and
the concepts it shows known are tested out — kept in the roadmap, no content generated for
them (unless the learner asks), and the estimate shows what that saves."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.integration.learner.conftest import Learner

pytestmark = pytest.mark.timeout(300)

GOAL = "Learn Rust for embedded work"


async def test_a_placement_check_tests_concepts_out_and_saves_their_content(
    platform: Platform, learner: Learner, other_learner: Learner, sim: Simulator
) -> None:
    created = await learner.call("POST", "/api/v1/placement", json={"goal": GOAL})
    assert created.status_code == 201, created.text
    check = created.json()
    questions = check["questions"]
    assert 8 <= len(questions) <= 12 and sim.calls("assessor") == 1
    assert all(set(q) == {"id", "concept", "type", "prompt", "options"} for q in questions)  # no key
    again = (await learner.call("GET", f"/api/v1/placement/{check['id']}")).json()
    assert "answer" not in str(again["questions"]) and again["result"] is None
    assert (await other_learner.call("GET", f"/api/v1/placement/{check['id']}")).status_code == 404

    concepts = list(dict.fromkeys(q["concept"] for q in questions))
    known = set(concepts[:2])
    answers = {q["id"]: [0] if q["concept"] in known else [1] for q in questions}
    graded = await learner.call("POST", f"/api/v1/placement/{check['id']}/answers", json={"answers": answers})
    assert graded.status_code == 200, graded.text
    result = graded.json()
    assert set(result["known_concepts"]) == known and set(result["gaps"]) == set(concepts[2:])
    assert result["verified_level"] == "beginner" and result["results"][0]["answer"] == [0]
    twice = await learner.call("POST", f"/api/v1/placement/{check['id']}/answers", json={"answers": answers})
    assert twice.status_code == 409

    # another learner cannot build on it
    body: dict[str, Any] = {"goal": GOAL, "preferences": {"weekly_hours": 6}, "placement_id": check["id"]}
    assert (await other_learner.call("POST", "/api/v1/tasks", json=body)).status_code == 404

    response = await learner.call("POST", "/api/v1/tasks", json=body)
    assert response.status_code == 202, response.text
    task_id = response.json()["task_id"]
    waiting = await learner.wait(task_id, {"awaiting_review", "failed"})
    assert waiting["status"] == "awaiting_review", waiting["error"]
    [*_, intent_call] = sim.prompts("intent")
    block = re.search(
        r"Placement check, graded by Waymark.*\n<<(LEARNER-DATA-[0-9a-f]+)>>\n(.*)\n<</\1>>",
        intent_call[1]["content"],
    )
    assert block and all(title in block.group(2) for title in known)

    estimate = waiting["estimate"]
    total = sum(len(m["concepts"]) for s in waiting["review"]["framework"]["stages"] for m in s["modules"])
    assert (estimate["tested_out"], estimate["concepts"]) == (2, total - 2)
    assert estimate["saved_cost_usd"] > 0

    assert (await learner.review(task_id, decision="approve")).status_code == 202
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    assert done["status"] == "completed", done["error"]
    assert done["content"]["total"] == (total - 2) * 3 == done["content"]["completed"]

    roadmap = (await learner.call("GET", f"/api/v1/roadmaps/{done['roadmap_id']}")).json()
    tested = [c for c in roadmap["concepts"] if c["tested_out"]]
    assert {c["title"] for c in tested} == known  # still in the roadmap, marked
    assert all(not c["content"] for c in tested)  # and nothing was generated for them
    assert all(c["content"] for c in roadmap["concepts"] if not c["tested_out"])
    assert sim.calls("tutorial") == total - 2

    mastery = (await learner.call("GET", f"/api/v1/roadmaps/{done['roadmap_id']}/mastery")).json()
    placed = [m for m in mastery["items"] if m["tested_out"]]
    assert [(m["source"], m["mastered"]) for m in placed] == [("placement", True)] * 2

    # the learner can still ask for a tested-out concept's content
    path = f"/api/v1/roadmaps/{done['roadmap_id']}/concepts/{tested[0]['concept_id']}"
    regenerate = await learner.call("POST", f"{path}/regenerate", json={"content_types": ["tutorial"]})
    assert regenerate.status_code == 202, regenerate.text
    await learner.wait(regenerate.json()["task_id"], {"completed", "failed"})
    assert (await learner.call("GET", path)).json()["tutorial"]["body"]
