"""One broken framework per structural rule; the validator names each problem and points
at its node; any shape of framework is checked without recursion."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from waymark.roadmaps.framework import RoadmapFramework
from waymark.roadmaps.rules import StructureIssue, find_cycle, validate_framework


def concept(cid: str, hours: float = 2, prerequisites: list[str] | None = None) -> dict[str, Any]:
    return {
        "concept_id": cid,
        "title": cid.upper(),
        "estimated_hours": hours,
        "prerequisites": prerequisites or [],
    }


def valid() -> dict[str, Any]:
    return {
        "title": "Rust roadmap",
        "total_estimated_hours": 8,
        "recommended_weeks": 2,
        "stages": [
            {"stage_id": "s1", "title": "Basics", "order": 1, "modules": [
                {"module_id": "m1", "title": "Start",
                 "concepts": [concept("a"), concept("b", prerequisites=["a"])]},
            ]},
            {"stage_id": "s2", "title": "More", "order": 2, "modules": [
                {"module_id": "m2", "title": "Next",
                 "concepts": [concept("c", prerequisites=["a", "b"]), concept("d")]},
            ]},
        ],
    }  # fmt: skip


def check(data: dict[str, Any], weekly_hours: float = 6, max_concepts: int = 150) -> list[StructureIssue]:
    framework = RoadmapFramework.model_validate(data).model_dump()
    return validate_framework(framework, weekly_hours, max_concepts=max_concepts)


def codes(data: dict[str, Any], weekly_hours: float = 6) -> list[str]:
    return [issue.code for issue in check(data, weekly_hours)]


def test_a_sound_framework_has_no_issues() -> None:
    assert codes(valid()) == []


def _modules(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for s in data["stages"] for m in s["modules"]]


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda d: d["stages"][1].update(stage_id="s1"), "duplicate_stage_id"),
        (lambda d: _modules(d)[1].update(module_id="m1"), "duplicate_module_id"),
        (lambda d: _modules(d)[1]["concepts"][1].update(concept_id="a"), "duplicate_concept_id"),
        (lambda d: _modules(d)[0]["concepts"][1].update(prerequisites=["zz"]), "unknown_prerequisite"),
        (lambda d: _modules(d)[0]["concepts"][0].update(prerequisites=["a"]), "self_prerequisite"),
        (lambda d: _modules(d)[0]["concepts"][0].update(prerequisites=["d"]), "prerequisite_not_earlier"),
        (lambda d: _modules(d)[0]["concepts"][0].update(prerequisites=["b"]), "prerequisite_cycle"),
        (lambda d: d["stages"][1].update(modules=[]), "empty_stage"),
        (lambda d: _modules(d)[1].update(concepts=[]), "empty_module"),
        (lambda d: d.update(total_estimated_hours=20), "hours_mismatch"),
        (lambda d: _modules(d)[1]["concepts"][1].update(title="A"), "duplicate_concept_title"),
    ],
)
def test_each_rule_catches_its_breakage(break_it: Any, expected: str) -> None:
    data = copy.deepcopy(valid())
    break_it(data)
    assert expected in codes(data)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rust: macros", "Rust: macros"),
        ("Rust: macros", "rust —  MACROS!"),  # case, punctuation and spacing
        ("Rust: macros", "Macros in Rust"),  # word order and stop words
        ("Rust: macro", "Rust: macros"),  # a plural
        ("Error handling with Result", "Result error-handling"),
    ],
)
def test_a_concept_title_that_repeats_another_is_an_issue_at_the_second(first: str, second: str) -> None:
    data = valid()
    _modules(data)[0]["concepts"][0]["title"] = first
    _modules(data)[1]["concepts"][1]["title"] = second
    [issue] = check(data)
    assert issue.code == "duplicate_concept_title"
    assert (issue.location, issue.loc) == ("d ~ a", ["stages", 1, "modules", 0, "concepts", 1, "title"])


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Rust: declarative macros", "Rust: procedural macros"),
        ("Ownership", "Ownership in practice"),
        ("Part 1", "Part 2"),
        ("Traits", "Trait objects"),
    ],
)
def test_titles_with_a_word_of_their_own_are_distinct(first: str, second: str) -> None:
    data = valid()
    _modules(data)[0]["concepts"][0]["title"] = first
    _modules(data)[1]["concepts"][1]["title"] = second
    assert check(data) == []


def test_module_titles_must_differ_within_a_stage_only() -> None:
    data = valid()
    data["stages"][1]["modules"][0]["title"] = "Start"  # the same as stage 1's module: allowed
    assert check(data) == []
    data["stages"][1]["modules"].append(
        {"module_id": "m3", "title": "the  NEXT", "concepts": [concept("e", hours=0.5)]}
    )
    data["stages"][1]["modules"][0]["title"] = "Next"
    [issue] = check(data)
    assert (issue.code, issue.location) == ("duplicate_module_title", "m3 ~ m2")
    assert issue.loc == ["stages", 1, "modules", 1, "title"]


def test_over_budget_for_the_learners_weekly_hours() -> None:
    data = valid()
    data["recommended_weeks"] = 1
    assert "over_budget" in codes(data, weekly_hours=2)  # 8 h into 1 week × 2 h
    assert "over_budget" not in codes(data, weekly_hours=8)


def test_issue_locations_name_the_offending_ids() -> None:
    data = valid()
    _modules(data)[0]["concepts"][1]["prerequisites"] = ["ghost"]
    [issue] = check(data)
    assert issue.location == "b -> ghost"
    assert issue.loc == ["stages", 0, "modules", 0, "concepts", 1, "prerequisites", 0]


def test_a_duplicate_id_points_at_its_second_use() -> None:
    data = valid()
    _modules(data)[1]["concepts"][1]["concept_id"] = "a"
    [issue] = [i for i in check(data) if i.code == "duplicate_concept_id"]
    assert issue.loc == ["stages", 1, "modules", 0, "concepts", 1, "concept_id"]


def chain(length: int, *, cyclic: bool = False) -> dict[str, Any]:
    """One module per 20 concepts, each concept requiring the one before it."""
    ids = [f"c{n}" for n in range(length)]
    concepts = [
        concept(cid, 1, [ids[n - 1]] if n else ([ids[-1]] if cyclic else [])) for n, cid in enumerate(ids)
    ]
    modules = [
        {"module_id": f"m{n}", "title": f"M{n}", "concepts": concepts[n * 20 : n * 20 + 20]}
        for n in range((length + 19) // 20)
    ]
    stages = [
        {"stage_id": f"s{n}", "title": f"S{n}", "order": n, "modules": modules[n * 12 : n * 12 + 12]}
        for n in range((len(modules) + 11) // 12)
    ]
    return {"title": "Chain", "total_estimated_hours": length, "recommended_weeks": 520, "stages": stages}


def test_a_prerequisite_chain_of_two_thousand_concepts_is_checked_without_recursion() -> None:
    assert check(chain(2000), 40, max_concepts=2400) == []  # the old recursive walk hit RecursionError
    cyclic = [i.code for i in check(chain(2000, cyclic=True), 40, max_concepts=2400)]
    assert "prerequisite_cycle" in cyclic and "prerequisite_not_earlier" in cyclic


def test_find_cycle_returns_the_loop_as_a_path() -> None:
    assert find_cycle({"a": ["b"], "b": ["c"], "c": ["a"]}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": [], "b": ["a"], "c": ["a", "b"]}) is None


def test_more_concepts_than_the_limit_is_an_issue_at_the_top() -> None:
    [issue] = check(chain(151), weekly_hours=40)
    assert (issue.code, issue.loc) == ("too_many_concepts", ["stages"])
    assert "151 concepts" in issue.message
    assert check(chain(150), weekly_hours=40) == []
