"""When two titles name the same thing (docs/architecture.md §4).

Two concept titles of a roadmap, or two module titles of one stage, are duplicates when they
have the same *key*: the set of their significant words. Words are what is left between
punctuation and whitespace, compared without case (Unicode NFKC, casefolded); English stop
words (``a``, ``the``, ``of``, ``in``, ``with`` …) do not count, and a plural ``s`` is dropped
from words of more than three letters (not ``ss``). So "Rust: macros", "rust — Macros!" and
"Macros in Rust" are one title; "Rust: declarative macros" and "Rust: procedural macros" are
two. Word order, case, punctuation and spacing never make a title new; a different word does.
"""

from __future__ import annotations

import re
import unicodedata

STOP_WORDS = frozenset("a an the and or of in on to for with by at from into as via using your its".split())
_WORD = re.compile(r"\w+")


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def title_key(title: str) -> frozenset[str]:
    """The significant words of a title (all its words when none is significant)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", title).casefold().replace("_", " "))
    significant = frozenset(_stem(word) for word in words if word not in STOP_WORDS)
    return significant or frozenset(words)
