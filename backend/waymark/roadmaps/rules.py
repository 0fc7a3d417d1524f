"""Deterministic structure rules of a roadmap framework (no LLM involved).

The same rules check a generated proposal (the workflow) and a learner's edit (the API: each
issue becomes a 422 whose ``loc`` points at the node). Every walk is iterative, so a
framework of any shape is checked in linear time without recursion.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel, Field

from waymark.roadmaps.framework import DEFAULT_MAX_CONCEPTS, PlacedConcept, concept_hours, walk
from waymark.roadmaps.titles import title_key

# The framework's total may differ from the sum of its concepts by this share.
HOURS_TOLERANCE = 0.15
# …and the plan may ask for at most this share more than weekly_hours × weeks.
BUDGET_TOLERANCE = 0.25

Loc = list[str | int]


class StructureIssue(BaseModel):
    code: str
    message: str
    location: str = Field(default="", description="the ids concerned, for people")
    loc: Loc = Field(default_factory=list, description="the path of the node inside the framework")


def _id_issues(framework: Mapping[str, Any]) -> Iterator[StructureIssue]:
    seen: dict[str, set[str]] = {"stage": set(), "module": set(), "concept": set()}

    def check(kind: str, value: str, loc: Loc) -> Iterator[StructureIssue]:
        if value in seen[kind]:
            yield StructureIssue(
                code=f"duplicate_{kind}_id",
                message=f"{kind} id {value!r} is used more than once",
                location=value,
                loc=[*loc, f"{kind}_id"],
            )
        seen[kind].add(value)

    for s, stage in enumerate(framework["stages"]):
        yield from check("stage", stage["stage_id"], ["stages", s])
        for m, module in enumerate(stage["modules"]):
            yield from check("module", module["module_id"], ["stages", s, "modules", m])
    for placed in walk(framework):
        yield from check("concept", placed.concept_id, list(placed.loc))


def _title_issues(framework: Mapping[str, Any], placed: list[PlacedConcept]) -> Iterator[StructureIssue]:
    """A concept title that repeats an earlier one of the roadmap, a module title that repeats
    an earlier one of its stage (``roadmaps/titles.py`` says when two titles are the same)."""
    first_concept: dict[frozenset[str], PlacedConcept] = {}
    for item in placed:
        earlier = first_concept.setdefault(title_key(str(item.concept["title"])), item)
        if earlier is not item:
            yield StructureIssue(
                code="duplicate_concept_title",
                message=f"concept title {item.concept['title']!r} repeats {earlier.concept['title']!r}",
                location=f"{item.concept_id} ~ {earlier.concept_id}",
                loc=[*item.loc, "title"],
            )
    for s, stage in enumerate(framework["stages"]):
        first_module: dict[frozenset[str], Mapping[str, Any]] = {}
        for m, module in enumerate(stage["modules"]):
            earlier_module = first_module.setdefault(title_key(str(module["title"])), module)
            if earlier_module is not module:
                yield StructureIssue(
                    code="duplicate_module_title",
                    message=f"module title {module['title']!r} repeats {earlier_module['title']!r} "
                    "in the same stage",
                    location=f"{module['module_id']} ~ {earlier_module['module_id']}",
                    loc=["stages", s, "modules", m, "title"],
                )


def _empty_issues(framework: Mapping[str, Any]) -> Iterator[StructureIssue]:
    for s, stage in enumerate(framework["stages"]):
        if not stage["modules"]:
            yield StructureIssue(
                code="empty_stage",
                message="stage has no modules",
                location=stage["stage_id"],
                loc=["stages", s, "modules"],
            )
        for m, module in enumerate(stage["modules"]):
            if not module["concepts"]:
                yield StructureIssue(
                    code="empty_module",
                    message="module has no concepts",
                    location=module["module_id"],
                    loc=["stages", s, "modules", m, "concepts"],
                )


def _prerequisite_issues(placed: list[PlacedConcept]) -> Iterator[StructureIssue]:
    position = {p.concept_id: p.position for p in placed}
    for item in placed:
        for index, prerequisite in enumerate(item.concept.get("prerequisites", [])):
            loc = [*item.loc, "prerequisites", index]
            where = f"{item.concept_id} -> {prerequisite}"
            if prerequisite not in position:
                code, message = "unknown_prerequisite", "prerequisite does not exist"
            elif prerequisite == item.concept_id:
                code, message = "self_prerequisite", "concept requires itself"
            elif position[prerequisite] > item.position:
                code, message = "prerequisite_not_earlier", "prerequisite comes later in the roadmap"
            else:
                continue
            yield StructureIssue(code=code, message=message, location=where, loc=loc)


def find_cycle(graph: Mapping[str, list[str]]) -> list[str] | None:
    """A cycle of the prerequisite graph as a path (first node repeated at the end), or None.
    Depth-first with an explicit stack: no recursion, whatever the chain length."""
    done: set[str] = set()
    for start in graph:
        if start in done:
            continue
        path: list[str] = [start]
        on_path = {start}
        pending = [iter(graph.get(start, []))]
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                pending.pop()
                node = path.pop()
                on_path.discard(node)
                done.add(node)
            elif nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                pending.append(iter(graph.get(nxt, [])))
    return None


def _cycle_issue(placed: list[PlacedConcept]) -> Iterator[StructureIssue]:
    known = {p.concept_id for p in placed}
    graph = {p.concept_id: [q for q in p.concept.get("prerequisites", []) if q in known] for p in placed}
    cycle = find_cycle(graph)
    if cycle:
        where = next(p for p in placed if p.concept_id == cycle[0])
        yield StructureIssue(
            code="prerequisite_cycle",
            message="prerequisites form a cycle",
            location=" -> ".join(cycle),
            loc=[*where.loc, "prerequisites"],
        )


def _hours_issues(framework: Mapping[str, Any], weekly_hours: float) -> Iterator[StructureIssue]:
    hours = concept_hours(framework)
    total = float(framework["total_estimated_hours"])
    weeks = int(framework["recommended_weeks"])
    if hours and abs(total - hours) > HOURS_TOLERANCE * hours:
        yield StructureIssue(
            code="hours_mismatch",
            message=f"total_estimated_hours {total:g} but concepts add up to {hours:g}",
            loc=["total_estimated_hours"],
        )
    budget = weekly_hours * weeks
    if weekly_hours > 0 and total > budget * (1 + BUDGET_TOLERANCE):
        yield StructureIssue(
            code="over_budget",
            message=f"{total:g} h does not fit {weekly_hours:g} h/week × {weeks} weeks = {budget:g} h",
            loc=["recommended_weeks"],
        )


def size_issues(count: int, max_concepts: int) -> list[StructureIssue]:
    if count <= max_concepts:
        return []
    return [
        StructureIssue(
            code="too_many_concepts",
            message=f"{count} concepts; a roadmap holds at most {max_concepts}",
            loc=["stages"],
        )
    ]


def validate_framework(
    framework: Mapping[str, Any], weekly_hours: float, *, max_concepts: int = DEFAULT_MAX_CONCEPTS
) -> list[StructureIssue]:
    """Every structural problem of a (schema-valid) framework; an empty list means valid."""
    placed = list(walk(framework))
    return [
        *size_issues(len(placed), max_concepts),
        *_id_issues(framework),
        *_title_issues(framework, placed),
        *_empty_issues(framework),
        *_prerequisite_issues(placed),
        *_cycle_issue(placed),
        *_hours_issues(framework, weekly_hours),
    ]
