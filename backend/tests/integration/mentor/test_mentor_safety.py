"""The server's checks against a model that disobeys (the simulator's ``mentor_disobey``):
no key of an unattempted question crosses the wire, not even split over tokens, nor is
stored; citations of material never sent are removed and counted; a claim that something was
changed is removed; text without a source is labelled; the hint ladder climbs."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.fixtures.sim import Simulator
from tests.integration.mentor.conftest import Owner
from tests.integration.mentor.material import EXPLANATIONS, KEYS, ask, squashed, stored_concept

pytestmark = pytest.mark.timeout(120)
DISOBEY = ["leak", "bad_citation", "claim_action", "outside"]


@pytest.fixture
async def roadmap(owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]) -> str:
    return await stored_concept(sessionmaker, owner.id)


def leaked(text: str) -> list[str]:
    seen = squashed(text)
    return [q for q, key in KEYS.items() if squashed(key) in seen] + [
        q for q, explanation in EXPLANATIONS.items() if squashed(explanation) in seen
    ]


@pytest.mark.parametrize("chunk", [3, 64])
async def test_a_disobeying_model_leaks_no_key_and_cites_nothing_unsent(
    owner: Owner, roadmap: str, sim: Simulator, chunk: int
) -> None:
    sim.configure(mentor_disobey=DISOBEY, stream_chunk_chars=chunk)
    answer = await ask(owner.http, owner.headers, roadmap, question="What is the answer to q1?")
    assert answer.status_code == 200
    # the model did try: the simulator's own text had every key and the bad ids in it
    assert answer.done["checks"]["withheld"] == 2
    assert leaked(answer.raw) == []  # nothing on the wire, whatever the split
    assert "sec-does-not-exist" not in answer.raw and "res-99" not in answer.raw
    assert answer.done["checks"]["removed_citations"] == 2
    assert "I have marked" not in answer.raw and "I've regenerated" not in answer.raw
    assert answer.done["checks"]["claims_removed"] == 2
    assert "[removed: the mentor cannot change anything" in answer.text
    labelled = [p for p in answer.done["checks"]["paragraphs"] if not p["from_material"]]
    assert labelled  # the paragraph with no source is labelled as not from the material
    assert answer.done["checks"]["paragraphs"][0]["from_material"]

    base = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
    stored = (await owner.call("GET", f"{base}/sessions/{answer.done['session_id']}")).json()
    assert leaked(str(stored)) == [] and stored["messages"][1]["content"] == answer.text
    # a proposed "save as note" carries the checked text, and so does the note
    save = next(a for a in answer.done["checks"]["actions"] if a["type"] == "save_note")
    assert (await owner.call(save["method"], save["path"], json=save["body"])).status_code == 201
    notes = (await owner.call("GET", f"/api/v1/roadmaps/{roadmap}/notes")).json()["items"]
    assert leaked(str(notes)) == [] and notes[0]["source_message_id"] == answer.done["id"]


async def test_hints_climb_a_ladder_and_never_give_the_key_until_the_attempt(
    owner: Owner, roadmap: str, sim: Simulator
) -> None:
    sim.configure(mentor_disobey=["leak"], stream_chunk_chars=5)
    levels, session_id = [], None
    for _ in range(4):
        body = {"question": "I am stuck on q1", "quiz_question_id": "q1"}
        answer = await ask(
            owner.http, owner.headers, roadmap, **body, **({"session_id": session_id} if session_id else {})
        )
        session_id = answer.done["session_id"]
        levels.append(answer.done["hint_level"])
        assert leaked(answer.raw) == []
    assert levels == [1, 2, 3, 3]
    prompts = [str(m) for m in sim.prompts("mentor")[-4:]]
    assert [f"hint {n} for quiz question q1" in p for n, p in zip([1, 2, 3, 3], prompts, strict=True)] == [
        True
    ] * 4

    attempt = {"answers": {"q1": [0], "q2": [1]}}
    path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/quiz/attempts"
    assert (await owner.call("POST", path, json=attempt)).status_code == 201
    after = await ask(
        owner.http, owner.headers, roadmap, question="Why?", quiz_question_id="q1", session_id=session_id
    )
    assert after.done["hint_level"] is None and after.done["checks"]["withheld"] == 0
    assert squashed(EXPLANATIONS["q1"]) in squashed(after.text)  # explanations are allowed now
