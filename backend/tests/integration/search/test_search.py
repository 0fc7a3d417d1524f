from __future__ import annotations

from waymark.search.client import SearchClient


async def test_search_returns_normalised_stable_results(search: SearchClient) -> None:
    first = await search.search("Rust ownership borrowing", max_results=6)
    again = await search.search("Rust ownership borrowing", max_results=6)
    assert len(first) == 6
    assert [r.url for r in first] == [r.url for r in again]  # stable URLs
    assert all(r.url.startswith("https://") and r.title and r.content for r in first)
    assert first[0].score >= first[-1].score
    other = await search.search("Python asyncio", max_results=6)
    assert {r.url for r in other}.isdisjoint({r.url for r in first})
