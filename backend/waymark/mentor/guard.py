"""What the server checks in a mentor answer before a learner sees any of it.

The model's text passes through ``AnswerGuard`` piece by piece. Text leaves only once nothing
that could still turn into a checked pattern is pending:

- ``[[id]]`` citations: kept when the id names material that was sent, removed and counted
  otherwise; ``[[action:…]]`` markers: taken out of the text and kept as proposed actions;
- the key of a quiz question the learner has not attempted (a keyed option's text, its
  explanation, or "answer … <short option>"): replaced by a notice and counted;
- a claim that something was changed ("I have marked…", "I've regenerated…"): the mentor can
  change nothing, so the claim is replaced by a notice and counted.

A pattern that may be starting at the end of the text so far is held back until it either
completes (and is replaced) or cannot match any more; a pattern never spans more than
``HOLD_MAX`` characters, so nothing is held longer than that.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

WITHHELD = "[withheld: this would give away the answer to a quiz question you have not tried yet]"
CLAIM_REMOVED = "[removed: the mentor cannot change anything; use the proposed actions below]"
ACTION_TYPES = ("regenerate_tutorial", "mark_complete", "save_note")
MARKER_MAX = 400
CLAIM_MAX = 160
TRIGGERS = ("answer", "correct", "right", "key", "solution")
_MARKER = re.compile(r"\[\[([^\[\]\n]{1," + str(MARKER_MAX) + r"})\]\]")
_CLAIM = re.compile(
    r"\bI(?:'ve|\s+have|\s+just|\s+already|\s+now)*\s+(?:marked|regenerated|rewritten|rewrote|saved|"
    r"updated|changed|completed|created|added|deleted|applied)\b[^.!?\n]{0,100}[.!?]?",
    re.IGNORECASE,
)
_TERMINATOR = re.compile(r"[.!?\n]")
_SPACE = re.compile(r"\s+")
_ACTION = re.compile(r"action:(\w{1,40})(?:\s+(.*))?$", re.DOTALL)


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).lower()


@dataclass(frozen=True)
class QuizKey:
    """What would give away one unattempted question: its keyed options and its explanation."""

    question_id: str
    keyed_options: tuple[str, ...]
    explanation: str


@dataclass
class _Leak:
    regex: re.Pattern[str]
    needle: str | None  # the literal start (normalised) for a long needle
    short: str | None  # a short option, dangerous only after a trigger word
    limit: int


def _leaks(keys: list[QuizKey]) -> list[_Leak]:
    leaks = []
    for key in keys:
        texts = [*key.keyed_options, key.explanation]
        for number, text in enumerate(texts):
            needle = _norm(text).strip()
            is_explanation = number == len(texts) - 1
            if len(needle) >= (24 if is_explanation else 12):
                words = [re.escape(w) for w in needle.split(" ")]
                regex = re.compile(r"\s{1,8}".join(words), re.IGNORECASE)
                leaks.append(_Leak(regex, needle, None, len(needle) + 8 * len(words)))
            elif needle and not is_explanation:
                body = re.escape(needle).replace(r"\ ", r"\s{1,8}")
                triggers = "|".join(TRIGGERS)
                regex = re.compile(rf"\b(?:{triggers})\b[^.!?\n]{{0,40}}?(?<!\w){body}(?!\w)", re.IGNORECASE)
                leaks.append(_Leak(regex, None, needle, 60 + 9 * len(needle)))
    return leaks


@dataclass
class GuardReport:
    citations: list[str] = field(default_factory=list)
    removed_citations: list[str] = field(default_factory=list)
    withheld: int = 0
    claims_removed: int = 0
    actions: list[dict[str, Any]] = field(default_factory=list)


class AnswerGuard:
    def __init__(self, known_ids: set[str], keys: list[QuizKey]) -> None:
        self.known_ids = known_ids
        self.leaks = _leaks(keys)
        self.hold_max = max([MARKER_MAX + 4, CLAIM_MAX, *(leak.limit for leak in self.leaks)])
        # the characters a checked pattern can begin with (case-folded)
        self.starts = {"[", "i"} | {leak.needle[0] for leak in self.leaks if leak.needle}
        if any(leak.short for leak in self.leaks):
            self.starts |= {word[0] for word in TRIGGERS}
        self.pending = ""
        self.report = GuardReport()

    def feed(self, piece: str) -> str:
        """The text that may be shown now, given the next piece of the model's answer."""
        self.pending += piece
        return self._release(final=False)

    def finish(self) -> str:
        """Whatever is left, checked, once the model has finished."""
        return self._release(final=True)

    def _earliest(self) -> tuple[re.Match[str], str] | None:
        found: list[tuple[re.Match[str], str]] = []
        for kind, regex in (("marker", _MARKER), ("claim", _CLAIM)):
            if match := regex.search(self.pending):
                found.append((match, kind))
        for leak in self.leaks:
            if match := leak.regex.search(self.pending):
                found.append((match, "leak"))
        return min(found, key=lambda f: (f[0].start(), -f[0].end())) if found else None

    def _release(self, *, final: bool) -> str:
        out: list[str] = []
        while True:
            earliest = self._earliest()
            if earliest is not None:
                match, kind = earliest
                closed = final or match.end() < len(self.pending) or kind != "claim"
                if closed:
                    out.append(self.pending[: match.start()] + self._replace(match, kind))
                    self.pending = self.pending[match.end() :]
                    continue
            cut = self._final_cut() if final else self._hold_from(earliest[0].start() if earliest else None)
            out.append(self.pending[:cut])
            self.pending = self.pending[cut:]
            return "".join(out)

    def _hold_from(self, match_start: int | None) -> int:
        """Where held-back text starts: the first place in the last ``hold_max`` characters
        from which a checked pattern could still be forming."""
        end = len(self.pending) if match_start is None else match_start
        for start in range(max(0, len(self.pending) - self.hold_max), end):
            if self._could_start(start):
                return start
        return end

    def _final_cut(self) -> int:
        """At the end, text that may be the start of a key or an unfinished marker is dropped:
        a model cut off mid-key must not show the part of it that it got out."""
        for start in range(max(0, len(self.pending) - self.hold_max), len(self.pending)):
            tail = self.pending[start:]
            if tail.startswith("[") and (tail == "[" or tail.startswith("[[")) and "]]" not in tail:
                return start
            if (start == 0 or not self.pending[start - 1].isalnum()) and any(
                leak.needle and leak.needle.startswith(_norm(tail[: 2 * len(leak.needle)]))
                for leak in self.leaks
            ):
                return start
        return len(self.pending)

    def _could_start(self, start: int) -> bool:
        if self.pending[start].lower() not in self.starts:
            return False
        tail = self.pending[start:]
        if tail.startswith("["):
            return (tail == "[" or tail.startswith("[[")) and "]]" not in tail and "\n" not in tail
        if start and self.pending[start - 1].isalnum():
            return False
        lowered = tail.lower()
        if tail.startswith("I") and (len(tail) == 1 or not tail[1].isalnum()):
            if not _TERMINATOR.search(tail) and len(tail) <= CLAIM_MAX:
                return True
        for leak in self.leaks:
            if leak.needle is not None and leak.needle.startswith(_norm(tail[: 2 * len(leak.needle)])):
                return True
            if leak.short is not None and len(tail) <= leak.limit and not _TERMINATOR.search(tail):
                if any(w.startswith(lowered[: len(w)]) for w in TRIGGERS):
                    return True
        return False

    def _replace(self, match: re.Match[str], kind: str) -> str:
        if kind == "leak":
            self.report.withheld += 1
            return WITHHELD
        if kind == "claim":
            self.report.claims_removed += 1
            return CLAIM_REMOVED
        inner = match.group(1).strip()
        action = _ACTION.match(inner)
        if action is not None:
            if action.group(1) in ACTION_TYPES:
                self.report.actions.append(
                    {"type": action.group(1), "instructions": (action.group(2) or "").strip()[:2000]}
                )
            return ""
        if inner in self.known_ids:
            if inner not in self.report.citations:
                self.report.citations.append(inner)
            return match.group(0)
        self.report.removed_citations.append(inner[:80])
        return ""
