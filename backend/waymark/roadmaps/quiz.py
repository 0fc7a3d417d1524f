"""Quiz answers stay on the server: questions go out without them; attempts are graded here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ANSWER_FIELDS = ("answer", "explanation")


def without_answers(quiz: dict[str, Any]) -> dict[str, Any]:
    return {
        **quiz,
        "questions": [
            {k: v for k, v in question.items() if k not in ANSWER_FIELDS}
            for question in quiz.get("questions", [])
        ],
    }


class UnknownQuestionError(ValueError):
    def __init__(self, ids: list[str]) -> None:
        super().__init__(f"no such question(s) in this quiz: {', '.join(sorted(ids))}")


@dataclass(frozen=True)
class Graded:
    question_id: str
    correct: bool
    your_answer: list[int]
    answer: list[int]
    explanation: str


def grade(quiz: dict[str, Any], answers: dict[str, list[int]]) -> list[Graded]:
    """A question is right when exactly the keyed options are chosen; unanswered is wrong."""
    questions = quiz.get("questions", [])
    unknown = set(answers) - {str(q["id"]) for q in questions}
    if unknown:
        raise UnknownQuestionError(list(unknown))
    graded = []
    for question in questions:
        chosen = sorted(set(answers.get(str(question["id"]), [])))
        key = sorted(set(question["answer"]))
        graded.append(
            Graded(str(question["id"]), chosen == key, chosen, key, str(question.get("explanation", "")))
        )
    return graded
