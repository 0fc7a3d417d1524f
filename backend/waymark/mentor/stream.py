"""One mentor answer as Server-Sent Events: ``start``, then ``token`` events carrying only
text the guard released (``mentor/guard.py``), then ``done`` with the stored message (or
``error``). The answer row is written once at the end — ``complete``, ``stopped`` (the learner
stopped it, or the client went away) or ``failed`` — holding exactly the text that was sent.

A client that goes away cancels the body; inside a cancelled scope every await is cancelled
again, so the last write runs in a task of its own, shielded, like a stream slot's release
(``api/streams.py``)."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import redis.asyncio as aioredis
import structlog
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.db.engine import session_scope
from waymark.db.repositories import ledger
from waymark.db.repositories import mentor as mentor_repo
from waymark.llm.client import LLMClient
from waymark.llm.errors import LLMError
from waymark.llm.usage import Usage
from waymark.mentor.actions import proposed_actions
from waymark.mentor.budget import Reservation
from waymark.mentor.guard import AnswerGuard, GuardReport
from waymark.mentor.service import Turn

log = structlog.get_logger(__name__)

STOP_KEY = "waymark:mentor:stop:{message_id}"
STOP_CHECK_S = 0.2
_CITATION = re.compile(r"\[\[([^\[\]\n]{1,400})\]\]")


def sse(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False, default=str)}\n\n"


class StopSignal:
    """The learner's explicit stop, which may arrive at another API process: a Redis key,
    read at most every ``STOP_CHECK_S``."""

    def __init__(self, redis: aioredis.Redis, message_id: uuid.UUID) -> None:
        self.redis, self.key, self.checked, self.stopped = (
            redis,
            STOP_KEY.format(message_id=message_id),
            0.0,
            False,
        )

    async def requested(self) -> bool:
        if self.stopped or time.monotonic() - self.checked < STOP_CHECK_S:
            return self.stopped
        self.checked = time.monotonic()
        try:
            self.stopped = bool(await self.redis.exists(self.key))
        except (aioredis.RedisError, OSError):
            return False  # the learner can still close the stream
        return self.stopped


async def request_stop(redis: aioredis.Redis, message_id: uuid.UUID) -> None:
    await redis.set(STOP_KEY.format(message_id=message_id), "1", ex=600)


def paragraphs(content: str, known: set[str]) -> list[dict[str, Any]]:
    """Each paragraph of the answer and whether it cites the material (a paragraph that
    cites nothing is labelled as not from the material)."""
    out = []
    for text in (p for p in re.split(r"\n\s*\n", content) if p.strip()):
        cited = [c for c in _CITATION.findall(text) if c in known]
        out.append({"from_material": bool(cited), "citations": cited})
    return out


@dataclass
class Answer:
    turn: Turn
    reservation: Reservation
    answer_max_tokens: int
    shown: list[str] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    written: bool = False
    report: GuardReport = field(default_factory=GuardReport)

    def checks(self, report: GuardReport, status: str) -> dict[str, Any]:
        content = "".join(self.shown)
        return {
            "citations": report.citations,
            "removed_citations": len(report.removed_citations),
            "withheld": report.withheld,
            "claims_removed": report.claims_removed,
            "paragraphs": paragraphs(content, self.turn.material.ids),
            "actions": proposed_actions(self.turn, content, report.actions) if status == "complete" else [],
            "usage": {
                "prompt_tokens": self.usage.prompt_tokens,
                "completion_tokens": self.usage.completion_tokens,
                "cost_usd": round(self.usage.cost_usd, 8),
            },
        }


async def _write(
    sessionmaker: async_sessionmaker[AsyncSession], answer: Answer, status: str, checks: dict[str, Any]
) -> None:
    async with session_scope(sessionmaker) as session:
        await mentor_repo.finish_message(
            session,
            answer.turn.answer.id,
            status=status,
            content="".join(answer.shown),
            checks=checks,
            usage=(answer.usage.prompt_tokens, answer.usage.completion_tokens, answer.usage.cost_usd),
        )
        held, used = answer.reservation, answer.usage.prompt_tokens + answer.usage.completion_tokens
        await ledger.settle(session, held.user_id, held.day, held.tokens, used)
    if used > held.tokens:  # the estimate is an upper bound; a provider that counts more is news
        log.warning("mentor.budget.estimate_exceeded", reserved=held.tokens, used=used)
    log.info(
        "mentor.answer.finished",
        message_id=str(answer.turn.answer.id),
        status=status,
        withheld=checks["withheld"],
        removed_citations=checks["removed_citations"],
        claims_removed=checks["claims_removed"],
    )


def message_body(answer: Answer, status: str, checks: dict[str, Any]) -> dict[str, Any]:
    row = answer.turn.answer
    return {
        "id": str(row.id),
        "session_id": str(answer.turn.session.id),
        "role": "assistant",
        "status": status,
        "content": "".join(answer.shown),
        "quiz_question_id": row.quiz_question_id,
        "hint_level": row.hint_level,
        "checks": checks,
        "created_at": row.created_at.isoformat(),
    }


def finish_abandoned(
    answer: Answer,
    report: GuardReport,
    sessionmaker: async_sessionmaker[AsyncSession],
    finishers: set[asyncio.Task[None]],
) -> None:
    """Write an answer whose client went away as ``stopped``, with what it was sent, from a
    task of its own (the caller may be cancelled)."""
    if answer.written:
        return
    answer.written = True
    task = asyncio.get_running_loop().create_task(
        _write(sessionmaker, answer, "stopped", answer.checks(report, "stopped"))
    )
    finishers.add(task)
    task.add_done_callback(finishers.discard)


async def answer_frames(
    answer: Answer,
    llm: LLMClient,
    sessionmaker: async_sessionmaker[AsyncSession],
    stop: StopSignal,
    keep_alive: Any,
    finishers: set[asyncio.Task[None]],
) -> AsyncIterator[str]:
    turn = answer.turn
    guard = AnswerGuard(turn.material.ids, turn.material.keys)
    status = "stopped"
    try:
        yield sse(
            "start",
            {
                "session_id": str(turn.session.id),
                "message_id": str(turn.answer.id),
                "question_id": str(turn.question.id),
                "hint_level": turn.answer.hint_level,
                "quiz_question_id": turn.answer.quiz_question_id,
                "context": answer.reservation.context,
                "reserved_tokens": answer.reservation.tokens,
            },
        )
        try:
            pieces = llm.stream_text("mentor", turn.messages, answer.usage, answer.answer_max_tokens)
            async for piece in pieces:
                text = guard.feed(piece)
                if text:
                    answer.shown.append(text)
                    yield sse("token", {"text": text})
                await keep_alive()
                if await stop.requested():
                    break
            else:
                status = "complete"
        except LLMError as error:
            log.warning("mentor.answer.failed", error=str(error)[:300])
            status = "failed"
            yield sse("error", {"detail": "The mentor could not answer right now; try again shortly."})
        if status == "complete" and (rest := guard.finish()):
            answer.shown.append(rest)
            yield sse("token", {"text": rest})
        checks = answer.checks(guard.report, status)
        await _write(sessionmaker, answer, status, checks)
        answer.written = True
        yield sse("done", message_body(answer, status, checks))
    finally:
        answer.report = guard.report
        if not answer.written:  # the client went away: stopped, with what it was sent
            finish_abandoned(answer, guard.report, sessionmaker, finishers)
