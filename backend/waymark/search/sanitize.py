"""Untrusted web text into prompts: search results are "spotlighted" — wrapped between
random boundary markers the page text cannot forge, and introduced as data, never
instructions. What comes out (Markdown a model wrote after reading them) is made safe by
``waymark.markdown_safety``."""

from __future__ import annotations

import secrets

from waymark.search.client import SearchResult


def spotlight(results: list[SearchResult]) -> tuple[str, str]:
    """Render results as delimited untrusted data; returns (block, boundary)."""
    boundary = f"WEB-DATA-{secrets.token_hex(6)}"
    lines = [f"<<{boundary}>>"]
    for number, result in enumerate(results, start=1):
        body = result.content.replace(boundary, "").replace("<<", "‹‹")
        lines.append(f"[{number}] {result.title} — {result.url}\n{body}")
    lines.append(f"<</{boundary}>>")
    return "\n".join(lines), boundary
