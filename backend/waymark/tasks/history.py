"""A task's review history: for each round, the proposal, the learner's answer (an edit, or
feedback and perhaps a wrong assumption) and what changed between that proposal and what
came of it — the learner's edit, or the next round's proposal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from waymark.roadmaps.framework import walk


@dataclass(frozen=True)
class Renamed:
    concept_id: str
    before: str
    after: str


@dataclass(frozen=True)
class Changes:
    added: list[str] = field(default_factory=list)  # concept titles
    removed: list[str] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)


@dataclass(frozen=True)
class Round:
    round: int
    proposal: dict[str, Any] | None
    decision: str | None  # None: the round still awaits the learner
    feedback: str | None
    wrong_assumption: str | None
    edit: dict[str, Any] | None
    changes: Changes | None  # None when nothing came of it yet (or it was approved as it was)
    decided_at: datetime | None


def _titles(framework: Mapping[str, Any]) -> dict[str, str]:
    return {placed.concept_id: str(placed.concept.get("title", "")) for placed in walk(framework)}


def changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """Concepts added, removed and renamed (same id, another title), in reading order."""
    old, new = _titles(before), _titles(after)
    return Changes(
        added=[title for cid, title in new.items() if cid not in old],
        removed=[title for cid, title in old.items() if cid not in new],
        renamed=[
            Renamed(cid, old[cid], title) for cid, title in new.items() if cid in old and old[cid] != title
        ],
    )


@dataclass(frozen=True)
class Record:
    round: int
    decision: str
    feedback: str | None
    wrong_assumption: str | None
    framework: dict[str, Any] | None
    proposal: dict[str, Any] | None
    created_at: datetime


def review_history(records: Sequence[Record], open_proposal: Mapping[str, Any] | None) -> list[Round]:
    """The rounds, oldest first. ``open_proposal`` is the task's proposal while it awaits a
    decision (``{round, framework}``): the last round, undecided, and what the round before
    it led to."""
    proposals = {r.round: r.proposal for r in records}
    if open_proposal and open_proposal.get("framework"):
        proposals.setdefault(int(open_proposal.get("round", len(records) + 1)), open_proposal["framework"])
    rounds: list[Round] = []
    for record in records:
        proposal = record.proposal
        outcome = record.framework if record.decision == "edit" else proposals.get(record.round + 1)
        if record.decision == "approve":
            outcome = None
        rounds.append(
            Round(
                round=record.round,
                proposal=proposal,
                decision=record.decision,
                feedback=record.feedback,
                wrong_assumption=record.wrong_assumption,
                edit=record.framework if record.decision == "edit" else None,
                changes=changes(proposal, outcome) if proposal and outcome else None,
                decided_at=record.created_at,
            )
        )
    decided = {r.round for r in records}
    for number, proposal in sorted(proposals.items()):
        if number not in decided:
            rounds.append(Round(number, proposal, None, None, None, None, None, None))
    return rounds
