"""Notes over HTTP: a learner writes, lists, edits and deletes notes on a roadmap or one of its
concepts; bounded; another learner's roadmap or note answers 404; notes reach the export."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import register_and_login
from tests.integration.mentor.conftest import Owner, framework_of, stored_roadmap

CONCEPTS = [
    {"concept_id": "ownership", "title": "Ownership", "estimated_hours": 2, "prerequisites": []},
    {"concept_id": "borrowing", "title": "Borrowing", "estimated_hours": 2, "prerequisites": ["ownership"]},
]


@pytest.fixture
async def roadmap(owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    return str(await stored_roadmap(sessionmaker, owner.id, framework_of(CONCEPTS)))


async def test_a_learner_keeps_notes_per_roadmap_and_concept(owner: Owner, roadmap: str) -> None:
    base = f"/api/v1/roadmaps/{roadmap}/notes"
    first = await owner.call(
        "POST", base, json={"body": "Moves **transfer** ownership.", "concept_id": "ownership"}
    )
    assert first.status_code == 201, first.text
    whole = await owner.call("POST", base, json={"body": "Review every Friday."})
    assert whole.status_code == 201 and whole.json()["concept_id"] is None

    listed = (await owner.call("GET", base)).json()["items"]
    assert [n["body"] for n in listed] == ["Moves **transfer** ownership.", "Review every Friday."]
    only = (await owner.call("GET", base, params={"concept_id": "ownership"})).json()["items"]
    assert [n["id"] for n in only] == [first.json()["id"]]

    note_id = first.json()["id"]
    edited = await owner.call(
        "PUT", f"{base}/{note_id}", json={"body": "Moves transfer ownership; copies do not."}
    )
    assert edited.status_code == 200 and edited.json()["body"].endswith("copies do not.")
    assert edited.json()["updated_at"] >= first.json()["updated_at"]

    markdown = (await owner.call("GET", f"/api/v1/roadmaps/{roadmap}/export")).text
    assert "**My notes**" in markdown and "copies do not." in markdown and "Review every Friday." in markdown
    exported = (
        await owner.call("GET", f"/api/v1/roadmaps/{roadmap}/export", params={"format": "json"})
    ).json()
    assert exported["notes"] == ["Review every Friday."]
    assert exported["concepts"][0]["notes"] == ["Moves transfer ownership; copies do not."]

    assert (await owner.call("DELETE", f"{base}/{note_id}")).status_code == 204
    assert (await owner.call("DELETE", f"{base}/{note_id}")).status_code == 404
    assert [n["body"] for n in (await owner.call("GET", base)).json()["items"]] == ["Review every Friday."]


async def test_notes_are_bounded(owner: Owner, roadmap: str) -> None:
    base = f"/api/v1/roadmaps/{roadmap}/notes"
    for body in ({"body": ""}, {"body": "   "}, {"body": "x" * 10_001}, {"body": "a\u0000b"},
                 {"body": "ok", "colour": "red"}):  # fmt: skip
        response = await owner.call("POST", base, json=body)
        assert response.status_code == 422, (body, response.text)
    unknown = await owner.call("POST", base, json={"body": "ok", "concept_id": "no-such-concept"})
    assert unknown.status_code == 404
    assert (await owner.call("GET", base)).json()["items"] == []


async def test_another_learners_roadmap_and_notes_answer_404(owner: Owner, roadmap: str) -> None:
    base = f"/api/v1/roadmaps/{roadmap}/notes"
    note_id = (await owner.call("POST", base, json={"body": "mine"})).json()["id"]
    stranger = await register_and_login(owner.http)

    async def as_stranger(method: str, path: str, **kwargs: object) -> int:
        return (await owner.http.request(method, path, headers=stranger, **kwargs)).status_code  # type: ignore[arg-type]

    assert await as_stranger("GET", base) == 404
    assert await as_stranger("POST", base, json={"body": "theirs"}) == 404
    assert await as_stranger("PUT", f"{base}/{note_id}", json={"body": "changed"}) == 404
    assert await as_stranger("DELETE", f"{base}/{note_id}") == 404
    missing = f"/api/v1/roadmaps/{roadmap}/notes/{uuid.uuid4()}"
    assert (await owner.call("PUT", missing, json={"body": "x"})).status_code == 404
    assert [n["body"] for n in (await owner.call("GET", base)).json()["items"]] == ["mine"]
