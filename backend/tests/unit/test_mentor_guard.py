"""The mentor's answer guard, piece by piece: whatever the split of the model's text, no
unattempted key, unknown citation, action marker or claim ever leaves it; known citations
and plain text leave unchanged."""

from __future__ import annotations

import pytest

from waymark.mentor.guard import CLAIM_REMOVED, WITHHELD, AnswerGuard, QuizKey

KEYS = [
    QuizKey("q1", ("Ownership moves on assignment",), "Because a move transfers the value to the new name."),
    QuizKey("q2", ("True",), "short"),
]
TEXT = (
    "Ownership is about who frees memory [[sec-core-idea]].\n\n"
    "The answer to q1 is Ownership  moves on\nassignment. And the key for q2: True.\n\n"
    "See [[sec-missing]] and [[res-1]]. I have marked this concept complete for you.\n\n"
    "[[action:save_note]][[action:regenerate_tutorial Simpler, please.]]"
    "It is true that examples help."
)


def run(chunk: int) -> tuple[list[str], AnswerGuard]:
    guard = AnswerGuard({"sec-core-idea", "res-1"}, KEYS)
    shown = []
    for start in range(0, len(TEXT), chunk):
        shown.append(guard.feed(TEXT[start : start + chunk]))
        so_far = "".join(shown).lower()
        assert "moves on assignment" not in " ".join(so_far.split())
    shown.append(guard.finish())
    return shown, guard


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 7, 13, 64, 1000])
def test_nothing_unsafe_leaves_whatever_the_split(chunk: int) -> None:
    shown, guard = run(chunk)
    text = "".join(shown)
    assert "moves on" not in text.lower() and "key for q2: True" not in text
    assert text.count(WITHHELD) == 2 and guard.report.withheld == 2
    assert "[[sec-core-idea]]" in text and "[[res-1]]" in text and "sec-missing" not in text
    assert guard.report.removed_citations == ["sec-missing"]
    assert CLAIM_REMOVED in text and "I have marked" not in text and guard.report.claims_removed == 1
    assert "action:" not in text
    assert [a["type"] for a in guard.report.actions] == ["save_note", "regenerate_tutorial"]
    assert guard.report.actions[1]["instructions"] == "Simpler, please."
    assert text.endswith("It is true that examples help.")  # "true" without a trigger is text


def test_plain_text_streams_without_waiting_for_the_end() -> None:
    guard = AnswerGuard(set(), KEYS)
    sentence = "Borrowing lends a value without moving it; the owner keeps it. " * 4
    shown = guard.feed(sentence)
    assert len(shown) >= len(sentence) - 10  # only a possible start (a word) may wait
    assert shown + guard.finish() == sentence


def test_a_key_cut_off_at_the_end_is_not_shown() -> None:
    guard = AnswerGuard(set(), KEYS)
    text = guard.feed("Look again: Ownership moves on") + guard.finish()
    assert text == "Look again: "
