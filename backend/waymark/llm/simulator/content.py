"""Deterministic, topic-aware answers for every role, valid against Waymark's schemas.

Everything is derived from the prompt text, so the same prompt always yields the
same answer, and a "Learn Rust" goal yields a roadmap that talks about Rust.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any

ASPECTS: dict[str, list[str]] = {
    "rust": ["ownership", "borrowing", "lifetimes", "traits", "generics", "error handling with Result",
             "cargo and crates", "pattern matching", "iterators", "smart pointers", "unsafe code",
             "no_std environments", "embedded-hal", "interrupts", "memory-mapped registers",
             "async with embassy", "testing", "macros", "concurrency", "FFI with C"],
    "python": ["syntax basics", "data structures", "functions", "modules and packages", "classes",
               "exceptions", "iterators and generators", "typing", "virtual environments", "pytest",
               "asyncio", "file I/O", "decorators", "context managers", "packaging", "profiling"],
}  # fmt: skip
GENERIC_ASPECTS = [
    "core vocabulary", "setting up the toolchain", "fundamental building blocks", "data modelling",
    "control flow", "common patterns", "error handling", "testing", "debugging", "tooling",
    "performance", "project structure", "best practices", "real-world case study", "security",
    "deployment", "collaboration workflow", "advanced techniques", "ecosystem tour", "capstone project",
]  # fmt: skip
STAGE_NAMES = [
    "Foundations",
    "Core Skills",
    "Applied Practice",
    "Advanced Topics",
    "Mastery Project",
]
MODULE_NAMES = [
    "Getting Started",
    "Essentials",
    "Working Effectively",
    "Going Deeper",
    "In Practice",
]


def stable_int(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "item"


def topic_of(goal: str) -> str:
    text = re.sub(r"(?i)^\s*(i want to |i'd like to )?(learn|master|study|get into)\s+", "", goal.strip())
    topic = re.split(r"(?i)\s+(for|to|in|with|so|and|by)\s+|[,.;:(]", text, maxsplit=1)[0].strip()
    return (topic or "the subject")[:60]


def focus_of(goal: str) -> str | None:
    match = re.search(r"(?i)\bfor\s+([a-z0-9+#\- ]{3,30}?)(\s+work|\s+development|,|\.|$)", goal)
    return match.group(1).strip() if match else None


def aspects_for(topic: str) -> list[str]:
    return ASPECTS.get(topic.lower().split()[0] if topic else "", GENERIC_ASPECTS)


def learner_from(prompt: str) -> tuple[str, dict[str, Any]]:
    goal = re.search(r"Learner goal: (.*)", prompt)
    prefs = re.search(r"Preferences: (\{.*\})", prompt)
    return (goal.group(1).strip() if goal else "the subject"), (json.loads(prefs.group(1)) if prefs else {})


def weekly_hours(preferences: dict[str, Any]) -> float:
    try:
        return max(1.0, float(preferences.get("weekly_hours") or 6))
    except (TypeError, ValueError):
        return 6.0


def intent(prompt: str) -> dict[str, Any]:
    goal, prefs = learner_from(prompt)
    topic = topic_of(goal)
    level = (
        prefs.get("level") if prefs.get("level") in {"beginner", "intermediate", "advanced"} else "beginner"
    )
    focus = focus_of(goal)
    return {
        "topic": topic,
        "level": level,
        "goals": [f"Build working {topic} projects", f"Understand {topic} fundamentals"],
        "constraints": [f"{weekly_hours(prefs):g} hours per week"],
        "focus_areas": [focus] if focus else [],
        "suggested_stages": 4,
        "weekly_hours": weekly_hours(prefs),
    }


def framework(prompt: str, *, stages: int, modules: int, concepts: int) -> dict[str, Any]:
    goal, prefs = learner_from(prompt)
    topic, focus = topic_of(goal), focus_of(goal)
    aspects = aspects_for(topic)
    seed = stable_int(goal)
    built, total, index, previous = [], 0.0, 0, None
    for s in range(stages):
        stage_modules = []
        for m in range(modules):
            module_concepts = []
            for _ in range(concepts):
                aspect = aspects[(seed + index) % len(aspects)]
                cid = f"c{index + 1:02d}-{slug(aspect)[:24]}"
                hours = 1.5 + (stable_int(f"{goal}{index}") % 4) * 0.5
                total += hours
                module_concepts.append({
                    "concept_id": cid,
                    "title": f"{topic}: {aspect}" + (f" ({focus})" if focus and index % 5 == 4 else ""),
                    "description": f"What {aspect} means in {topic} and how to use it.",
                    "estimated_hours": hours,
                    "difficulty": ("easy", "medium", "hard")[min(2, s * 3 // max(1, stages))],
                    "prerequisites": [previous] if previous else [],
                    "keywords": [topic.lower(), *aspect.lower().split()[:3]],
                })  # fmt: skip
                previous, index = cid, index + 1
            stage_modules.append({
                "module_id": f"s{s + 1}m{m + 1}",
                "title": f"{MODULE_NAMES[m % len(MODULE_NAMES)]} with {topic}",
                "description": f"Module {m + 1} of stage {s + 1}.",
                "concepts": module_concepts,
            })  # fmt: skip
        built.append({
            "stage_id": f"s{s + 1}",
            "title": f"{topic} {STAGE_NAMES[s % len(STAGE_NAMES)]}",
            "description": f"Stage {s + 1}: {STAGE_NAMES[s % len(STAGE_NAMES)].lower()} of {topic}.",
            "order": s + 1,
            "modules": stage_modules,
        })  # fmt: skip
    return {
        "title": f"{topic} roadmap" + (f" for {focus}" if focus else ""),
        "summary": f"A {stages}-stage path from first steps to confident {topic} work.",
        "total_estimated_hours": round(total, 2),
        "recommended_weeks": max(1, math.ceil(total / weekly_hours(prefs))),
        "stages": built,
    }


def with_defect(roadmap: dict[str, Any]) -> dict[str, Any]:
    """A structural flaw for the validator to find: the first concept requires the last."""
    concepts = [c for s in roadmap["stages"] for m in s["modules"] for c in m["concepts"]]
    concepts[0]["prerequisites"] = [concepts[-1]["concept_id"]]
    return roadmap


def _embedded_json(prompt: str, label: str) -> Any:
    match = re.search(rf"{label}: (.*)", prompt)
    return json.loads(match.group(1)) if match else None


def quality_review(prompt: str) -> dict[str, Any]:
    issues = _embedded_json(prompt, "Structural problems found by automatic checks") or []
    score = 8.5 if not issues else 5.0
    return {
        "scores": {"coverage": score, "progression": score, "granularity": 8.0, "clarity": 8.0},
        "overall": score,
        "issues": [issue.get("message", "") for issue in issues][:20],
        "passed": not issues,
    }


def edited_framework(prompt: str) -> dict[str, Any]:
    """Repair what the checks flag: order prerequisites, unique ids, consistent hours."""
    roadmap: dict[str, Any] = _embedded_json(prompt, "Roadmap")
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
    roadmap["stages"] = [s for s in roadmap["stages"] if s["modules"]]
    total = sum(c["estimated_hours"] for s in roadmap["stages"] for m in s["modules"] for c in m["concepts"])
    roadmap["total_estimated_hours"] = round(total, 2)
    roadmap["recommended_weeks"] = max(roadmap["recommended_weeks"], math.ceil(total / weekly))
    feedback = re.search(r"The learner asked for: (.*)", prompt)
    if feedback:
        roadmap["summary"] = f"{roadmap['summary']} Revised for: {feedback.group(1).strip()}"[:4000]
    return roadmap


def web_results(prompt: str) -> list[tuple[str, str]]:
    return re.findall(r"^\[\d+\] (.*?) — (https?://\S+)$", prompt, flags=re.MULTILINE)


def _concept_title(prompt: str) -> str:
    match = re.search(r"Concept: (.*?) \((easy|medium|hard)\)", prompt)
    return match.group(1) if match else "this concept"


def tutorial(prompt: str) -> dict[str, Any]:
    title = _concept_title(prompt)
    sources = [{"title": t, "url": u} for t, u in web_results(prompt)[:3]]
    code = (
        f'```rust\n// a first, runnable example for {title}\nfn main() {{\n    println!("hello");\n}}\n```'
        if "rust" in title.lower()
        else f'```python\n# a first, runnable example for {title}\nprint("hello")\n```'
    )
    body = (
        f"# {title}\n\n## Why it matters\n\n{title} is a building block you will use constantly.\n\n"
        f"## Core idea\n\nStart small, run the example, then change one thing at a time.\n\n{code}\n\n"
    )
    body += "```mermaid\nflowchart LR\n  Read --> Try --> Reflect\n```\n\n## Sources\n\n"
    body += "\n".join(f"- [{s['title']}]({s['url']})" for s in sources) or "- (no sources found)"
    return {
        "title": title,
        "summary": f"A practical introduction to {title}.",
        "body_markdown": body,
        "estimated_minutes": 30 + stable_int(title) % 4 * 10,
        "sources": sources,
    }


def resources(prompt: str) -> dict[str, Any]:
    types = ["documentation", "article", "video", "course", "book", "tool"]
    picks = web_results(prompt)[:8]
    return {
        "resources": [
            {
                "title": title,
                "url": url,
                "type": types[i % len(types)],
                "description": f"Covers {_concept_title(prompt)} ({types[i % len(types)]}).",
                "relevance": round(0.95 - i * 0.07, 2),
            }
            for i, (title, url) in enumerate(picks)
        ]
    }


def quiz(prompt: str) -> dict[str, Any]:
    title = _concept_title(prompt)
    questions = []
    for i in range(5):
        kind = ("single", "multiple", "true_false")[i % 3]
        options = ["True", "False"] if kind == "true_false" else [f"Option {c} about {title}" for c in "ABCD"]
        answer = [0] if kind != "multiple" else [0, 2]
        questions.append({
            "id": f"q{i + 1}",
            "type": kind,
            "prompt": f"Question {i + 1} on {title}: which statement is correct?",
            "options": options,
            "answer": answer,
            "explanation": f"Because that is how {title} behaves.",
            "difficulty": ("easy", "medium", "hard")[i % 3],
        })  # fmt: skip
    return {"questions": questions}
