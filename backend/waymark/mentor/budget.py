"""The mentor's per-user daily token budget (docs/mentor.md, "Budget").

Before each answer its tokens are estimated from above: every byte of the prompt counts as a
token (a byte-level tokenizer never makes a token of less than one byte), plus a little per
message, plus the answer's ``max_tokens`` cap, which the provider enforces. The estimate is
reserved in the ledger with one conditional upsert, in the request's transaction; when the
full context does not fit, a shorter one is tried (the material's texts cut, no earlier
turns); when neither fits, the learner gets 429 with the reset time. The answer's counted
usage replaces its reservation when it ends, so the day's used tokens never pass the limit."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, ClassVar, Literal

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.repositories import ledger
from waymark.db.repositories import mentor as mentor_repo
from waymark.llm.messages import Messages
from waymark.tasks.errors import DomainError, ErrorBody

Context = Literal["full", "short"]
MESSAGE_OVERHEAD_TOKENS = 8
REPLY_PRIMING_TOKENS = 3


class BudgetBody(ErrorBody):
    resets_at: datetime


class MentorBudgetError(DomainError):
    status_code = 429
    description = "Today's mentor budget is used up (Retry-After; resets_at)"
    body_model: ClassVar[type[ErrorBody]] = BudgetBody

    def __init__(self, resets_at: datetime, now: datetime) -> None:
        super().__init__(
            "Your mentor budget for today is used up; it resets at "
            f"{resets_at:%H:%M} UTC ({resets_at:%Y-%m-%d})."
        )
        self.resets_at = resets_at
        self.retry_after_s = max(1, int((resets_at - now).total_seconds()))

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "resets_at": self.resets_at.isoformat()}

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after_s)}


@dataclass(frozen=True)
class Standing:
    daily_tokens: int
    used_tokens: int
    reserved_tokens: int
    resets_at: datetime

    @property
    def remaining_tokens(self) -> int:
        return max(0, self.daily_tokens - self.used_tokens - self.reserved_tokens)


@dataclass(frozen=True)
class Reservation:
    user_id: uuid.UUID
    day: date
    tokens: int
    context: Context

    def as_checks(self) -> dict[str, Any]:
        """Kept on the answer row while it streams, so an answer whose process died can be
        settled (``settle_abandoned``)."""
        return {
            "reservation": {"user_id": str(self.user_id), "day": self.day.isoformat(), "tokens": self.tokens}
        }


def utc_day(now: datetime) -> date:
    return now.astimezone(UTC).date()


def resets_at(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UTC)


def estimate(messages: Messages, answer_max_tokens: int) -> int:
    """An upper bound on the tokens one answer can use."""
    prompt = sum(len(str(m.get("content", "")).encode()) + MESSAGE_OVERHEAD_TOKENS for m in messages)
    return prompt + REPLY_PRIMING_TOKENS + answer_max_tokens


async def standing(session: AsyncSession, user_id: uuid.UUID, daily_tokens: int, now: datetime) -> Standing:
    day = utc_day(now)
    used, reserved = await ledger.day_row(session, user_id, day)
    return Standing(daily_tokens, used, reserved, resets_at(day))


async def reserve(
    session: AsyncSession,
    user_id: uuid.UUID,
    contexts: Sequence[tuple[Context, Messages]],
    *,
    daily_tokens: int,
    answer_max_tokens: int,
    now: datetime,
) -> tuple[Reservation, Messages]:
    """Reserve the first of ``contexts`` (fullest first) whose estimate fits, in the request's
    own transaction: it commits with the question and the answer row, before the answer
    streams (a second pooled connection per answer would let answers opening at once starve
    the pool). Raises :class:`MentorBudgetError` when none fits."""
    day = utc_day(now)
    for context, messages in contexts:
        tokens = estimate(messages, answer_max_tokens)
        if await ledger.reserve(session, user_id, day, tokens, daily_tokens):
            return Reservation(user_id, day, tokens, context), messages
    raise MentorBudgetError(resets_at(day), now)


async def settle_abandoned(session: AsyncSession, before: datetime) -> int:
    """Answers left ``streaming`` by an API process that died become ``failed``; each one's
    reservation is booked as used, whole: what the call cost is unknown, and the day must not
    pass its limit."""
    abandoned = await mentor_repo.finish_abandoned_answers(session, before)
    for checks in abandoned:
        held = checks.get("reservation")
        if isinstance(held, dict):
            tokens = int(held["tokens"])
            user_id, day = uuid.UUID(str(held["user_id"])), date.fromisoformat(str(held["day"]))
            await ledger.settle(session, user_id, day, tokens, tokens)
    return len(abandoned)
