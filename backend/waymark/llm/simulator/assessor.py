"""The simulator's ``assessor``: a placement check on the first concepts of the roadmap the
simulator's curriculum would design for the same goal (so their titles match, as a model's
would name the same early concepts), two questions each, every key on option 0."""

from __future__ import annotations

import re
from typing import Any

from waymark.llm.simulator.content import topic_of
from waymark.llm.simulator.topics import aspect, syllabus_for

# the curriculum's concepts 0-3 and 5 (it adds a focus to the title of every fifth one)
CONCEPT_INDEXES = (0, 1, 2, 3, 5)


def placement(prompt: str) -> dict[str, Any]:
    goal = re.search(r"Learner goal: (.*)", prompt)
    topic = topic_of(goal.group(1) if goal else "the subject")
    syllabus = syllabus_for(topic)
    questions: list[dict[str, Any]] = []
    for index in CONCEPT_INDEXES:
        concept = f"{topic}: {aspect(syllabus, index)}"
        for n in (1, 2):
            questions.append({
                "id": f"p{len(questions) + 1}",
                "concept": concept,
                "type": "single" if n == 1 else "true_false",
                "prompt": f"Placement {n} on {concept}: which is right?",
                "options": [f"Right about {concept}", "Wrong", "Also wrong"] if n == 1 else ["True", "False"],
                "answer": [0],
                "explanation": f"That is how {concept} works.",
            })  # fmt: skip
    return {"questions": questions}
