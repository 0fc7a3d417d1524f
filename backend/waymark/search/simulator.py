"""A Tavily-compatible ``POST /search`` with plausible results and stable URLs.

The same query always returns the same results; URLs live under ``.example``
domains so nobody mistakes a simulated link for a real page. ``POST /_sim/config
{"fault_script": ["503", "401", …]}`` answers the next searches with those statuses.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from fastapi import FastAPI
from fastapi.responses import JSONResponse

KINDS = [
    ("docs", "Official documentation: {q}", "https://docs.{t}.example/guide/{s}"),
    ("tutorial", "A hands-on tutorial on {q}", "https://learn.{t}.example/tutorials/{s}"),
    ("video", "{q} explained (video)", "https://video.example/watch/{h}"),
    ("course", "Course: {q} from zero", "https://courses.example/{t}/{s}"),
    ("book", "{q} — a chapter from the book", "https://books.example/{t}/{s}"),
    ("tool", "Playground for {q}", "https://play.{t}.example/?topic={s}"),
    ("article", "Deep dive: {q}", "https://blog.example/{t}/{s}-{h}"),
    ("faq", "Common questions about {q}", "https://forum.example/t/{s}"),
]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:48] or "topic"


def simulated_results(query: str, max_results: int) -> list[dict[str, Any]]:
    digest = hashlib.sha256(query.encode()).hexdigest()
    topic = _slug(query.split()[0] if query.split() else "topic")[:16]
    results = []
    for rank, (_, title, url) in enumerate(KINDS[: max(1, min(max_results, len(KINDS)))]):
        fields = {
            "q": query[:80],
            "t": topic,
            "s": _slug(query),
            "h": digest[rank * 4 : rank * 4 + 8],
        }
        results.append(
            {
                "title": title.format(**fields),
                "url": url.format(**fields),
                "content": f"{title.format(**fields)}. Key ideas, examples and pitfalls of {query[:80]}.",
                "score": round(0.98 - rank * 0.06, 3),
                "raw_content": None,
            }
        )
    return results


def create_search_simulator() -> FastAPI:
    app = FastAPI(title="Waymark search simulator")
    app.state.calls = 0
    app.state.fault_script = []

    @app.post("/search", response_model=None)
    async def search(body: dict[str, Any]) -> dict[str, Any] | JSONResponse:
        app.state.calls += 1
        if app.state.fault_script:
            status = int(app.state.fault_script.pop(0))
            return JSONResponse({"detail": {"error": f"simulated HTTP {status}"}}, status_code=status)
        query = str(body.get("query", ""))[:400]
        max_results = int(body.get("max_results") or 5)
        return {"query": query, "answer": None, "images": [], "response_time": 0.01,
                "results": simulated_results(query, max_results)}  # fmt: skip

    @app.get("/_sim/stats")
    async def stats() -> dict[str, int]:
        return {"calls": app.state.calls}

    @app.post("/_sim/config")
    async def configure(update: dict[str, Any]) -> dict[str, Any]:
        app.state.fault_script = [str(code) for code in update.get("fault_script", [])][:100]
        return {"fault_script": app.state.fault_script}

    @app.post("/_sim/reset")
    async def reset() -> dict[str, str]:
        app.state.calls, app.state.fault_script = 0, []
        return {"status": "reset"}

    return app
