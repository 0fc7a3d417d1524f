"""Actions a mentor answer may propose. Each is typed and names the existing route that
carries it out; nothing happens until the learner calls that route (docs/mentor.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from waymark.mentor.service import Turn

NOTE_MAX = 10_000


def proposed_actions(turn: Turn, content: str, proposals: list[dict[str, Any]]) -> list[dict[str, Any]]:
    base = f"/api/v1/roadmaps/{turn.roadmap.id}"
    concept = f"{base}/concepts/{turn.concept.concept_id}"
    seen: set[str] = set()
    actions: list[dict[str, Any]] = []
    for proposal in proposals:
        kind = proposal["type"]
        if kind in seen:
            continue
        seen.add(kind)
        if kind == "regenerate_tutorial":
            instructions = proposal.get("instructions") or "Explain it differently."
            actions.append(
                {
                    "type": kind,
                    "label": "Regenerate this tutorial",
                    "method": "POST",
                    "path": f"{concept}/regenerate",
                    "body": {"content_types": ["tutorial"], "instructions": instructions},
                }
            )
        elif kind == "mark_complete":
            actions.append(
                {
                    "type": kind,
                    "label": "Mark this concept complete",
                    "method": "PUT",
                    "path": f"{concept}/progress",
                    "body": {"completed": True},
                }
            )
        elif kind == "save_note" and content.strip():
            actions.append(
                {
                    "type": kind,
                    "label": "Save this answer as a note",
                    "method": "POST",
                    "path": f"{base}/notes",
                    "body": {
                        "body": content.strip()[:NOTE_MAX],
                        "concept_id": turn.concept.concept_id,
                        "source_message_id": str(turn.answer.id),
                    },
                }
            )
    return actions
