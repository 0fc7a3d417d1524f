"""Ids are bounded to a URL-safe alphabet: a learner's edit with another id is refused, a
model's framework has its ids repaired (slugified, made unique) with prerequisites following."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from waymark.roadmaps.framework import ProposedFramework, RoadmapFramework, walk
from waymark.roadmaps.ids import SAFE_ID, repair_ids
from waymark.roadmaps.rules import validate_framework


def framework(concept_ids: list[Any], prerequisites: dict[int, list[Any]] | None = None) -> dict[str, Any]:
    concepts = [
        {"concept_id": cid, "title": f"Concept {n}", "estimated_hours": 1,
         "prerequisites": (prerequisites or {}).get(n, [])}
        for n, cid in enumerate(concept_ids)
    ]  # fmt: skip
    return {
        "title": "R", "total_estimated_hours": len(concepts), "recommended_weeks": 52,
        "stages": [{"stage_id": "Stage One", "title": "S", "order": 1, "modules": [
            {"module_id": "s1/m1", "title": "M", "concepts": concepts}]}],
    }  # fmt: skip


def ids(data: dict[str, Any]) -> list[str]:
    return [placed.concept_id for placed in walk(data)]


@pytest.mark.parametrize("bad", ["a/b", "A1", "-a", "_a", "a b", "a.b", "é", "", "x" * 65, "a\x00"])
def test_a_learners_id_outside_the_alphabet_is_refused(bad: str) -> None:
    assert SAFE_ID.match("c01-ownership_2") and not SAFE_ID.match(bad)
    for place in ("concept_id", "prerequisites"):
        data = framework(["a", "b"])
        concept = data["stages"][0]["modules"][0]["concepts"][1]
        concept[place] = [bad] if place == "prerequisites" else bad
        data["stages"][0]["stage_id"], data["stages"][0]["modules"][0]["module_id"] = "s1", "m1"
        with pytest.raises(ValidationError):
            RoadmapFramework.model_validate(data)


def test_a_models_ids_are_slugified_and_prerequisites_follow() -> None:
    written = framework(
        ["Ownership/Borrowing", "Ünïcöde Lifetimes", "///", "c4"],
        {1: ["Ownership/Borrowing"], 2: ["ünïcöde-lifetimes"], 3: ["///", "ghost/one"]},
    )
    repaired = ProposedFramework.model_validate(written).model_dump()
    assert ids(repaired) == ["ownership-borrowing", "unicode-lifetimes", "concept", "c4"]
    concepts = [placed.concept for placed in walk(repaired)]
    assert [c["prerequisites"] for c in concepts] == [
        [],
        ["ownership-borrowing"],
        ["unicode-lifetimes"],
        ["concept", "ghost-one"],
    ]
    assert (repaired["stages"][0]["stage_id"], repaired["stages"][0]["modules"][0]["module_id"]) == (
        "stage-one", "s1-m1",
    )  # fmt: skip
    codes = [i.code for i in validate_framework(repaired, 40)]
    assert codes == ["unknown_prerequisite"]  # a prerequisite that named nothing is left to the rules


def test_duplicate_ids_are_made_unique_and_valid_ids_are_kept() -> None:
    written = framework(["A/B", "x", "x", "a-b", "y"], {4: ["x", "A/B", "a-b"]})
    repaired = ProposedFramework.model_validate(written).model_dump()
    assert ids(repaired) == ["a-b-2", "x", "x-2", "a-b", "y"]  # valid ids keep their value
    assert next(p.concept for p in walk(repaired) if p.concept_id == "y")["prerequisites"] == [
        "x", "a-b-2", "a-b",
    ]  # fmt: skip
    assert repair_ids(repaired) == repaired  # nothing left to repair
    long = ProposedFramework.model_validate(framework(["a" * 70, "a" * 64])).model_dump()
    assert ids(long) == ["a" * 62 + "-2", "a" * 64]


def test_a_missing_id_is_made_from_the_title() -> None:
    written = framework(["c1", None])
    del written["stages"][0]["modules"][0]["concepts"][1]["concept_id"]
    assert ids(ProposedFramework.model_validate(written).model_dump()) == ["c1", "concept-1"]


@seed(20261203)
@settings(max_examples=200, deadline=None, database=None)
@given(st.lists(st.text(max_size=80), min_size=1, max_size=20), st.data())
def test_any_written_ids_become_a_valid_framework_with_the_same_links(written: list[str], data: Any) -> None:
    links = {n: [written[data.draw(st.integers(0, n - 1))]] for n in range(1, len(written))}
    repaired = ProposedFramework.model_validate(framework(copy.deepcopy(written), links)).model_dump()
    got = ids(repaired)
    assert len(set(got)) == len(got) and all(SAFE_ID.match(cid) for cid in got)
    concepts = [placed.concept for placed in walk(repaired)]
    for n, targets in links.items():  # each prerequisite names the first concept that had that id
        assert concepts[n]["prerequisites"] == [got[written.index(targets[0])]]
