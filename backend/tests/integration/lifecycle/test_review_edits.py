"""A learner's edit at review is checked by the same structure rules as a proposal: each
problem is a 422 whose loc points at the node; no shape of framework gives a 500."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.fixtures.sim import Simulator
from tests.integration.lifecycle.conftest import Learner

pytestmark = pytest.mark.timeout(240)


def chain_framework(length: int) -> dict[str, Any]:
    """``length`` concepts, each requiring the one before: a deep prerequisite chain."""
    concepts = [
        {"concept_id": f"c{n}", "title": f"Step {n}", "estimated_hours": 1,
         "prerequisites": [f"c{n - 1}"] if n else []}
        for n in range(length)
    ]  # fmt: skip
    modules = [
        {"module_id": f"m{n}", "title": "M", "concepts": concepts[n * 20 : n * 20 + 20]}
        for n in range((length + 19) // 20)
    ]
    stages = [
        {"stage_id": f"s{n}", "title": "S", "order": n, "modules": modules[n * 12 : n * 12 + 12]}
        for n in range((len(modules) + 11) // 12)
    ]
    return {"title": "Chain", "total_estimated_hours": length, "recommended_weeks": 520, "stages": stages}


async def test_edits_are_refused_with_the_path_of_each_problem(learner: Learner, sim: Simulator) -> None:
    task_id = await learner.create()
    waiting = await learner.wait(task_id, {"awaiting_review", "failed"})
    assert waiting["status"] == "awaiting_review"

    broken = copy.deepcopy(waiting["review"]["framework"])
    broken["stages"][0]["modules"][0]["concepts"][1]["prerequisites"] = ["ghost"]
    response = await learner.review(task_id, decision="edit", framework=broken)
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["type"] == "unknown_prerequisite"
    assert issue["loc"] == ["body", "framework", "stages", 0, "modules", 0, "concepts", 1, "prerequisites", 0]

    for length in (151, 1000, 2400):  # over the concept limit; the chain once gave a RecursionError
        response = await learner.review(task_id, decision="edit", framework=chain_framework(length))
        assert response.status_code == 422, (length, response.status_code, response.text[:300])
        assert "too_many_concepts" in {i["type"] for i in response.json()["detail"]}

    assert (await learner.task(task_id))["status"] == "awaiting_review"  # nothing was lost

    shorter = copy.deepcopy(waiting["review"]["framework"])
    del shorter["stages"][-1]["modules"][-1]["concepts"][-1]  # later concepts never require it
    assert (await learner.review(task_id, decision="edit", framework=shorter)).status_code == 202
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    # the frozen estimate prices what the learner approved (the edit), not the proposal
    assert (done["estimate"]["concepts"], waiting["estimate"]["concepts"]) == (11, 12)
    assert done["content"]["total"] == 11 * 3
