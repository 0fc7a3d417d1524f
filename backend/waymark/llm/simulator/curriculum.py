"""The simulator's roadmaps: the curriculum design (every concept and module distinct, as a
real roadmap), defects on demand, the validator's review, and the editor's repairs — each
repair answers an issue the editor's prompt lists, as a model following it would."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, Literal

from waymark.llm.simulator.content import (
    embedded_json,
    focus_of,
    learner_from,
    slug,
    stable_int,
    topic_of,
    weekly_hours,
)
from waymark.llm.simulator.topics import STAGE_NAMES, aspect, syllabus_for

Defect = Literal["cycle", "duplicate_ids", "unsafe_ids", "duplicate_titles", "duplicate_module_titles"]
MAX_WEEKS = 520  # RoadmapFramework's bound


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _module_title(subjects: list[str]) -> str:
    return _capitalised(subjects[0]) if len(subjects) == 1 else f"From {subjects[0]} to {subjects[-1]}"


def framework(prompt: str, *, stages: int, modules: int, concepts: int) -> dict[str, Any]:
    goal, prefs = learner_from(prompt)
    topic, focus = topic_of(goal), focus_of(goal)
    syllabus = syllabus_for(topic)
    built, total, index, previous = [], 0.0, 0, None
    for s in range(stages):
        stage_modules = []
        for m in range(modules):
            module_concepts, subjects = [], []
            for _ in range(concepts):
                subject = aspect(syllabus, index)
                cid = f"c{index + 1:02d}-{slug(subject)[:24].rstrip('-')}"
                hours = 1.5 + (stable_int(f"{goal}{index}") % 4) * 0.5
                total += hours
                module_concepts.append({
                    "concept_id": cid,
                    "title": f"{topic}: {subject}" + (f" ({focus})" if focus and index % 5 == 4 else ""),
                    "description": f"What {subject} means in {topic} and how to use it.",
                    "estimated_hours": hours,
                    "difficulty": ("easy", "medium", "hard")[min(2, s * 3 // max(1, stages))],
                    "prerequisites": [previous] if previous else [],
                    "keywords": [topic.lower(), *subject.lower().split()[:3]],
                })  # fmt: skip
                subjects.append(subject)
                previous, index = cid, index + 1
            stage_modules.append({
                "module_id": f"s{s + 1}m{m + 1}",
                "title": _module_title(subjects),
                "description": f"Module {m + 1} of stage {s + 1}: {subjects[0]} onwards.",
                "concepts": module_concepts,
            })  # fmt: skip
        name = STAGE_NAMES[s % len(STAGE_NAMES)]
        built.append({
            "stage_id": f"s{s + 1}",
            "title": f"{topic} {name}",
            "description": f"Stage {s + 1}: {name.lower()} of {topic}.",
            "order": s + 1,
            "modules": stage_modules,
        })  # fmt: skip
    return {
        "title": f"{topic} roadmap" + (f" for {focus}" if focus else ""),
        "summary": f"A {stages}-stage path from first steps to confident {topic} work.",
        "total_estimated_hours": round(total, 2),
        "recommended_weeks": min(MAX_WEEKS, max(1, math.ceil(total / weekly_hours(prefs)))),
        "stages": built,
    }


def _concepts(roadmap: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for s in roadmap["stages"] for m in s["modules"] for c in m["concepts"]]


def with_defects(roadmap: dict[str, Any], defects: Iterable[Defect]) -> dict[str, Any]:
    """Structural flaws for the checks to find, as a careless model writes them."""
    concepts, wanted = _concepts(roadmap), set(defects)
    if "cycle" in wanted:  # the first concept requires the last
        concepts[0]["prerequisites"] = [concepts[-1]["concept_id"]]
    if "duplicate_titles" in wanted:  # every module repeats the first module's concepts
        first = roadmap["stages"][0]["modules"][0]["concepts"]
        for n, concept in enumerate(concepts[len(first) :]):
            concept["title"] = first[n % len(first)]["title"]
    if "duplicate_module_titles" in wanted:  # every stage's modules share one name
        for stage in roadmap["stages"]:
            for module in stage["modules"]:
                module["title"] = f"Essentials of {stage['title']}"
    if "duplicate_ids" in wanted:  # the last concept (nothing requires it) reuses the first id
        concepts[-1]["concept_id"] = concepts[0]["concept_id"]
    if "unsafe_ids" in wanted:  # ids written as "stage title/concept title"
        renamed = {}
        for stage in roadmap["stages"]:
            for module in stage["modules"]:
                for concept in module["concepts"]:
                    renamed[concept["concept_id"]] = f"{stage['title']}/{concept['title']}"
                    concept["concept_id"] = renamed[concept["concept_id"]]
        for concept in concepts:
            concept["prerequisites"] = [renamed.get(p, p) for p in concept["prerequisites"]]
    return roadmap


def quality_review(prompt: str) -> dict[str, Any]:
    issues = embedded_json(prompt, "Structural problems found by automatic checks") or []
    score = 8.5 if not issues else 5.0
    return {
        "scores": {"coverage": score, "progression": score, "granularity": 8.0, "clarity": 8.0},
        "overall": score,
        "issues": [issue.get("message", "") for issue in issues][:20],
        "passed": not issues,
    }


def _node(roadmap: dict[str, Any], loc: list[Any]) -> Any:
    node: Any = roadmap
    for step in loc:
        node = node[step]
    return node


def _drop_repeated_concepts(roadmap: dict[str, Any], issues: list[dict[str, Any]]) -> None:
    """A concept whose title repeats an earlier one goes (the later one, as the issue says)."""
    places = [tuple(i["loc"][1:6:2]) for i in issues if i.get("code") == "duplicate_concept_title"]
    for s, m, c in sorted(places, reverse=True):  # the last first: earlier indexes stay right
        del roadmap["stages"][s]["modules"][m]["concepts"][c]


def _rename_repeated_modules(roadmap: dict[str, Any], issues: list[dict[str, Any]]) -> None:
    """A module named like another of its stage is named after its own concepts."""
    for issue in issues:
        if issue.get("code") == "duplicate_module_title":
            module = _node(roadmap, issue["loc"][:4])
            titles = [re.sub(r"^[^:]*:\s*", "", c["title"]) for c in module["concepts"]] or [module["title"]]
            module["title"] = _module_title(titles) if len(titles) > 1 else f"{titles[0]} in depth"


def _trim_to_limit(roadmap: dict[str, Any], issues: list[dict[str, Any]]) -> None:
    """Over the concept limit: the concepts past it (in reading order) go."""
    for issue in issues:
        limit = re.search(r"at most (\d+)", str(issue.get("message", "")))
        if issue.get("code") == "too_many_concepts" and limit:
            budget = int(limit.group(1))
            for stage in roadmap["stages"]:
                for module in stage["modules"]:
                    module["concepts"] = module["concepts"][:budget]
                    budget -= len(module["concepts"])


def _follow_feedback(roadmap: dict[str, Any], prompt: str) -> None:
    """What a model would do with plain requests in the learner's feedback: "drop <id>",
    "rename <id> to <title>"; and a wrong assumption becomes a first concept that teaches it."""
    feedback = (re.search(r"The learner asked for: (.*)", prompt) or [None, ""])[1] or ""
    dropped = set(re.findall(r"\bdrop ([a-z0-9][a-z0-9_-]*)", feedback))
    renames = dict(re.findall(r"\brename ([a-z0-9][a-z0-9_-]*) to ([^;.]+)", feedback))
    for stage in roadmap["stages"]:
        for module in stage["modules"]:
            module["concepts"] = [c for c in module["concepts"] if c["concept_id"] not in dropped]
            for concept in module["concepts"]:
                if concept["concept_id"] in renames:
                    concept["title"] = renames[concept["concept_id"]].strip()[:200]
    assumption = re.search(r"The learner says this assumption is wrong: (.*)", prompt)
    if assumption and roadmap["stages"] and roadmap["stages"][0]["modules"]:
        subject = assumption.group(1).strip()[:120]
        roadmap["stages"][0]["modules"][0]["concepts"].insert(0, {
            "concept_id": "c00-foundations",
            "title": f"Foundations: {subject}",
            "description": f"What the roadmap assumed you knew: {subject}.",
            "estimated_hours": 1.5,
            "difficulty": "easy",
            "prerequisites": [],
            "keywords": ["foundations"],
        })  # fmt: skip


def edited_framework(prompt: str, *, repairs: bool = True) -> dict[str, Any]:
    """Repair what the checks flag — the listed issues (repeated titles, the concept limit),
    then order prerequisites, unique ids, no empty module or stage, consistent hours — and
    apply the learner's feedback. ``repairs=False``: a model that returns the roadmap as it
    was given (it cannot fix it)."""
    roadmap: dict[str, Any] = embedded_json(prompt, "Roadmap")
    if not repairs:
        return roadmap
    issues: list[dict[str, Any]] = embedded_json(prompt, "Structural problems") or []
    _follow_feedback(roadmap, prompt)
    _drop_repeated_concepts(roadmap, issues)
    _rename_repeated_modules(roadmap, issues)
    _trim_to_limit(roadmap, issues)
    weekly = 6.0
    seen: set[str] = set()
    for stage in roadmap["stages"]:
        stage["modules"] = [m for m in stage["modules"] if m["concepts"]] or stage["modules"]
        for module in stage["modules"]:
            for concept in module["concepts"]:
                while concept["concept_id"] in seen:
                    concept["concept_id"] += "-b"
                concept["prerequisites"] = [p for p in concept["prerequisites"] if p in seen]
                seen.add(concept["concept_id"])
    roadmap["stages"] = [s for s in roadmap["stages"] if any(m["concepts"] for m in s["modules"])]
    total = sum(c["estimated_hours"] for c in _concepts(roadmap))
    roadmap["total_estimated_hours"] = round(total, 2)
    weeks = max(roadmap["recommended_weeks"], math.ceil(total / weekly))
    roadmap["recommended_weeks"] = min(MAX_WEEKS, weeks)
    feedback = re.search(r"The learner asked for: (.*)", prompt)
    if feedback:
        roadmap["summary"] = f"{roadmap['summary']} Revised for: {feedback.group(1).strip()}"[:4000]
    return roadmap
