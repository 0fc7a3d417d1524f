"""One broken framework per structural rule; the validator names each problem."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from waymark.workflow.schemas import RoadmapFramework
from waymark.workflow.validation import validate_framework


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


def codes(data: dict[str, Any], weekly_hours: float = 6) -> list[str]:
    return [issue.code for issue in validate_framework(RoadmapFramework.model_validate(data), weekly_hours)]


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
    ],
)
def test_each_rule_catches_its_breakage(break_it: Any, expected: str) -> None:
    data = copy.deepcopy(valid())
    break_it(data)
    assert expected in codes(data)


def test_over_budget_for_the_learners_weekly_hours() -> None:
    data = valid()
    data["recommended_weeks"] = 1
    assert "over_budget" in codes(data, weekly_hours=2)  # 8 h into 1 week × 2 h
    assert "over_budget" not in codes(data, weekly_hours=8)


def test_issue_locations_name_the_offending_ids() -> None:
    data = valid()
    _modules(data)[0]["concepts"][1]["prerequisites"] = ["ghost"]
    [issue] = validate_framework(RoadmapFramework.model_validate(data), 6)
    assert issue.location == "b -> ghost"
