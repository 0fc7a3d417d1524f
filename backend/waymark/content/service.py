"""Content for one concept, one unit (concept × content type × version) at a time.

A unit is claimed before it is paid for (``db.repositories.content_units``): a unit that is
completed, failed, or generating under someone's live lease is skipped, so a duplicate job
never generates it twice. While it generates, its lease is renewed. Whatever goes wrong —
a provider refusal, a search error, invalid output, a database error on odd output — the
unit is recorded as failed with its cause; a unit whose worker died is claimed again until
its attempts run out, then fails. Each unit therefore settles, and so does its task.

A database outage is not a failure of the unit: every write after the claim is retried for
as long as the unit's lease holds (``worker/heartbeat.py``), so output that was paid for is
stored once the database is back, and its usage recorded with it. Only a lost lease stops
the work, without storing it: the claim that holds the unit now settles it.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any

import structlog

from waymark.content import generators
from waymark.content.job import ConceptJob, ContentContext
from waymark.db.engine import session_scope
from waymark.db.outages import retry_outages
from waymark.db.repositories import content_units as units
from waymark.db.repositories import role_stats
from waymark.db.repositories import tasks as task_repo
from waymark.db.repositories.content_units import UnitClaim, UnitKey
from waymark.events.schema import EventType
from waymark.llm.usage import Usage
from waymark.logging import redact_text
from waymark.roadmaps.framework import ALL_CONTENT_TYPES
from waymark.statuses import ContentStatus, ContentType
from waymark.text import without_nul
from waymark.worker.heartbeat import LeaseLostError, hold_lease

log = structlog.get_logger(__name__)

Generator = Callable[[ContentContext, ConceptJob], Awaitable[generators.Generated]]

GENERATORS: dict[ContentType, Generator] = {
    ContentType.TUTORIAL: generators.tutorial,
    ContentType.RESOURCES: generators.resources,
    ContentType.QUIZ: generators.quiz,
}


@dataclass(frozen=True)
class UnitPolicy:
    lease_s: float = 90.0
    max_attempts: int = 3
    durable: bool = True  # False: the stock Celery comparison (no unit leases, no attempt cap)


def key_of(job: ConceptJob, content_type: ContentType) -> UnitKey:
    return UnitKey(job.roadmap_id, job.concept_id, content_type, job.version)


async def generate_concept(
    ctx: ContentContext,
    job: ConceptJob,
    content_types: tuple[ContentType, ...] = ALL_CONTENT_TYPES,
    policy: UnitPolicy = UnitPolicy(),
) -> dict[ContentType, ContentStatus]:
    """Generate the requested types of one concept at ``job.version`` (units that do not
    exist yet are added); returns each unit's status afterwards."""
    async with session_scope(ctx.sessionmaker) as session:
        await units.add_versions(session, [key_of(job, t) for t in content_types])
    for content_type in content_types:
        await generate_unit(ctx, job, content_type, policy)
    async with ctx.sessionmaker() as session:
        settled = await units.statuses(session, [key_of(job, t) for t in content_types])
    return {key.content_type: status for key, status in settled.items()}


async def generate_unit(
    ctx: ContentContext, job: ConceptJob, content_type: ContentType, policy: UnitPolicy
) -> ContentStatus | None:
    """Claim and generate one unit under its lease; None when it was not this job's to
    generate, or its lease was lost on the way (then another claim settles it)."""
    key = key_of(job, content_type)
    async with session_scope(ctx.sessionmaker) as session:
        claim = await units.claim(session, key, lease_s=policy.lease_s, durable=policy.durable)
    if claim is None:
        return None
    job = replace(job, instructions=claim.instructions)

    async def renew() -> bool:
        async with session_scope(ctx.sessionmaker) as session:
            return await units.renew(session, key, attempt=claim.attempt, lease_s=policy.lease_s)

    async def work() -> ContentStatus | None:
        if policy.durable and claim.attempt > policy.max_attempts:
            reason = f"gave up after {policy.max_attempts} attempts (workers lost)"
            return await _fail(ctx, job, key, claim, reason)
        await _concept_event(ctx, job, content_type, "started")
        return await _generate_and_store(ctx, job, key, claim)

    try:
        return await hold_lease(work(), renew=renew, lease_s=policy.lease_s, what=str(key))
    except LeaseLostError:  # another claim may own the unit now: store nothing, announce nothing
        log.warning("content.lease_lost", concept_id=key.concept_id, content_type=content_type.value)
        return None


async def _generate_and_store(
    ctx: ContentContext, job: ConceptJob, key: UnitKey, claim: UnitClaim
) -> ContentStatus | None:
    """Pay for the unit once, then store it. An outage while storing is ridden out for as
    long as the lease holds (the heartbeat stops this only once the lease is lost)."""
    try:
        generated = await GENERATORS[key.content_type](ctx, job)
    except Exception as error:  # any cause: the unit fails with it, never stays generating
        return await _fail(ctx, job, key, claim, f"{type(error).__name__}: {error}")
    body = without_nul(generated.body)  # a model may emit one; PostgreSQL cannot store it
    try:
        stored = await retry_outages(
            lambda: _settle(ctx, job, key, claim, ContentStatus.COMPLETED, body=body, usage=generated.usage),
            within_s=math.inf,
            what="content.store",
        )
    except Exception as error:  # the database refused this output (an outage never ends up here)
        await retry_outages(
            lambda: _record_usage(ctx, job, key.content_type, generated.usage),
            within_s=math.inf,
            what="content.usage",
        )
        return await _fail(
            ctx, job, key, claim, f"could not store the output: {type(error).__name__}: {error}"
        )
    if not stored:  # fenced off: a newer claim owns the unit
        log.warning("content.fenced_off", concept_id=key.concept_id, content_type=key.content_type.value)
        return None
    await _concept_event(ctx, job, key.content_type, "completed")
    return ContentStatus.COMPLETED


async def _record_usage(
    ctx: ContentContext, job: ConceptJob, content_type: ContentType, usage: Usage
) -> None:
    async with session_scope(ctx.sessionmaker) as session:
        await task_repo.add_usage(session, uuid.UUID(job.task_id), usage)
        await role_stats.record_role_usage(session, content_type.value, usage)


async def _settle(
    ctx: ContentContext,
    job: ConceptJob,
    key: UnitKey,
    claim: UnitClaim,
    status: ContentStatus,
    usage: Usage | None = None,
    **fields: Any,
) -> bool:
    """One transaction: the unit's outcome (fenced by its attempt) and the usage it cost."""
    async with session_scope(ctx.sessionmaker) as session:
        if usage is not None:
            await task_repo.add_usage(session, uuid.UUID(job.task_id), usage)
            await role_stats.record_role_usage(session, key.content_type.value, usage)
        return await units.settle(session, key, attempt=claim.attempt, status=status, **fields)


async def _fail(
    ctx: ContentContext, job: ConceptJob, key: UnitKey, claim: UnitClaim, reason: str
) -> ContentStatus:
    message = redact_text(reason.replace("\x00", ""))[:2000]  # the learner reads it
    log.warning(
        "content.failed", concept_id=key.concept_id, content_type=key.content_type.value, error=message
    )
    await retry_outages(
        lambda: _settle(ctx, job, key, claim, ContentStatus.FAILED, error=message),
        within_s=math.inf,
        what="content.fail",
    )
    await _concept_event(ctx, job, key.content_type, "failed", error=message)
    return ContentStatus.FAILED


async def _concept_event(
    ctx: ContentContext, job: ConceptJob, content_type: ContentType, state: str, error: str | None = None
) -> None:
    await ctx.publisher.publish(
        job.task_id,
        EventType.CONCEPT,
        level="error" if error else "info",
        data={
            "concept_id": job.concept_id,
            "content_type": content_type.value,
            "state": state,
            "version": job.version,
            **({"error": error} if error else {}),
        },
    )
