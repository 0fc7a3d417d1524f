"""A learner's whole path over HTTP against real workers: create → review (edit) → content →
completed, then reading, learning, exporting and sharing what was made."""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest

from tests.fixtures.sim import Simulator
from tests.integration.lifecycle.conftest import Learner

pytestmark = pytest.mark.timeout(240)


def concepts_of(framework: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in framework["stages"] for m in s["modules"] for c in m["concepts"]]


def keys_of(value: Any) -> set[str]:
    """Every key of every object inside a JSON document."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_of(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_of(item)}
    return set()


async def test_create_edit_review_content_and_exports_match_the_stored_roadmap(
    learner: Learner, sim: Simulator, http: httpx.AsyncClient
) -> None:
    task_id = await learner.create()
    waiting = await learner.wait(task_id, {"awaiting_review", "failed"})
    assert waiting["status"] == "awaiting_review"
    proposal = waiting["review"]["framework"]
    assert waiting["review"]["validation"]["valid"] in (True, False)
    estimate = waiting["estimate"]
    assert estimate["concepts"] == len(concepts_of(proposal)) == 12
    assert estimate["llm_calls"] >= 12 * 3 and estimate["cost_usd"] > 0

    edited = copy.deepcopy(proposal)
    first = concepts_of(edited)[0]
    first["title"] = "Blinking an LED without std"
    response = await learner.review(task_id, decision="edit", framework=edited)
    assert response.status_code == 202, response.text

    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    assert (done["status"], done["progress"], done["current_step"]) == ("completed", 100, "done")
    assert done["content"] == {"total": 36, "pending": 0, "generating": 0, "completed": 36, "failed": 0}
    assert done["estimate"] == estimate  # frozen at approval, shown beside the final usage
    assert done["usage"]["llm_calls"] > estimate["llm_calls"]  # the workflow's calls come on top
    assert done["review"] is None
    assert [(r["round"], r["decision"]) for r in done["reviews"]] == [(1, "edit")]

    roadmap = (await learner.call("GET", f"/api/v1/roadmaps/{done['roadmap_id']}")).json()
    assert roadmap["framework"] == edited
    assert roadmap["concepts"][0]["title"] == "Blinking an LED without std"
    assert all(c["content"]["quiz"]["status"] == "completed" for c in roadmap["concepts"])

    exported = await learner.call(
        "GET", f"/api/v1/roadmaps/{roadmap['id']}/export", params={"format": "json"}
    )
    assert exported.status_code == 200
    assert exported.json()["framework"] == roadmap["framework"]
    assert [c["concept_id"] for c in exported.json()["concepts"]] == [
        c["concept_id"] for c in roadmap["concepts"]
    ]
    markdown = (await learner.call("GET", f"/api/v1/roadmaps/{roadmap['id']}/export")).text
    assert markdown.startswith(f"# {edited['title']}\n")
    for concept in concepts_of(edited):
        assert f"#### {concept['title']}" in markdown
    assert '"answer"' not in exported.text


async def test_concept_quiz_progress_regenerate_and_share(
    learner: Learner, sim: Simulator, http: httpx.AsyncClient
) -> None:
    task_id = await learner.create(skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    assert done["status"] == "completed"
    roadmap_path = f"/api/v1/roadmaps/{done['roadmap_id']}"
    concept_id = (await learner.call("GET", roadmap_path)).json()["concepts"][0]["concept_id"]

    concept = (await learner.call("GET", f"{roadmap_path}/concepts/{concept_id}")).json()
    assert concept["tutorial"]["body"]["body_markdown"]
    assert 4 <= len(concept["resources"]["body"]["resources"]) <= 10
    questions = concept["quiz"]["body"]["questions"]
    assert questions and all("answer" not in q and "explanation" not in q for q in questions)

    attempt = await learner.call(
        "POST",
        f"{roadmap_path}/concepts/{concept_id}/quiz/attempts",
        json={"answers": {questions[0]["id"]: [0]}},
    )
    assert attempt.status_code == 201, attempt.text
    graded = attempt.json()
    assert graded["total"] == len(questions)
    assert graded["correct"] == sum(1 for r in graded["results"] if r["correct"])
    assert all(r["answer"] for r in graded["results"])  # the key comes with the graded attempt
    unknown = await learner.call(
        "POST", f"{roadmap_path}/concepts/{concept_id}/quiz/attempts", json={"answers": {"nope": [0]}}
    )
    assert unknown.status_code == 422

    progress = await learner.call(
        "PUT", f"{roadmap_path}/concepts/{concept_id}/progress", json={"completed": True}
    )
    assert progress.status_code == 200 and progress.json()["completed"] is True
    listed = (await learner.call("GET", "/api/v1/roadmaps")).json()
    mine = next(r for r in listed["items"] if r["id"] == done["roadmap_id"])
    assert mine["progress"]["completed"] == 1 and mine["progress"]["concepts"] == 12
    assert mine["weekly_hours"] == 6  # the learner's pace, for the plan of the week

    regen = await learner.call(
        "POST",
        f"{roadmap_path}/concepts/{concept_id}/regenerate",
        json={"content_types": ["tutorial"], "instructions": "More diagrams"},
    )
    assert regen.status_code == 202, regen.text
    assert (await learner.wait(regen.json()["task_id"], {"completed", "failed"}))["status"] == "completed"
    concept = (await learner.call("GET", f"{roadmap_path}/concepts/{concept_id}")).json()
    assert concept["tutorial"]["version"] == 2 and concept["quiz"]["version"] == 1
    assert concept["completed"] is True  # the learner's mark survives a regeneration
    versions = (await learner.call("GET", f"{roadmap_path}/concepts/{concept_id}/versions/tutorial")).json()
    assert [(v["version"], v["status"], v["instructions"]) for v in versions["items"]] == [
        (2, "completed", "More diagrams"),
        (1, "completed", None),
    ]
    assert all(v["body"]["body_markdown"] for v in versions["items"])  # both readable, to compare
    quizzes = (await learner.call("GET", f"{roadmap_path}/concepts/{concept_id}/versions/quiz")).json()
    assert quizzes["items"] and "answer" not in quizzes["items"][0]["body"]["questions"][0]

    shared = await learner.call("POST", f"{roadmap_path}/share")
    assert shared.status_code == 200
    assert (await learner.call("POST", f"{roadmap_path}/share")).json() == shared.json()  # same link
    public = await http.get(shared.json()["path"])  # no token
    assert public.status_code == 200
    me = (await learner.call("GET", "/api/v1/auth/me")).json()
    assert public.json()["title"] and "answer" not in public.text
    # nothing about the owner: no owner field, neither their id nor their email ("ownership",
    # a Rust concept, may well be in the text)
    assert not keys_of(public.json()) & {"owner", "owner_id", "user_id", "email"}
    assert me["id"] not in public.text and me["email"] not in public.text
    assert (await learner.call("DELETE", f"{roadmap_path}/share")).status_code == 204
    assert (await http.get(shared.json()["path"])).status_code == 404

    assert (await learner.call("DELETE", roadmap_path)).status_code == 204
    assert (await learner.call("GET", roadmap_path)).status_code == 404
