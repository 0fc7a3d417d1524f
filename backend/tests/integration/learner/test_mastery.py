"""The learner model over HTTP with real workers: mastery per concept from server-graded quiz
attempts (recent ones weigh more, one attempt held at 0.6), with its reasons and the
questions missed as evidence; the learner corrects it ("I know this", reset)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.integration.learner.conftest import Learner

pytestmark = pytest.mark.timeout(300)

# the simulator's quiz keys: option 0, or options 0 and 2 for a multiple-choice question
RIGHT = {"q1": [0], "q2": [0, 2], "q3": [0], "q4": [0], "q5": [0, 2]}


async def mastery(learner: Learner, roadmap_id: str, concept_id: str) -> dict[str, Any]:
    response = await learner.call("GET", f"/api/v1/roadmaps/{roadmap_id}/mastery")
    assert response.status_code == 200, response.text
    [item] = [i for i in response.json()["items"] if i["concept_id"] == concept_id]
    return item


async def test_mastery_follows_quiz_attempts_and_the_learners_corrections(
    platform: Platform, learner: Learner, other_learner: Learner, sim: Simulator
) -> None:
    task_id = await learner.create(skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    roadmap_id = done["roadmap_id"]
    base = f"/api/v1/roadmaps/{roadmap_id}"
    concept_id = (await learner.call("GET", base)).json()["concepts"][0]["concept_id"]

    before = await mastery(learner, roadmap_id, concept_id)
    assert (before["score"], before["mastered"], before["reasons"]) == (None, False, ["no quiz attempt yet"])

    async def attempt(answers: dict[str, list[int]]) -> dict[str, Any]:
        response = await learner.call(
            "POST", f"{base}/concepts/{concept_id}/quiz/attempts", json={"answers": answers}
        )
        assert response.status_code == 201, response.text
        return await mastery(learner, roadmap_id, concept_id)

    first = await attempt(RIGHT)  # all right, but one attempt proves little
    assert (first["score"], first["capped"], first["mastered"]) == (0.6, True, False)
    assert first["reasons"][0] == "5 of 5 on the last attempt"

    second = await attempt({**RIGHT, "q2": [1], "q4": [3]})  # 3 of 5
    assert second["score"] == pytest.approx((1 * 0.6 + 0.5 * 1.0) / 1.5, abs=1e-3)
    assert not second["mastered"] and not second["capped"]
    assert second["reasons"][:2] == ["3 of 5 on the last attempt", "2 attempts, the recent ones weigh more"]
    assert [q["question_id"] for q in second["missed"]] == ["q2", "q4"]
    assert second["missed"][0]["prompt"].startswith("Question 2 on ")

    third = await attempt(RIGHT)
    assert third["score"] == pytest.approx((1.0 + 0.5 * 0.6 + 0.25 * 1.0) / 1.75, abs=1e-3)
    assert third["mastered"] and third["missed"] == []

    corrections = f"{base}/concepts/{concept_id}/mastery"
    reset = await learner.call("PUT", corrections, json={"correction": "reset"})
    assert reset.status_code == 200, reset.text
    assert (reset.json()["score"], reset.json()["mastered"], reset.json()["corrected"]) == (
        None,
        False,
        "reset",
    )
    assert (await mastery(learner, roadmap_id, concept_id))["score"] is None

    other_concept = (await learner.call("GET", base)).json()["concepts"][1]["concept_id"]
    known = await learner.call(
        "PUT", f"{base}/concepts/{other_concept}/mastery", json={"correction": "known"}
    )
    assert known.status_code == 200
    assert (known.json()["score"], known.json()["mastered"], known.json()["source"]) == (
        1.0,
        True,
        "corrected",
    )
    assert known.json()["reasons"] == ["you marked this as known"]

    bad = await learner.call("PUT", corrections, json={"correction": "expert"})
    assert bad.status_code == 422
    assert (await other_learner.call("GET", f"{base}/mastery")).status_code == 404
    assert (await other_learner.call("PUT", corrections, json={"correction": "known"})).status_code == 404
