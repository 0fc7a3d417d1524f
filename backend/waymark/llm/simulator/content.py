"""Deterministic, topic-aware answers for every role, valid against Waymark's schemas: the
learner's intent and one concept's tutorial, resources and quiz here, the roadmap itself
(design, review, edits) in ``curriculum``.

Everything is derived from the prompt text, so the same prompt always yields the
same answer, and a "Learn Rust" goal yields a roadmap that talks about Rust.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any


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
        "assumed_knowledge": assumed_knowledge(prompt, str(level)),
        "topic": topic,
        "level": level,
        "goals": [f"Build working {topic} projects", f"Understand {topic} fundamentals"],
        "constraints": [f"{weekly_hours(prefs):g} hours per week"],
        "focus_areas": [focus] if focus else [],
        "suggested_stages": 4,
        "weekly_hours": weekly_hours(prefs),
    }


def _data_block(prompt: str, label: str) -> Any:
    """The JSON of a delimited data block (``<<LABEL-…>>`` … ``<</LABEL-…>>``), or None."""
    match = re.search(rf"<<({label}-[0-9a-f]+)>>\n(.*)\n<</\1>>", prompt)
    return json.loads(match.group(2)) if match else None


def assumed_knowledge(prompt: str, level: str) -> list[str]:
    """What a model would take the learner to know: basics for a beginner, and what their
    profile rates at intermediate or above."""
    known = ["using a terminal and a text editor"]
    if level != "beginner":
        known.append("programming fundamentals (variables, functions, control flow)")
    profile = _data_block(prompt, "LEARNER-DATA") or {}
    for technology in profile.get("technologies", []):
        if technology.get("level") in {"intermediate", "advanced", "expert"}:
            known.append(f"working knowledge of {technology.get('name')}")
    return known[:15]


def embedded_json(prompt: str, label: str) -> Any:
    """The JSON a prompt carries after ``label: `` on one line (the roadmap, the issues)."""
    match = re.search(rf"{label}: (.*)", prompt)
    return json.loads(match.group(1)) if match else None


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
