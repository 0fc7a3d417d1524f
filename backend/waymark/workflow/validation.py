"""Deterministic structure checks of a roadmap framework (no LLM involved)."""

from __future__ import annotations

from pydantic import BaseModel

from waymark.workflow.schemas import RoadmapFramework

# The framework's total may differ from the sum of its concepts by this share.
HOURS_TOLERANCE = 0.15
# …and the plan may ask for at most this share more than weekly_hours × weeks.
BUDGET_TOLERANCE = 0.25


class StructureIssue(BaseModel):
    code: str
    message: str
    location: str = ""


def _duplicates(ids: list[str]) -> set[str]:
    seen: set[str] = set()
    return {i for i in ids if i in seen or seen.add(i)}  # type: ignore[func-returns-value]


def _id_issues(framework: RoadmapFramework) -> list[StructureIssue]:
    groups = {
        "stage": [s.stage_id for s in framework.stages],
        "module": [m.module_id for s in framework.stages for m in s.modules],
        "concept": [c.concept_id for c in framework.concepts()],
    }
    return [
        StructureIssue(
            code=f"duplicate_{kind}_id",
            message=f"{kind} id {dup!r} is used more than once",
            location=dup,
        )
        for kind, ids in groups.items()
        for dup in sorted(_duplicates(ids))
    ]


def _empty_issues(framework: RoadmapFramework) -> list[StructureIssue]:
    issues = []
    for stage in framework.stages:
        if not stage.modules:
            issues.append(
                StructureIssue(code="empty_stage", message="stage has no modules", location=stage.stage_id)
            )
        for module in stage.modules:
            if not module.concepts:
                issues.append(
                    StructureIssue(
                        code="empty_module",
                        message="module has no concepts",
                        location=module.module_id,
                    )
                )
    return issues


def _prerequisite_issues(framework: RoadmapFramework) -> list[StructureIssue]:
    concepts = framework.concepts()
    position = {c.concept_id: i for i, c in enumerate(concepts)}
    issues = []
    for index, concept in enumerate(concepts):
        for prerequisite in concept.prerequisites:
            where = f"{concept.concept_id} -> {prerequisite}"
            if prerequisite not in position:
                issues.append(
                    StructureIssue(
                        code="unknown_prerequisite",
                        message="prerequisite does not exist",
                        location=where,
                    )
                )
            elif prerequisite == concept.concept_id:
                issues.append(
                    StructureIssue(
                        code="self_prerequisite", message="concept requires itself", location=where
                    )
                )
            elif position[prerequisite] > index:
                issues.append(
                    StructureIssue(
                        code="prerequisite_not_earlier",
                        message="prerequisite comes later in the roadmap",
                        location=where,
                    )
                )
    cycle = _find_cycle({c.concept_id: [p for p in c.prerequisites if p in position] for c in concepts})
    if cycle:
        issues.append(
            StructureIssue(
                code="prerequisite_cycle",
                message="prerequisites form a cycle",
                location=" -> ".join(cycle),
            )
        )
    return issues


def _find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt] if nxt in path else [node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, nxt])):
                return found
        state[node] = 2
        return None

    for start in graph:
        if start not in state and (found := visit(start, [start])):
            return found
    return None


def _hours_issues(framework: RoadmapFramework, weekly_hours: float) -> list[StructureIssue]:
    issues = []
    concept_hours = sum(c.estimated_hours for c in framework.concepts())
    total = framework.total_estimated_hours
    if concept_hours and abs(total - concept_hours) > HOURS_TOLERANCE * concept_hours:
        issues.append(
            StructureIssue(
                code="hours_mismatch",
                message=f"total_estimated_hours {total:g} but concepts add up to {concept_hours:g}",
            )
        )
    budget = weekly_hours * framework.recommended_weeks
    if weekly_hours > 0 and total > budget * (1 + BUDGET_TOLERANCE):
        issues.append(
            StructureIssue(
                code="over_budget",
                message=(
                    f"{total:g} h does not fit {weekly_hours:g} h/week × "
                    f"{framework.recommended_weeks} weeks = {budget:g} h"
                ),
            )
        )
    return issues


def validate_framework(framework: RoadmapFramework, weekly_hours: float) -> list[StructureIssue]:
    """Every structural problem of the framework; an empty list means valid."""
    return [
        *_id_issues(framework),
        *_empty_issues(framework),
        *_prerequisite_issues(framework),
        *_hours_issues(framework, weekly_hours),
    ]
