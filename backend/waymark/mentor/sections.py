"""A tutorial split into addressable sections: one per ATX heading (outside code fences), each
with an id made from its heading (``sec-core-idea``; ``-2``, ``-3``… when a heading repeats;
``sec-intro`` for text before the first heading). The same body always gives the same ids."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    text: str


def _slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:48] or "section"


def split_sections(markdown: str) -> list[Section]:
    sections: list[tuple[str, list[str]]] = [("Introduction", [])]
    fence: str | None = None
    for line in markdown.split("\n"):
        opener = _FENCE.match(line)
        if opener and (fence is None or opener.group(1).startswith(fence)):
            fence = None if fence else opener.group(1)[0] * 3
        heading = _HEADING.match(line) if fence is None else None
        if heading:
            sections.append((heading.group(1), []))
        else:
            sections[-1][1].append(line)
    out: list[Section] = []
    used: dict[str, int] = {}
    for title, lines in sections:
        text = "\n".join(lines).strip()
        if not text and title == "Introduction":
            continue
        base = "intro" if title == "Introduction" and not out else _slug(title)
        used[base] = used.get(base, 0) + 1
        suffix = f"-{used[base]}" if used[base] > 1 else ""
        out.append(Section(f"sec-{base}{suffix}", title, text))
    return out
