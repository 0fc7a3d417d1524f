from __future__ import annotations

import pytest

from tests.fixtures.sim import Simulator
from waymark.search.client import SearchClient, SearchError


async def test_search_returns_normalised_stable_results(search: SearchClient) -> None:
    first = await search.search("Rust ownership borrowing", max_results=6)
    again = await search.search("Rust ownership borrowing", max_results=6)
    assert len(first) == 6
    assert [r.url for r in first] == [r.url for r in again]  # stable URLs
    assert all(r.url.startswith("https://") and r.title and r.content for r in first)
    assert first[0].score >= first[-1].score
    other = await search.search("Python asyncio", max_results=6)
    assert {r.url for r in other}.isdisjoint({r.url for r in first})


async def test_a_dropped_or_failing_search_is_retried_and_a_refusal_is_not(
    search: SearchClient, sim: Simulator
) -> None:
    sim.configure_search(fault_script=["503", "502"])
    assert len(await search.search("Rust traits", max_results=4)) == 4  # third time lucky
    assert sim.search_calls() == 3
    sim.configure_search(fault_script=["401"])
    with pytest.raises(SearchError, match="InvalidAPIKeyError"):
        await search.search("Rust traits", max_results=4)
    assert sim.search_calls() == 4  # a refusal is not retried
