"""One search result, as the search client returns it: plain text and a safe http(s) URL."""

from __future__ import annotations

from pydantic import BaseModel


class SearchResult(BaseModel):
    title: str
    url: str
    content: str
    score: float
