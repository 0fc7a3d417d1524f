"""The mentor over the simulator: time to first token, total answer time and cost per answer.

A real API process (`waymark serve`, production settings, one worker) streams mentor answers
from the LLM simulator (its own process). Each answer is timed from the request to its first
`token` event and to its `done` event; the simulator's own first-token time for the same
prompt, measured directly, is subtracted to give what the API adds (ownership, material,
guard, SSE). Cost is the answer's own usage, priced for the mentor role's model.

    .venv/bin/python bench/mentor.py [--answers 60] [--concurrency 1,10] [--first-token-ms 200]

Uses DATABASE_URL / REDIS_URL when set, else embedded servers in a temp directory.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from servers import uvicorn_server  # noqa: E402
from support import BACKEND, bench_services, fresh_database  # noqa: E402

from waymark.db.engine import create_engine, create_sessionmaker, session_scope  # noqa: E402
from waymark.db.migrate import migrate_database  # noqa: E402
from waymark.db.repositories.contents import upsert_content  # noqa: E402
from waymark.db.repositories.roadmaps import upsert_roadmap_for_task  # noqa: E402
from waymark.db.repositories.tasks import create_task  # noqa: E402
from waymark.settings import load_settings  # noqa: E402
from waymark.statuses import ContentStatus, ContentType, TaskStatus  # noqa: E402

HOST = "127.0.0.1"
TUTORIAL = "\n\n".join(
    f"## Part {n}\n\n" + " ".join(f"Sentence {n}.{k} about ownership and moves." for k in range(12))
    for n in range(1, 7)
)
QUIZ = {
    "questions": [
        {
            "id": f"q{n}",
            "type": "single",
            "prompt": f"Question {n}?",
            "difficulty": "easy",
            "options": [f"Keyed option {n} about moves", "B", "C", "D"],
            "answer": [0],
            "explanation": f"Explanation {n}.",
        }
        for n in range(1, 6)
    ]
}
FRAMEWORK = {
    "title": "Rust",
    "total_estimated_hours": 2,
    "recommended_weeks": 1,
    "stages": [
        {
            "stage_id": "s1",
            "title": "S",
            "order": 1,
            "modules": [
                {
                    "module_id": "m1",
                    "title": "M",
                    "concepts": [
                        {
                            "concept_id": "ownership",
                            "title": "Ownership",
                            "estimated_hours": 2,
                            "prerequisites": [],
                        }
                    ],
                }
            ],
        }
    ],
}


async def store_roadmap(database_url: str, user_id: uuid.UUID) -> str:
    settings = load_settings(env="test", db={"url": database_url})
    engine = create_engine(settings)
    try:
        async with session_scope(create_sessionmaker(engine)) as session:
            task = await create_task(
                session, owner_id=user_id, goal="g", preferences={}, status=TaskStatus.COMPLETED
            )
            roadmap_id = await upsert_roadmap_for_task(
                session, task_id=task.id, owner_id=user_id, framework=FRAMEWORK
            )
            tutorial = {
                "title": "Ownership",
                "summary": "s",
                "body_markdown": TUTORIAL,
                "estimated_minutes": 30,
                "sources": [],
            }
            for content_type, body in ((ContentType.TUTORIAL, tutorial), (ContentType.QUIZ, QUIZ)):
                await upsert_content(
                    session,
                    roadmap_id=roadmap_id,
                    concept_id="ownership",
                    content_type=content_type,
                    version=1,
                    status=ContentStatus.COMPLETED,
                    body=body,
                )
            return str(roadmap_id)
    finally:
        await engine.dispose()


async def one_answer(
    http: httpx.AsyncClient, headers: dict[str, str], path: str, question: str
) -> dict[str, Any]:
    started = time.perf_counter()
    first = opened = None
    raw = ""
    async with http.stream("POST", path, json={"question": question}, headers=headers) as response:
        if response.status_code != 200:
            raise RuntimeError(f"the mentor answered {response.status_code}: {await response.aread()!r}")
        async for chunk in response.aiter_text():
            raw += chunk
            if opened is None and "event: start" in raw:
                opened = time.perf_counter() - started
            if first is None and "event: token" in raw:
                first = time.perf_counter() - started
    total = time.perf_counter() - started
    done = json.loads(raw.rsplit("event: done\ndata: ", 1)[1].split("\n", 1)[0])
    return {
        "start": opened or total,
        "ttft": first or total,
        "total": total,
        "cost": done["checks"]["usage"]["cost_usd"],
        "tokens": done["checks"]["usage"]["completion_tokens"],
        "status": done["status"],
    }


async def sim_first_token(llm_base_url: str, messages: list[dict[str, Any]], runs: int) -> list[float]:
    """The simulator's own first-token time for the mentor's prompt, without the API."""
    times = []
    async with httpx.AsyncClient(timeout=60) as http:
        for _ in range(runs):
            started = time.perf_counter()
            body = {"model": "gpt-4o-mini", "messages": messages, "stream": True}
            async with http.stream("POST", f"{llm_base_url}/chat/completions", json=body) as response:
                async for chunk in response.aiter_text():
                    if '"content"' in chunk:
                        times.append(time.perf_counter() - started)
                        break
    return times


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ms(values: list[float], p: float) -> str:
    return f"{pct(values, p) * 1000:7.1f}"


async def run(args: argparse.Namespace, api_url: str, llm_base_url: str, database_url: str) -> None:
    async with httpx.AsyncClient(base_url=api_url, timeout=120) as http:
        email, password = f"bench-{uuid.uuid4().hex[:8]}@example.com", "correct horse battery"
        await http.post("/api/v1/auth/register", json={"email": email, "password": password})
        token = (await http.post("/api/v1/auth/login", json={"email": email, "password": password})).json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        user_id = uuid.UUID((await http.get("/api/v1/auth/me", headers=headers)).json()["id"])
        roadmap = await store_roadmap(database_url, user_id)
        path = f"/api/v1/roadmaps/{roadmap}/concepts/ownership/mentor"
        await one_answer(http, headers, path, "warm up")
        sim_admin = f"{llm_base_url.removesuffix('/v1')}/_sim/prompts"
        prompts = (await http.get(sim_admin, params={"role": "mentor"})).json()
        sim_ttft = await sim_first_token(llm_base_url, prompts[-1]["messages"], 20)
        sim_p50 = statistics.median(sim_ttft)
        print(
            f"simulator alone: first token p50 {sim_p50 * 1000:.1f} ms (its latency_ms {args.first_token_ms})"
        )
        print("conc answers | TTFT ms p50 p90 p99 | API adds p50 p99 | total ms p50 p99 | USD/answer")
        for concurrency in [int(c) for c in args.concurrency.split(",")]:
            rounds = max(1, args.answers // concurrency)
            results: list[dict[str, Any]] = []
            for _ in range(rounds):
                results += await asyncio.gather(
                    *(one_answer(http, headers, path, f"Explain part {n}") for n in range(concurrency))
                )
            ttft = [r["ttft"] for r in results]
            added = [t - sim_p50 for t in ttft]
            total = [r["total"] for r in results]
            cost = statistics.mean(r["cost"] for r in results)
            opened = [r["start"] for r in results]
            print(
                f"{concurrency:4d} {len(results):7d} | {ms(ttft, 50)} {ms(ttft, 90)} {ms(ttft, 99)} |"
                f" {ms(added, 50)} {ms(added, 99)} | {ms(total, 50)} {ms(total, 99)} | {cost:.6f}"
                f" ({statistics.mean(r['tokens'] for r in results):.0f} completion tokens)"
            )
            print(
                f"          answer opened (event: start, before the model is called) p50 {ms(opened, 50)} ms"
            )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--answers", type=int, default=60, help="answers per concurrency level")
    parser.add_argument("--concurrency", default="1,10", help="answers streaming at once, comma-separated")
    parser.add_argument(
        "--first-token-ms", type=float, default=200, help="the simulator's delay before its answer"
    )
    parser.add_argument(
        "--chunk-ms", type=float, default=10, help="the simulator's pause between 16-character chunks"
    )
    args = parser.parse_args()
    sim_config = {
        "latency_ms": args.first_token_ms,
        "stream_chunk_chars": 16,
        "stream_chunk_delay_ms": args.chunk_ms,
    }
    with bench_services(sim_config) as services, fresh_database(services.database_url) as database_url:
        migrate_database(database_url)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "UVICORN_"))}
        env |= {
            "PYTHONPATH": str(BACKEND),
            "WAYMARK_ENV": "production",
            "JWT_SECRET_KEY": secrets.token_urlsafe(48),
            "DATABASE_URL": database_url,
            "REDIS_URL": services.redis_url,
            "UVICORN_WORKERS": "1",
            "OPENAI_BASE_URL": services.llm_base_url,
            "WAYMARK_MENTOR__CALLS_PER_MINUTE": "10000",
            "WAYMARK_MENTOR__MAX_STREAMS_PER_USER": "100",
            "WAYMARK_MENTOR__DAILY_TOKENS": "100000000",  # the bench measures latency, not the budget
            "WAYMARK_API__RATE_LIMIT_PER_MINUTE": "1000000",
            "WAYMARK_LLM__MAX_CONCURRENCY": "200",
        }
        with tempfile.TemporaryDirectory() as logs:
            command = [sys.executable, "-m", "waymark", "serve", "--host", HOST]
            with uvicorn_server("waymark", command, env, "/health", Path(logs)) as api:
                asyncio.run(run(args, f"http://{HOST}:{api.port}", services.llm_base_url, database_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
