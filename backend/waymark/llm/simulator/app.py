"""An OpenAI-compatible chat completions server with deterministic Waymark content.

Knobs (``POST /_sim/config``, or ``WAYMARK_SIM_*`` variables at start): latency
(fixed + per output token), faults by rate or as a scripted sequence (an HTTP status:
``400``, ``401``, ``403``, ``404``, ``408``, ``409``, ``429``, ``500``; or ``hang``,
``malformed``, ``invalid``, ``nul`` — valid JSON whose text carries a NUL), refusing ``json_schema`` (to test
the JSON-mode fallback), the roadmap size, flaws in the roadmap it designs
(``curriculum_defects``) and an editor that cannot repair them (``editor_repairs: false``).
``requests_per_minute`` makes it a rate-limited provider: a request beyond that many in the
last 60 s of arrivals gets 429 with ``Retry-After``, and is counted as ``rate_limited``.
``GET /_sim/stats`` counts calls per role and the highest number of calls in flight at once;
``GET /_sim/prompts?role=`` returns the messages of the last calls. A ``401`` fault echoes
the API key it was sent, as some gateways do, so that callers are tested against a provider
that leaks it back.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import re
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, Field

from waymark.llm.simulator import assessor, content, curriculum, mentor
from waymark.llm.simulator.curriculum import Defect

ROLE = re.compile(r"\[waymark-role: (\w+)\]")
SCHEMA_ROLES = {"IntentAnalysis": "intent", "QualityReview": "validator", "Tutorial": "tutorial",
                "ResourceList": "resources", "Quiz": "quiz", "RoadmapFramework": "curriculum",
                "ProposedFramework": "curriculum", "PlacementQuiz": "assessor"}  # fmt: skip
STATUS_FAULTS = ("400", "401", "403", "404", "408", "409", "429", "500")
FAULTS = (*STATUS_FAULTS, "hang", "malformed", "invalid", "nul")
PROMPTS_KEPT = 200
RATE_WINDOW_S = 60.0


class SimConfig(BaseModel):
    latency_ms: float = Field(default=0, ge=0)
    latency_per_token_ms: float = Field(default=0, ge=0)
    fault_rates: dict[str, float] = Field(default_factory=dict)
    fault_script: list[str] = Field(default_factory=list)
    fault_roles: list[str] = Field(default_factory=list, description="limit faults to these roles")
    retry_after_s: float = 0.05
    hang_s: float = 3600
    reject_json_schema: bool = False
    stages: int = Field(default=4, ge=1, le=10)
    modules: int = Field(default=3, ge=1, le=12)
    concepts: int = Field(default=4, ge=1, le=20)
    curriculum_defect: bool = Field(default=False, description="first concept requires the last")
    curriculum_defects: list[Defect] = Field(
        default_factory=list,
        description="cycle, duplicate_ids, unsafe_ids ('stage/title' ids), duplicate_titles, "
        "duplicate_module_titles",
    )
    editor_repairs: bool = Field(default=True, description="false: the editor returns the roadmap unchanged")
    mentor_disobey: list[str] = Field(
        default_factory=list, description="the mentor breaks rules: leak, bad_citation, claim_action, outside"
    )
    stream_chunk_chars: int = Field(default=64, ge=1, le=4096, description="characters per streamed chunk")
    stream_chunk_delay_ms: float = Field(default=0, ge=0, description="pause between streamed chunks")
    requests_per_minute: int | None = Field(
        default=None, ge=1, description="a provider's rate limit: 429 beyond this many in 60 s"
    )

    def defects(self) -> list[Defect]:
        cycle: list[Defect] = ["cycle"] if self.curriculum_defect else []
        return [*self.curriculum_defects, *cycle]


class SimState:
    def __init__(self) -> None:
        self.config = SimConfig.model_validate(json.loads(os.environ.get("WAYMARK_SIM_CONFIG", "{}")))
        self.reset()

    def reset(self) -> None:
        self.calls: dict[str, int] = {}
        self.faults: dict[str, int] = {}
        self.prompts: list[dict[str, Any]] = []  # the last calls' {role, messages}
        # a request still being served (a hung one, say) stays counted, so the count cannot go negative
        self.in_flight: int = getattr(self, "in_flight", 0)
        self.max_in_flight = self.in_flight
        self.random = random.Random(7)  # noqa: S311 - deterministic fault draws
        self.arrivals: deque[float] = deque()  # accepted requests in the last minute (monotonic s)
        self.rate_limited = 0
        self.max_per_minute = 0

    def over_rate(self) -> float | None:
        """Seconds to wait when this request would pass ``requests_per_minute``, else None
        (and the request is counted)."""
        limit, now = self.config.requests_per_minute, time.monotonic()
        while self.arrivals and self.arrivals[0] <= now - RATE_WINDOW_S:
            self.arrivals.popleft()
        if limit is not None and len(self.arrivals) >= limit:
            self.rate_limited += 1
            return self.arrivals[0] + RATE_WINDOW_S - now
        self.arrivals.append(now)
        self.max_per_minute = max(self.max_per_minute, len(self.arrivals))
        return None

    def next_fault(self, role: str) -> str | None:
        if self.config.fault_roles and role not in self.config.fault_roles:
            return None
        if self.config.fault_script:
            fault = self.config.fault_script.pop(0)
            return fault if fault in FAULTS else None
        for fault, rate in self.config.fault_rates.items():
            if self.random.random() < rate:
                return fault
        return None


def _role(body: dict[str, Any]) -> str:
    for message in body.get("messages", []):
        match = ROLE.search(str(message.get("content", "")))
        if match:
            return match.group(1)
    name = ((body.get("response_format") or {}).get("json_schema") or {}).get("name", "")
    return SCHEMA_ROLES.get(name, "unknown")


def _answer(role: str, prompt: str, config: SimConfig) -> dict[str, Any]:
    if role == "intent":
        return content.intent(prompt)
    if role == "curriculum":
        roadmap = curriculum.framework(
            prompt, stages=config.stages, modules=config.modules, concepts=config.concepts
        )
        return curriculum.with_defects(roadmap, config.defects())
    if role == "validator":
        return curriculum.quality_review(prompt)
    if role == "editor":
        return curriculum.edited_framework(prompt, repairs=config.editor_repairs)
    if role == "tutorial":
        return content.tutorial(prompt)
    if role == "resources":
        return content.resources(prompt)
    if role == "quiz":
        return content.quiz(prompt)
    if role == "assessor":
        return assessor.placement(prompt)
    return {"message": "the simulator does not know this role"}


def _completion(text: str, model: str, prompt_tokens: int) -> dict[str, Any]:
    completion_tokens = max(1, len(text) // 4)
    return {
        "id": f"chatcmpl-sim-{uuid.uuid4().hex[:12]}",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


async def _stream(text: str, model: str, prompt_tokens: int, config: SimConfig) -> AsyncIterator[bytes]:
    base = {"id": f"chatcmpl-sim-{uuid.uuid4().hex[:12]}", "object": "chat.completion.chunk",
            "created": int(time.time()), "model": model}  # fmt: skip
    size = config.stream_chunk_chars
    for start in range(0, len(text), size):
        if start and config.stream_chunk_delay_ms:
            await asyncio.sleep(config.stream_chunk_delay_ms / 1000)
        delta = {
            "choices": [{"index": 0, "delta": {"content": text[start : start + size]}, "finish_reason": None}]
        }
        yield f"data: {json.dumps(base | delta)}\n\n".encode()
    usage = _completion(text, model, prompt_tokens)["usage"]
    final = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": usage}
    yield f"data: {json.dumps(base | final)}\n\ndata: [DONE]\n\n".encode()


def create_llm_simulator(state: SimState | None = None) -> FastAPI:
    app = FastAPI(title="Waymark LLM simulator")
    sim = state or SimState()
    app.state.sim = sim

    @app.post("/v1/chat/completions", response_model=None)
    async def chat_completions(request: Request) -> JSONResponse | StreamingResponse:
        body = await request.json()
        role = _role(body)
        config = sim.config
        wait_s = sim.over_rate()
        if wait_s is not None:
            return JSONResponse(
                {"error": {"message": "rate limit reached for requests", "type": "requests"}},
                status_code=429,
                headers={"Retry-After": f"{max(wait_s, 0.001):.3f}"},
            )
        sim.calls[role] = sim.calls.get(role, 0) + 1
        sim.prompts = [*sim.prompts[-(PROMPTS_KEPT - 1) :], {"role": role, "messages": body.get("messages")}]
        sim.in_flight += 1
        sim.max_in_flight = max(sim.max_in_flight, sim.in_flight)
        try:
            prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
            prompt_tokens = max(1, len(prompt) // 4)
            response_format = body.get("response_format") or {}
            if config.reject_json_schema and response_format.get("type") == "json_schema":
                refusal = {
                    "message": "response_format json_schema is not supported",
                    "type": "invalid_request",
                }
                return JSONResponse({"error": refusal}, status_code=400)
            fault = sim.next_fault(role)
            if fault:
                sim.faults[fault] = sim.faults.get(fault, 0) + 1
            if fault == "429":
                return JSONResponse(
                    {"error": {"message": "rate limited", "type": "rate_limit"}},
                    status_code=429,
                    headers={"Retry-After": str(config.retry_after_s)},
                )
            if fault == "401":
                key = request.headers.get("authorization", "").removeprefix("Bearer ")
                message = f"simulated HTTP 401: Incorrect API key provided: {key}"
                return JSONResponse(
                    {"error": {"message": message, "type": "invalid_api_key"}}, status_code=401
                )
            if fault in STATUS_FAULTS:
                return JSONResponse({"error": {"message": f"simulated HTTP {fault}"}}, status_code=int(fault))
            if fault == "hang":
                await asyncio.sleep(config.hang_s)
            if role == "mentor":
                text = mentor.answer(prompt, config.mentor_disobey)
            else:
                text = json.dumps(_answer(role, prompt, config))
            if fault == "malformed":
                text = text[: len(text) // 2]
            elif fault == "invalid":
                text = json.dumps({"unexpected": "shape"})
            elif fault == "nul":  # still schema-valid: PostgreSQL cannot store it
                text = text.replace('": "', '": "\\u0000', 1)
            delay = config.latency_ms + config.latency_per_token_ms * (len(text) / 4)
            if delay:
                await asyncio.sleep(delay / 1000)
            model = str(body.get("model", "sim"))
            if body.get("stream"):
                return StreamingResponse(
                    _stream(text, model, prompt_tokens, config), media_type="text/event-stream"
                )
            return JSONResponse(_completion(text, model, prompt_tokens))
        finally:
            sim.in_flight -= 1

    @app.post("/_sim/config")
    async def configure(update: dict[str, Any]) -> SimConfig:
        sim.config = SimConfig.model_validate(sim.config.model_dump() | update)
        return sim.config

    @app.get("/_sim/stats")
    async def stats() -> dict[str, Any]:
        return {"calls": sim.calls, "total_calls": sum(sim.calls.values()), "faults": sim.faults,
                "in_flight": sim.in_flight, "max_in_flight": sim.max_in_flight,
                "rate_limited": sim.rate_limited, "max_per_minute": sim.max_per_minute}  # fmt: skip

    @app.get("/_sim/prompts")
    async def prompts(role: str | None = None) -> list[dict[str, Any]]:
        return [call for call in sim.prompts if role is None or call["role"] == role]

    @app.post("/_sim/reset")
    async def reset() -> dict[str, str]:
        sim.reset()
        sim.config = SimConfig()
        return {"status": "reset"}

    return app
