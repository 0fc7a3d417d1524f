"""The mentor over the simulator: time to first token, then many answers streaming at once
beside the API's task reads.

A real API process (`waymark serve`, production settings, one worker) streams mentor answers
from the LLM simulator (its own process).

Time to first token: each answer is timed from the request to its first `token` event and to
its `done` event; the simulator's own first-token time for the same prompt, measured directly,
is subtracted to give what the API adds (ownership, material, guard, SSE). Issue 17's target:
≤ 30 ms added at p50, ≤ 100 ms at p99. Cost is the answer's own usage, priced for the mentor
role's model.

Streams beside GETs: `GET /api/v1/tasks/{id}` (a task of the bench user) at a fixed open-loop
rate (bench/loadgen.py), first with no answer streaming (the baseline), then while `--streams`
answers stream at once on the same worker, the simulator slowed (small chunks, a pause between
them) so that each answer lasts about `--stream-seconds`. The GET's target is bench/api_load.py's:
p99 < 25 ms at 200 req/s.

    .venv/bin/python bench/mentor_stream.py [--answers 60] [--concurrency 1,10] [--first-token-ms 200]
        [--streams 50] [--stream-seconds 30] [--rate 200] [--duration 10]

Uses DATABASE_URL / REDIS_URL when set, else embedded servers in a temp directory. The API gets
this environment without its WAYMARK_* and UVICORN_* variables, so DATABASE_POOL_SIZE passes:
with the default pool, ten or more answers opening at once wait out the pool timeout
(docs/benchmarks.md, "The mentor over the simulator").
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import secrets
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
from loadgen import Pool, Sample, encode_request, now, open_loop  # noqa: E402
from procstat import CpuMeter, CpuUsage  # noqa: E402
from servers import RunningServer, uvicorn_server  # noqa: E402
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


PASSWORD = "correct horse battery"  # noqa: S105 - a throwaway user in a throwaway database
ADDED_P50_TARGET_S, ADDED_P99_TARGET_S = 0.030, 0.100  # issue 17: what the API adds to the first token
GET_P99_TARGET_MS = 25.0  # docs/benchmarks.md, "API load": p99 < 25 ms at 200 req/s
GET_WARMUP_S = 2.0
LOAD_CHUNK_CHARS = 4  # about one token per chunk, as a provider streams
STREAMS_PER_USER = 50  # under the per-user cap (at most 100) with room to spare
UNLIMITED = "1000000"


@dataclass(frozen=True)
class BenchUser:
    token: str
    task_id: str  # a completed task with a stored roadmap: what the GETs read
    mentor_path: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Stream:
    """One mentor answer as the bench client saw it; moments are `loadgen.now()` seconds."""

    requested: float = field(default_factory=now)
    opened: float | None = None  # event: start (before the model is called)
    first_token: float | None = None
    finished: float | None = None
    token_times: list[float] = field(default_factory=list)
    text: str = ""
    done: dict[str, Any] | None = None
    error: str | None = None
    refused: int | None = None  # the HTTP status when the answer never opened

    def record(self, frame: str, at: float) -> None:
        event, data = parse_frame(frame)
        if event == "start" and self.opened is None:
            self.opened = at
        elif event == "token":
            self.first_token = self.first_token or at
            self.token_times.append(at)
            self.text += json.loads(data)["text"]
        elif event == "done":
            self.done = json.loads(data)
        elif event == "error":
            self.error = data

    def after_request(self, moment: float | None) -> float:
        """Seconds from the request to ``moment`` (to the end when it never came)."""
        end = moment if moment is not None else self.finished
        return (end or now()) - self.requested

    def streaming_at(self, moment: float) -> bool:
        started = self.first_token is not None and self.first_token <= moment
        return started and (self.finished is None or self.finished > moment)

    @property
    def status(self) -> str:
        if self.refused is not None:
            return f"refused {self.refused}"
        return self.done["status"] if self.done else f"no done event ({self.error or 'cut off'})"

    @property
    def usage(self) -> dict[str, Any]:
        return self.done["checks"]["usage"] if self.done else {}


def parse_frame(frame: str) -> tuple[str, str]:
    """An SSE frame's event name and data (comment lines, heartbeats, give no event)."""
    event = data = ""
    for line in frame.splitlines():
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            data += line.removeprefix("data: ")
    return event, data


async def store_roadmap(database_url: str, user_id: uuid.UUID) -> tuple[str, str]:
    """A completed task owned by the user, its roadmap and one concept's tutorial and quiz:
    (task id, roadmap id)."""
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
            return str(task.id), str(roadmap_id)
    finally:
        await engine.dispose()


async def make_user(http: httpx.AsyncClient, database_url: str) -> BenchUser:
    account = {"email": f"bench-{uuid.uuid4().hex[:8]}@example.com", "password": PASSWORD}
    (await http.post("/api/v1/auth/register", json=account)).raise_for_status()
    token = (await http.post("/api/v1/auth/login", json=account)).json()["access_token"]
    me = await http.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})
    task_id, roadmap_id = await store_roadmap(database_url, uuid.UUID(me.json()["id"]))
    return BenchUser(token, task_id, f"/api/v1/roadmaps/{roadmap_id}/concepts/ownership/mentor")


async def follow_answer(http: httpx.AsyncClient, user: BenchUser, question: str, stream: Stream) -> Stream:
    """Ask, and record each SSE frame of the answer as it arrives."""
    body = {"question": question}
    async with http.stream("POST", user.mentor_path, json=body, headers=user.headers) as response:
        if response.status_code != 200:
            stream.refused, stream.error = response.status_code, (await response.aread()).decode()[:300]
            stream.finished = now()
            return stream
        pending = ""
        async for chunk in response.aiter_text():
            pending += chunk
            *frames, pending = pending.split("\n\n")
            arrived = now()
            for frame in frames:
                stream.record(frame, arrived)
    stream.finished = now()
    return stream


async def one_answer(http: httpx.AsyncClient, user: BenchUser, question: str) -> Stream:
    return await follow_answer(http, user, question, Stream())


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


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def sim_admin_url(llm_base_url: str, path: str) -> str:
    return f"{llm_base_url.removesuffix('/v1')}/_sim/{path}"


# --- time to first token -------------------------------------------------------------------


async def measure_sim_alone(http: httpx.AsyncClient, llm_base_url: str, first_token_ms: float) -> float:
    """The simulator's own first-token p50 for the mentor's last prompt, in seconds."""
    prompts = (await http.get(sim_admin_url(llm_base_url, "prompts"), params={"role": "mentor"})).json()
    sim_p50 = statistics.median(await sim_first_token(llm_base_url, prompts[-1]["messages"], 20))
    print(f"simulator alone: first token p50 {sim_p50 * 1000:.1f} ms (its latency_ms {first_token_ms:g})")
    return sim_p50


async def answers_at(
    http: httpx.AsyncClient, user: BenchUser, concurrency: int, answers: int
) -> list[Stream]:
    results: list[Stream] = []
    for _ in range(max(1, answers // concurrency)):
        results += await asyncio.gather(
            *(one_answer(http, user, f"Explain part {n}") for n in range(concurrency))
        )
    return results


def print_ttft_level(concurrency: int, streams: list[Stream], sim_p50: float) -> None:
    results = [s for s in streams if s.refused is None]
    refused = Counter(s.status for s in streams if s.refused is not None)
    if refused:
        first = _first_refusal(streams)
        print(f"{concurrency:4d} {len(streams):7d} | refused: {dict(refused)}; the first: {first}")
    if not results:
        return
    ttft = [r.after_request(r.first_token) for r in results]
    added = [t - sim_p50 for t in ttft]
    total = [r.after_request(r.finished) for r in results]
    opened = [r.after_request(r.opened) for r in results]
    cost = statistics.mean(r.usage.get("cost_usd", 0.0) for r in results)
    completion = statistics.mean(r.usage.get("completion_tokens", 0) for r in results)
    print(
        f"{concurrency:4d} {len(results):7d} | {ms(ttft, 50)} {ms(ttft, 90)} {ms(ttft, 99)} |"
        f" {ms(added, 50)} {ms(added, 99)} | {ms(total, 50)} {ms(total, 99)} | {cost:.6f}"
        f" ({completion:.0f} completion tokens)"
    )
    print(f"          answer opened (event: start, before the model is called) p50 {ms(opened, 50)} ms")
    print(
        f"          API adds p50 ≤ {ADDED_P50_TARGET_S * 1000:.0f} ms:"
        f" {verdict(pct(added, 50) <= ADDED_P50_TARGET_S)};"
        f" p99 ≤ {ADDED_P99_TARGET_S * 1000:.0f} ms: {verdict(pct(added, 99) <= ADDED_P99_TARGET_S)}"
    )


def _first_refusal(streams: list[Stream]) -> str:
    refused = next(s for s in streams if s.refused is not None)
    return f"{refused.error} after {refused.after_request(refused.finished):.1f} s"


async def time_to_first_token(
    http: httpx.AsyncClient, user: BenchUser, llm_base_url: str, args: argparse.Namespace
) -> int:
    """Prints the TTFT table; returns the length of a warm-up answer, in characters."""
    warm_up = await one_answer(http, user, "warm up")
    sim_p50 = await measure_sim_alone(http, llm_base_url, args.first_token_ms)
    print("conc answers | TTFT ms p50 p90 p99 | API adds p50 p99 | total ms p50 p99 | USD/answer")
    for concurrency in [int(c) for c in args.concurrency.split(",")]:
        print_ttft_level(concurrency, await answers_at(http, user, concurrency, args.answers), sim_p50)
    return len(warm_up.text)


# --- many streams beside GET /api/v1/tasks/{id} -------------------------------------------


@dataclass(frozen=True)
class GetPhase:
    sample: Sample
    cpu: CpuUsage
    window: tuple[float, float]  # the measured part, after the warm-up


async def measure_get(api: RunningServer, request: bytes, rate: float, duration_s: float) -> GetPhase:
    pool = Pool(HOST, api.port)
    began = now()
    meter = CpuMeter({"api": api.pid})
    sample = await open_loop(pool, lambda _: request, rate=rate, duration_s=duration_s, warmup_s=GET_WARMUP_S)
    cpu = meter.stop()
    pool.close()
    return GetPhase(sample, cpu, (began + 0.05 + GET_WARMUP_S, now()))


async def slow_the_simulator(
    http: httpx.AsyncClient, llm_base_url: str, answer_chars: int, seconds: float
) -> float:
    """Small chunks with a pause between them, so that an answer lasts about ``seconds``;
    returns the pause in ms."""
    chunks = max(1, math.ceil(answer_chars / LOAD_CHUNK_CHARS))
    pause_ms = seconds * 1000 / chunks
    config = {"stream_chunk_chars": LOAD_CHUNK_CHARS, "stream_chunk_delay_ms": pause_ms}
    (await http.post(sim_admin_url(llm_base_url, "config"), json=config)).raise_for_status()
    return pause_ms


async def all_streaming(streams: list[Stream], tasks: list[asyncio.Task[Stream]], timeout_s: float) -> float:
    """Wait until every answer has sent its first token or ended; returns the wait."""
    began = now()
    while now() - began < timeout_s:
        if all(s.first_token is not None or t.done() for s, t in zip(streams, tasks, strict=True)):
            break
        await asyncio.sleep(0.05)
    return now() - began


def print_get_row(label: str, phase: GetPhase) -> None:
    s, cpu = phase.sample, phase.cpu
    print(
        f"  {label:<18} {s.throughput:7.1f}/s {s.percentile_ms(50):7.1f} {s.percentile_ms(99):7.1f}"
        f" {s.percentile_ms(100):8.1f} {s.errors:6d} {(cpu.seconds['api'] or 0) / cpu.wall_s:9.2f}"
        f" {cpu.client_s / cpu.wall_s:6.2f} {cpu.machine_s / cpu.wall_s:8.2f}"
    )


def print_streams(streams: list[Stream], window: tuple[float, float], waited_s: float) -> None:
    """How many answers overlapped the measured window, and how each one ended."""
    start, end = window
    statuses = Counter(s.status for s in streams)
    complete = statuses.get("complete", 0)
    at_start, at_end = (sum(s.streaming_at(moment) for s in streams) for moment in (start, end))
    print(
        f"  streams: {len(streams)} asked at once; the GETs began {waited_s:.1f} s later; streaming"
        f" (first token sent, not finished) at the window's start {at_start}, at its end {at_end}"
    )
    in_window = sum(start <= t <= end for s in streams for t in s.token_times)
    print(f"  token events through the API during the window: {in_window / (end - start):.0f}/s")
    print(
        f"  ended complete: {complete} / {len(streams)}"
        + ("" if complete == len(streams) else f"  (statuses: {dict(statuses)})")
    )
    if any(s.refused is not None for s in streams):
        print(f"  the first refusal: {_first_refusal(streams)}")


def print_stream_timing(streams: list[Stream], pause_ms: float) -> None:
    opened_ones = [s for s in streams if s.refused is None]
    if not opened_ones:
        return
    opened = [s.after_request(s.opened) for s in opened_ones]
    first = [s.after_request(s.first_token) for s in opened_ones]
    lasted = [s.after_request(s.finished) for s in opened_ones]
    events = statistics.mean(len(s.token_times) for s in opened_ones)
    print(
        f"  each answer ({LOAD_CHUNK_CHARS}-character chunks {pause_ms:.0f} ms apart): opened p50/max"
        f" {ms(opened, 50)} /{ms(opened, 100)} ms, first token p50/max {ms(first, 50)} /{ms(first, 100)} ms,"
        f" lasted p50 {pct(lasted, 50):.1f} s; {events:.0f} token events each"
    )


async def streams_beside_gets(
    http: httpx.AsyncClient,
    api: RunningServer,
    users: list[BenchUser],
    llm_base_url: str,
    answer_chars: int,
    args: argparse.Namespace,
) -> None:
    reader = users[0]
    request = encode_request(
        "GET", f"/api/v1/tasks/{reader.task_id}", host=f"{HOST}:{api.port}", token=reader.token
    )
    print(
        f"\nGET /api/v1/tasks/{{id}} at {args.rate:g} req/s open loop, {args.duration:g} s after a"
        f" {GET_WARMUP_S:g} s warm-up, one API worker; CPU in cores over the phase"
        " (API process, this bench client, every process on the machine)"
    )
    print("  phase              achieved  p50 ms  p99 ms   max ms errors  API CPU  bench  machine")
    baseline = await measure_get(api, request, args.rate, args.duration)
    print_get_row("no stream open", baseline)
    pause_ms = await slow_the_simulator(http, llm_base_url, answer_chars, args.stream_seconds)
    streams = [Stream() for _ in range(args.streams)]
    tasks = [
        asyncio.create_task(follow_answer(http, users[n // STREAMS_PER_USER], f"Explain part {n}", stream))
        for n, stream in enumerate(streams)
    ]
    waited_s = await all_streaming(streams, tasks, timeout_s=args.stream_seconds / 2)
    loaded = await measure_get(api, request, args.rate, args.duration)
    print_get_row(f"{args.streams} streams open", loaded)
    await asyncio.gather(*tasks, return_exceptions=True)
    print_streams(streams, loaded.window, waited_s)
    print_stream_timing(streams, pause_ms)
    print_get_verdicts({"no stream open": baseline, f"{args.streams} streams open": loaded})
    failures = [t.exception() for t in tasks if t.exception() is not None]
    if failures:
        print(f"  {len(failures)} answers failed; the first: {failures[0]!r}")


def print_get_verdicts(phases: dict[str, GetPhase]) -> None:
    for label, phase in phases.items():
        p99 = phase.sample.percentile_ms(99)
        met = verdict(p99 < GET_P99_TARGET_MS)
        print(f"  GET p99 < {GET_P99_TARGET_MS:g} ms with {label}: {met} ({p99:.1f} ms)")


async def run(args: argparse.Namespace, api: RunningServer, llm_base_url: str, database_url: str) -> None:
    print(
        f"load average at the start: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)"
    )
    limits = httpx.Limits(max_connections=args.streams + 20, max_keepalive_connections=20)
    async with httpx.AsyncClient(base_url=f"http://{HOST}:{api.port}", timeout=300, limits=limits) as http:
        users = [
            await make_user(http, database_url) for _ in range(math.ceil(args.streams / STREAMS_PER_USER))
        ]
        answer_chars = await time_to_first_token(http, users[0], llm_base_url, args)
        await streams_beside_gets(http, api, users, llm_base_url, answer_chars, args)
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


def api_env(database_url: str, redis_url: str, llm_base_url: str) -> dict[str, str]:
    """Production settings, one worker; the limits that would refuse the bench's answers and
    reads raised out of the way (it measures latency, not the limits)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "UVICORN_"))}
    return env | {
        "PYTHONPATH": str(BACKEND),
        "WAYMARK_ENV": "production",
        "JWT_SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "UVICORN_WORKERS": "1",
        "OPENAI_BASE_URL": llm_base_url,
        "WAYMARK_MENTOR__CALLS_PER_MINUTE": "10000",
        "WAYMARK_MENTOR__MAX_STREAMS_PER_USER": "100",
        "WAYMARK_MENTOR__MAX_STREAMS_PER_PROCESS": "10000",
        "WAYMARK_MENTOR__DAILY_TOKENS": "100000000",
        "WAYMARK_API__RATE_LIMIT_PER_MINUTE": UNLIMITED,
        "WAYMARK_API__AUTH_PER_MINUTE": UNLIMITED,
        "WAYMARK_LLM__MAX_CONCURRENCY": "1000",
        "WAYMARK_LLM__REQUESTS_PER_MINUTE": UNLIMITED,
    }


def client_loop_runner() -> asyncio.Runner:
    try:
        import uvloop
    except ImportError:
        return asyncio.Runner()
    return asyncio.Runner(loop_factory=uvloop.new_event_loop)


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
    parser.add_argument("--streams", type=int, default=50, help="answers streaming at once beside the GETs")
    parser.add_argument("--stream-seconds", type=float, default=30, help="how long each of them lasts")
    parser.add_argument("--rate", type=float, default=200, help="GET /api/v1/tasks/{id} per second")
    parser.add_argument("--duration", type=float, default=10, help="seconds of GETs measured per phase")
    args = parser.parse_args()
    sim_config = {
        "latency_ms": args.first_token_ms,
        "stream_chunk_chars": 16,
        "stream_chunk_delay_ms": args.chunk_ms,
    }
    with bench_services(sim_config) as services, fresh_database(services.database_url) as database_url:
        migrate_database(database_url)
        env = api_env(database_url, services.redis_url, services.llm_base_url)
        with tempfile.TemporaryDirectory() as logs, client_loop_runner() as runner:
            command = [sys.executable, "-m", "waymark", "serve", "--host", HOST]
            with uvicorn_server("waymark", command, env, "/health", Path(logs)) as api:
                runner.run(run(args, api, services.llm_base_url, database_url))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
