"""A roadmap as Markdown or JSON: the stored framework plus each concept's newest completed
tutorial and resources, the quiz questions (never the answers) and the learner's notes.

Every field a model, a search result or a learner wrote is escaped where it becomes
Markdown (titles, descriptions, options); only http(s) URLs become links, percent-encoded so
that none can end its link early; each tutorial body and each note is sanitised and
closed (a fence it opens cannot swallow the next part). Reference definitions apply to the
whole file, so the joined file is then checked again as CommonMark reads it, and sanitised as one document if
anything in it is unsafe: the file is safe in any Markdown viewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import structlog

from waymark.markdown_safety import (
    demote_headings,
    escape_text,
    link_destination,
    problems,
    sanitize_markdown,
    sanitize_part,
)
from waymark.roadmaps.framework import walk
from waymark.roadmaps.quiz import without_answers

log = structlog.get_logger(__name__)

ContentByConcept = dict[str, dict[str, dict[str, Any]]]  # concept id → content type → body
NotesByConcept = dict[str | None, list[str]]  # concept id (None: the whole roadmap) → note bodies


def to_json(
    roadmap_id: str, framework: dict[str, Any], content: ContentByConcept, notes: NotesByConcept | None = None
) -> dict[str, Any]:
    notes = notes or {}
    concepts = []
    for placed in walk(framework):
        bodies = content.get(placed.concept_id, {})
        concepts.append(
            {
                "concept_id": placed.concept_id,
                "title": placed.concept["title"],
                "tutorial": bodies.get("tutorial"),
                "resources": bodies.get("resources"),
                "quiz": without_answers(bodies["quiz"]) if "quiz" in bodies else None,
                "notes": notes.get(placed.concept_id, []),
            }
        )
    return {"id": roadmap_id, "framework": framework, "concepts": concepts, "notes": notes.get(None, [])}


def _text(value: Any) -> str:
    return escape_text(str(value or ""))


def _resource_line(item: Mapping[str, Any]) -> str:
    title, url = _text(item.get("title")), str(item.get("url") or "")
    destination = link_destination(url)
    shown = f"[{title}]({destination})" if destination else f"{title} ({_text(url)})"
    return f"- {shown} ({_text(item.get('type'))}): {_text(item.get('description'))}"


def _notes_markdown(bodies: list[str], depth: int) -> list[str]:
    """The learner's notes, each sanitised and closed like a tutorial (Markdown follows it)."""
    if not bodies:
        return []
    out = ["**My notes**", ""]
    for body in bodies:
        out += [demote_headings(sanitize_part(body), depth), ""]
    return out


def _concept_markdown(
    concept: Mapping[str, Any], bodies: dict[str, dict[str, Any]], notes: list[str]
) -> list[str]:
    out = [f"#### {_text(concept['title'])}", ""]
    hours = float(concept.get("estimated_hours", 0))
    facts = f"*{_text(concept.get('difficulty', 'medium'))}, about {hours:g} h*"
    if concept.get("prerequisites"):
        facts += f" — after: {', '.join(_text(p) for p in concept['prerequisites'])}"
    out += [facts, ""]
    if concept.get("description"):
        out += [_text(concept["description"]), ""]
    if tutorial := bodies.get("tutorial"):
        out += [demote_headings(sanitize_part(str(tutorial.get("body_markdown", ""))), 4), ""]
    if resources := bodies.get("resources"):
        out += ["**Resources**", "", *(_resource_line(r) for r in resources.get("resources", [])), ""]
    if quiz := bodies.get("quiz"):
        out += ["**Check yourself**", ""]
        for number, question in enumerate(quiz.get("questions", []), start=1):
            out.append(f"{number}. {_text(question.get('prompt'))}")
            out += [f"   - {_text(option)}" for option in question.get("options", [])]
        out.append("")
    return out + _notes_markdown(notes, 4)


def to_markdown(
    framework: dict[str, Any], content: ContentByConcept, notes: NotesByConcept | None = None
) -> str:
    notes = notes or {}
    out = [f"# {_text(framework['title'])}", ""]
    if framework.get("summary"):
        out += [_text(framework["summary"]), ""]
    out += [
        f"About {float(framework.get('total_estimated_hours', 0)):g} hours over "
        f"{int(framework.get('recommended_weeks', 0))} weeks.",
        "",
    ]
    for stage in sorted(framework["stages"], key=lambda s: s.get("order", 0)):
        out += [f"## {_text(stage['title'])}", ""]
        if stage.get("description"):
            out += [_text(stage["description"]), ""]
        for module in stage["modules"]:
            out += [f"### {_text(module['title'])}", ""]
            if module.get("description"):
                out += [_text(module["description"]), ""]
            for concept in module["concepts"]:
                cid = concept["concept_id"]
                out += _concept_markdown(concept, content.get(cid, {}), notes.get(cid, []))
    if notes.get(None):
        out += ["## Notes on the whole roadmap", "", *_notes_markdown(notes[None], 2)[2:]]
    return _whole("\n".join(out).rstrip() + "\n")


def _whole(document: str) -> str:
    """The joined file, read as one document: what no part showed alone (a definition in one
    tutorial used by another) is made inert here."""
    found = problems(document)
    if not found:
        return document
    log.warning("export.sanitised_whole", problems=found[:5])
    return sanitize_markdown(document)
