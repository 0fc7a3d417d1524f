"""A roadmap as Markdown or JSON: the stored framework plus each concept's newest completed
tutorial and resources, and the quiz questions (never the answers).

Every field a model, a search result or a learner wrote is escaped where it becomes
Markdown (titles, descriptions, options), tutorial bodies are sanitised, and only http(s)
URLs become links: the file is safe in any Markdown viewer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from waymark.markdown_safety import demote_headings, escape_text, link_target, sanitize_markdown
from waymark.roadmaps.framework import walk
from waymark.roadmaps.quiz import without_answers

ContentByConcept = dict[str, dict[str, dict[str, Any]]]  # concept id → content type → body


def to_json(roadmap_id: str, framework: dict[str, Any], content: ContentByConcept) -> dict[str, Any]:
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
            }
        )
    return {"id": roadmap_id, "framework": framework, "concepts": concepts}


def _text(value: Any) -> str:
    return escape_text(str(value or ""))


def _resource_line(item: Mapping[str, Any]) -> str:
    title, url = _text(item.get("title")), str(item.get("url") or "")
    target = link_target(url)
    shown = f"[{title}]({target[1:-1]})" if target else f"{title} ({_text(url)})"
    return f"- {shown} ({_text(item.get('type'))}): {_text(item.get('description'))}"


def _concept_markdown(concept: Mapping[str, Any], bodies: dict[str, dict[str, Any]]) -> list[str]:
    out = [f"#### {_text(concept['title'])}", ""]
    hours = float(concept.get("estimated_hours", 0))
    facts = f"*{_text(concept.get('difficulty', 'medium'))}, about {hours:g} h*"
    if concept.get("prerequisites"):
        facts += f" — after: {', '.join(_text(p) for p in concept['prerequisites'])}"
    out += [facts, ""]
    if concept.get("description"):
        out += [_text(concept["description"]), ""]
    if tutorial := bodies.get("tutorial"):
        out += [demote_headings(sanitize_markdown(str(tutorial.get("body_markdown", ""))), 4), ""]
    if resources := bodies.get("resources"):
        out += ["**Resources**", "", *(_resource_line(r) for r in resources.get("resources", [])), ""]
    if quiz := bodies.get("quiz"):
        out += ["**Check yourself**", ""]
        for number, question in enumerate(quiz.get("questions", []), start=1):
            out.append(f"{number}. {_text(question.get('prompt'))}")
            out += [f"   - {_text(option)}" for option in question.get("options", [])]
        out.append("")
    return out


def to_markdown(framework: dict[str, Any], content: ContentByConcept) -> str:
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
                out += _concept_markdown(concept, content.get(concept["concept_id"], {}))
    return "\n".join(out).rstrip() + "\n"
