"""Untrusted web text in and out of prompts.

In: search results are "spotlighted" — wrapped between random boundary markers the
page text cannot forge, and introduced as data, never instructions.
Out: Markdown written by a model that read web text is stripped of raw HTML,
scripts and dangerous link schemes before anyone renders it. Fenced code blocks
are kept verbatim: they render as text.
"""

from __future__ import annotations

import re
import secrets

from waymark.search.client import SearchResult

_FENCE = re.compile(r"(^```.*?^```[ \t]*$|^~~~.*?^~~~[ \t]*$)", re.MULTILINE | re.DOTALL)
_DANGEROUS_BLOCKS = re.compile(
    r"<(script|style|iframe|object|embed)\b.*?(</\1\s*>|$)", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"</?[A-Za-z!][^>]*>")
_BAD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?\s*(?:javascript|vbscript|data|file):[^)]*\)", re.IGNORECASE)
_BAD_REFERENCE = re.compile(
    r"^\s*\[[^\]]+\]:\s*(?:javascript|vbscript|data|file):.*$", re.IGNORECASE | re.MULTILINE
)


def _clean_prose(text: str) -> str:
    text = _DANGEROUS_BLOCKS.sub("", text)
    text = _TAG.sub("", text)
    text = _BAD_LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
    return _BAD_REFERENCE.sub("", text)


def sanitize_markdown(markdown: str) -> str:
    """Markdown without raw HTML, scripts, or javascript:/data: links (code fences kept)."""
    parts = _FENCE.split(markdown)
    return "".join(part if _FENCE.fullmatch(part) else _clean_prose(part) for part in parts)


def spotlight(results: list[SearchResult]) -> tuple[str, str]:
    """Render results as delimited untrusted data; returns (block, boundary)."""
    boundary = f"WEB-DATA-{secrets.token_hex(6)}"
    lines = [f"<<{boundary}>>"]
    for number, result in enumerate(results, start=1):
        body = result.content.replace(boundary, "").replace("<<", "‹‹")
        lines.append(f"[{number}] {result.title} — {result.url}\n{body}")
    lines.append(f"<</{boundary}>>")
    return "\n".join(lines), boundary
