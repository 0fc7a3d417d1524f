"""Web search through Tavily (``tavily-python``), normalised results."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import structlog
from tavily import AsyncTavilyClient

from waymark.markdown_safety import is_web_url
from waymark.search.result import SearchResult
from waymark.search.sanitize import plain_text
from waymark.settings import SearchSettings

log = structlog.get_logger(__name__)

TRANSPORT_RETRIES = 2  # network failures only: a refusal by the provider is not retried


class SearchError(Exception):
    pass


class SearchClient:
    """Create inside the loop that uses it (the HTTP client binds to that loop)."""

    def __init__(self, settings: SearchSettings) -> None:
        self.settings = settings
        self._client: AsyncTavilyClient | None = None

    @property
    def client(self) -> AsyncTavilyClient:
        if self._client is None:
            api_key = self.settings.api_key.get_secret_value() if self.settings.api_key else "tvly-offline"
            self._client = AsyncTavilyClient(api_key=api_key, api_base_url=self.settings.base_url)
        return self._client

    async def search(self, query: str, *, max_results: int | None = None) -> list[SearchResult]:
        for attempt in range(TRANSPORT_RETRIES + 1):
            try:
                reply: dict[str, Any] = await self.client.search(
                    query[:400],
                    max_results=max_results or self.settings.max_results,
                    timeout=self.settings.timeout_s,
                )
                break
            except (httpx.TransportError, httpx.HTTPStatusError) as error:
                transient = not isinstance(error, httpx.HTTPStatusError) or error.response.status_code >= 500
                if not transient or attempt == TRANSPORT_RETRIES:  # a dropped connection, a 5xx: again
                    raise SearchError(f"search failed for {query[:80]!r}: {type(error).__name__}") from error
                log.info("search.retry", attempt=attempt + 1, reason=type(error).__name__)
                await asyncio.sleep(0.25 * 2**attempt)
            except Exception as error:  # tavily raises many unrelated types; all mean "no results"
                message = f"search failed for {query[:80]!r}: {type(error).__name__}: {error}"
                raise SearchError(message) from error
        results = [_normalise(item) for item in reply.get("results", []) if isinstance(item, dict)]
        log.info("search.completed", query=query[:80], results=len(results))
        return [r for r in results if r is not None]

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


def _normalise(item: dict[str, Any]) -> SearchResult | None:
    """A result as plain text with a safe http(s) URL; None for any other URL (javascript:,
    data:, one that could break out of a link or an attribute)."""
    url = str(item.get("url") or "")
    if len(url) > 2000 or not is_web_url(url):
        return None
    return SearchResult(
        title=plain_text(str(item.get("title") or ""))[:300] or url,
        url=url,
        content=plain_text(str(item.get("content") or ""))[:4000],
        score=float(item.get("score") or 0.0),
    )
