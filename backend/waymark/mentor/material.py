"""The material a mentor answer may draw on, built on the server for one learner and one
concept: the tutorial's sections, the resources, the quiz (questions for every one; the
explanation only of questions the learner has attempted), the learner's notes, where the
concept sits in the roadmap, the profile and the learner's standing. Every citable item has
an id; the quiz keys stay here and never reach the prompt."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, Roadmap
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import mentor as mentor_repo
from waymark.db.repositories import notes as note_repo
from waymark.learner.profile import saved as saved_profile
from waymark.mentor.guard import QuizKey
from waymark.mentor.mastery import concept_standing
from waymark.mentor.sections import split_sections
from waymark.roadmaps.framework import walk
from waymark.statuses import ContentType

ITEM_TEXT_MAX = 4000
SHORT_TEXT_CHARS = 500  # the shorter context a low budget gets
NOTES_MAX = 20
NEIGHBOURS = 3


@dataclass
class Material:
    items: list[dict[str, Any]] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    keys: list[QuizKey] = field(default_factory=list)  # unattempted questions: the server's only
    question_ids: dict[str, bool] = field(default_factory=dict)  # quiz question id → attempted

    @property
    def ids(self) -> set[str]:
        return {str(item["id"]) for item in self.items}


def _cut(text: Any, limit: int = ITEM_TEXT_MAX) -> str:
    return str(text or "")[:limit]


def _placement(roadmap: Roadmap, concept_id: str) -> dict[str, Any]:
    placed = list(walk(roadmap.framework))
    index = next((i for i, p in enumerate(placed) if p.concept_id == concept_id), 0)
    here = placed[index].concept if placed else {}
    return {
        "roadmap": _cut(roadmap.title, 300),
        "concept": {k: here.get(k) for k in ("title", "description", "difficulty", "prerequisites")},
        "before": [p.concept["title"] for p in placed[max(0, index - NEIGHBOURS) : index]],
        "after": [p.concept["title"] for p in placed[index + 1 : index + 1 + NEIGHBOURS]],
    }


async def build(session: AsyncSession, user_id: uuid.UUID, roadmap: Roadmap, concept: Concept) -> Material:
    material = Material()
    bodies = {
        row.content_type: (row.version, row.body)
        for row in await content_repo.newest_completed(session, roadmap.id, concept.concept_id)
        if row.body is not None
    }
    if ContentType.TUTORIAL in bodies:
        for section in split_sections(str(bodies[ContentType.TUTORIAL][1].get("body_markdown", ""))):
            material.items.append(
                {
                    "id": section.id,
                    "kind": "tutorial_section",
                    "title": section.title,
                    "text": _cut(section.text),
                }
            )
    if ContentType.RESOURCES in bodies:
        for number, resource in enumerate(
            bodies[ContentType.RESOURCES][1].get("resources", [])[:10], start=1
        ):
            material.items.append(
                {
                    "id": f"res-{number}",
                    "kind": "resource",
                    "title": _cut(resource.get("title"), 300),
                    "url": _cut(resource.get("url"), 2000),
                    "text": _cut(resource.get("description"), 1000),
                }
            )
    if ContentType.QUIZ in bodies:
        version, quiz = bodies[ContentType.QUIZ]
        attempted = version in await mentor_repo.attempted_quiz_versions(
            session, user_id, roadmap.id, concept.concept_id
        )
        _add_quiz(material, quiz, attempted=attempted)
    notes = await note_repo.list_for_roadmap(session, user_id, roadmap.id)
    mine = [n for n in notes if n.concept_id in (None, concept.concept_id)][-NOTES_MAX:]
    for note in mine:
        material.items.append(
            {
                "id": f"note-{note.id.hex[:8]}",
                "kind": "note",
                "title": "your note",
                "text": _cut(note.body, 2000),
            }
        )
    profile = await saved_profile(session, user_id)
    material.context = {
        "placement": _placement(roadmap, concept.concept_id),
        "learner": {k: profile.get(k) for k in ("background", "role", "technologies", "primary_language")},
        "standing": await concept_standing(session, user_id, roadmap.id, concept.concept_id),
    }
    return material


def _add_quiz(material: Material, quiz: dict[str, Any], *, attempted: bool) -> None:
    for question in quiz.get("questions", []):
        question_id = str(question.get("id"))
        options = [str(o) for o in question.get("options", [])]
        item: dict[str, Any] = {
            "id": f"quiz-{question_id}",
            "kind": "quiz_question",
            "question_id": question_id,
            "prompt": _cut(question.get("prompt"), 1000),
            "options": [_cut(o, 300) for o in options],
            "attempted": attempted,
        }
        material.question_ids[question_id] = attempted
        if attempted:
            item["explanation"] = _cut(question.get("explanation"), 2000)
        else:
            keyed = tuple(options[i] for i in question.get("answer", []) if 0 <= i < len(options))
            material.keys.append(QuizKey(question_id, keyed, str(question.get("explanation", ""))))
        material.items.append(item)


def shortened(material: Material) -> Material:
    """The same items (ids, so citations still check) with their texts cut short."""
    cut = ("text", "explanation")
    items = [
        {k: (v[:SHORT_TEXT_CHARS] if k in cut and isinstance(v, str) else v) for k, v in item.items()}
        for item in material.items
    ]
    return replace(material, items=items)
