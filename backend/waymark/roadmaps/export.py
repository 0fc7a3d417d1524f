"""A roadmap as Markdown or JSON: the stored framework plus each concept's newest completed
tutorial and resources, and the quiz questions (never the answers)."""

from __future__ import annotations

from typing import Any

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


def _demote(markdown: str, levels: int) -> str:
    """Push a tutorial's headings below the concept heading (code blocks left alone)."""
    lines, in_code = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            line = "#" * levels + line
        lines.append(line)
    return "\n".join(lines)


def _concept_markdown(concept: dict[str, Any], bodies: dict[str, dict[str, Any]]) -> list[str]:
    out = [f"#### {concept['title']}", ""]
    facts = f"*{concept.get('difficulty', 'medium')}, about {concept.get('estimated_hours', 0):g} h*"
    if concept.get("prerequisites"):
        facts += f" — after: {', '.join(concept['prerequisites'])}"
    out += [facts, ""]
    if concept.get("description"):
        out += [concept["description"], ""]
    if tutorial := bodies.get("tutorial"):
        out += [_demote(tutorial.get("body_markdown", ""), 4), ""]
    if resources := bodies.get("resources"):
        out += ["**Resources**", ""]
        out += [
            f"- [{r['title']}]({r['url']}) ({r['type']}): {r['description']}" for r in resources["resources"]
        ]
        out.append("")
    if quiz := bodies.get("quiz"):
        out += ["**Check yourself**", ""]
        for number, question in enumerate(quiz.get("questions", []), start=1):
            out.append(f"{number}. {question['prompt']}")
            out += [f"   - {option}" for option in question.get("options", [])]
        out.append("")
    return out


def to_markdown(framework: dict[str, Any], content: ContentByConcept) -> str:
    out = [f"# {framework['title']}", ""]
    if framework.get("summary"):
        out += [framework["summary"], ""]
    out += [
        f"About {framework.get('total_estimated_hours', 0):g} hours over "
        f"{framework.get('recommended_weeks', 0)} weeks.",
        "",
    ]
    for stage in sorted(framework["stages"], key=lambda s: s.get("order", 0)):
        out += [f"## {stage['title']}", ""]
        if stage.get("description"):
            out += [stage["description"], ""]
        for module in stage["modules"]:
            out += [f"### {module['title']}", ""]
            if module.get("description"):
                out += [module["description"], ""]
            for concept in module["concepts"]:
                out += _concept_markdown(concept, content.get(concept["concept_id"], {}))
    return "\n".join(out).rstrip() + "\n"
