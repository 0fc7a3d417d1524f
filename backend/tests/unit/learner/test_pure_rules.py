"""The learner's pure rules: which preference wins, how evidence weighs, what a round changed,
which concepts a placement check tests out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from waymark.learner import placement
from waymark.learner.mastery import CorrectionMark, Evidence, assess
from waymark.learner.profile import resolve_preferences
from waymark.tasks.history import Record, changes, review_history

T0 = datetime(2026, 12, 1, tzinfo=UTC)


def framework(*titles: str) -> dict[str, Any]:
    concepts = [{"concept_id": f"c{n}", "title": t, "estimated_hours": 1} for n, t in enumerate(titles)]
    return {"stages": [{"stage_id": "s", "modules": [{"module_id": "m", "concepts": concepts}]}]}


def test_the_learners_choice_beats_the_profile_which_beats_the_default() -> None:
    defaults = {"level": "beginner", "weekly_hours": 5, "language": "en"}
    profile = {"weekly_hours": 3, "primary_language": "de", "about_me": "x"}
    resolved = resolve_preferences({"weekly_hours": 9}, defaults, profile)
    assert (resolved["weekly_hours"], resolved["language"], resolved["level"]) == (9, "de", "beginner")
    assert resolved["profile"] == profile
    assert "profile" not in resolve_preferences({}, defaults, {})


def test_one_attempt_is_capped_and_newer_attempts_weigh_more() -> None:
    one = assess([Evidence(5, 5, T0)], None)
    assert (one.score, one.capped, one.mastered) == (0.6, True, False)
    better = assess([Evidence(1, 5, T0), Evidence(5, 5, T0 + timedelta(hours=1))], None)
    worse = assess([Evidence(5, 5, T0), Evidence(1, 5, T0 + timedelta(hours=1))], None)
    assert better.score is not None and worse.score is not None and better.score > worse.score
    assert better.reasons[0] == "5 of 5 on the last attempt"


def test_corrections_stand_until_newer_evidence() -> None:
    attempts = [Evidence(1, 5, T0)]
    known = assess(attempts, CorrectionMark("known", T0 + timedelta(hours=1)))
    assert (known.score, known.mastered, known.source) == (1.0, True, "corrected")
    later = assess(
        [*attempts, Evidence(2, 5, T0 + timedelta(hours=2))], CorrectionMark("known", T0 + timedelta(hours=1))
    )
    assert later.source == "quiz" and later.attempts == 1
    reset = assess(attempts, CorrectionMark("reset", T0 + timedelta(hours=1)))
    assert (reset.score, reset.mastered) == (None, False)
    assert assess([], None, tested_out=True).source == "placement"


def test_what_a_round_changed_is_named_by_concept() -> None:
    before, after = framework("Ownership", "Traits", "Macros"), framework("Ownership", "Traits in depth")
    after["stages"][0]["modules"][0]["concepts"].append({"concept_id": "c9", "title": "Lifetimes"})
    found = changes(before, after)
    assert (found.added, found.removed) == (["Lifetimes"], ["Macros"])
    assert [(r.concept_id, r.before, r.after) for r in found.renamed] == [("c1", "Traits", "Traits in depth")]


def test_history_compares_a_rejection_with_the_next_proposal_and_lists_the_open_round() -> None:
    one, two = framework("A", "B"), framework("A", "C")
    records = [Record(1, "reject", "less B", None, None, one, T0)]
    rounds = review_history(records, {"round": 2, "framework": two})
    assert [r.decision for r in rounds] == ["reject", None]
    assert rounds[0].changes is not None
    assert [(r.before, r.after) for r in rounds[0].changes.renamed] == [("B", "C")]


@pytest.mark.parametrize(
    ("known", "expected"),
    [
        (["Rust: ownership"], {"c0"}),
        (["Ownership in Rust"], {"c0"}),
        (["Rust: borrowing"], set()),
        ([], set()),
    ],
)
def test_tested_out_concepts_are_matched_by_their_significant_words(
    known: list[str], expected: set[str]
) -> None:
    assert (
        placement.tested_out_ids(framework("Rust: ownership", "Rust: traits"), {"known_concepts": known})
        == expected
    )
