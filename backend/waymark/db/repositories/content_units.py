"""Content units: one (roadmap, concept, content type, version) row, claimed before it is paid for.

A claim moves the unit to ``generating``, bumps its ``attempts`` and sets a lease, in one
conditional update; a unit under a live lease is never claimed twice, so a duplicate job
pays for nothing. Every later write is fenced with ``attempts = :mine``. Versions are
allocated under a lock on the concept row, so two regenerations never share one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, tuple_, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, ConceptContent
from waymark.statuses import ContentStatus, ContentType


@dataclass(frozen=True)
class UnitKey:
    roadmap_id: uuid.UUID
    concept_id: str
    content_type: ContentType
    version: int


@dataclass(frozen=True)
class UnitClaim:
    attempt: int
    instructions: str | None


def _any_of(keys: list[UnitKey]) -> ColumnElement[bool]:
    """One of ``keys`` (all of one roadmap), as a single row-value IN."""
    return and_(
        ConceptContent.roadmap_id == keys[0].roadmap_id,
        tuple_(ConceptContent.concept_id, ConceptContent.content_type, ConceptContent.version).in_(
            [(k.concept_id, k.content_type.value, k.version) for k in keys]
        ),
    )


def _is(key: UnitKey) -> list[ColumnElement[bool]]:
    return [
        ConceptContent.roadmap_id == key.roadmap_id,
        ConceptContent.concept_id == key.concept_id,
        ConceptContent.content_type == key.content_type,
        ConceptContent.version == key.version,
    ]


async def allocate_versions(
    session: AsyncSession,
    roadmap_id: uuid.UUID,
    concept_id: str,
    content_types: Iterable[ContentType],
    instructions: str | None,
) -> dict[ContentType, int]:
    """A new pending version of each type (max + 1), allocated under a lock on the concept's
    row so that two quick regenerations get versions 2 and 3, never 2 twice."""
    await session.execute(
        select(Concept.concept_id)
        .where(Concept.roadmap_id == roadmap_id, Concept.concept_id == concept_id)
        .with_for_update()
    )
    types = list(content_types)
    current = dict(
        (
            await session.execute(
                select(ConceptContent.content_type, func.max(ConceptContent.version))
                .where(
                    ConceptContent.roadmap_id == roadmap_id,
                    ConceptContent.concept_id == concept_id,
                    ConceptContent.content_type.in_(types),
                )
                .group_by(ConceptContent.content_type)
            )
        ).all()
    )
    versions = {content_type: int(current.get(content_type) or 0) + 1 for content_type in types}
    await session.execute(
        insert(ConceptContent).values(
            [
                {
                    "id": uuid.uuid4(),
                    "roadmap_id": roadmap_id,
                    "concept_id": concept_id,
                    "content_type": content_type,
                    "version": version,
                    "status": ContentStatus.PENDING,
                    "instructions": instructions,
                }
                for content_type, version in versions.items()
            ]
        )
    )
    return versions


async def mark_dispatched(session: AsyncSession, keys: Iterable[UnitKey], *, grace_s: float) -> None:
    """Pending units whose job was just sent: not sent again for ``grace_s``."""
    wanted = list(keys)
    if wanted:
        await session.execute(
            update(ConceptContent)
            .where(_any_of(wanted), ConceptContent.status == ContentStatus.PENDING)
            .values(lease_expires_at=func.now() + timedelta(seconds=grace_s))
        )


async def claim(
    session: AsyncSession, key: UnitKey, *, lease_s: float, durable: bool = True
) -> UnitClaim | None:
    """Take the unit to generate it, or None: it is completed, failed, or generating under
    a live lease (someone else is paying for it right now). ``durable=False`` (the stock
    Celery comparison of bench/chaos_soak.py) takes any unit not completed, as a job that
    simply generates what it finds missing would."""
    claimable = (
        or_(
            ConceptContent.status == ContentStatus.PENDING,
            (ConceptContent.status == ContentStatus.GENERATING)
            & (ConceptContent.lease_expires_at < func.now()),
        )
        if durable
        else ConceptContent.status != ContentStatus.COMPLETED
    )
    result = await session.execute(
        update(ConceptContent)
        .where(*_is(key), claimable)
        .values(
            status=ContentStatus.GENERATING,
            attempts=ConceptContent.attempts + 1,
            lease_expires_at=func.now() + timedelta(seconds=lease_s),
            error=None,
            updated_at=func.now(),
        )
        .returning(ConceptContent.attempts, ConceptContent.instructions)
    )
    row = result.one_or_none()
    return None if row is None else UnitClaim(attempt=row.attempts, instructions=row.instructions)


async def renew(session: AsyncSession, key: UnitKey, *, attempt: int, lease_s: float) -> bool:
    result = await session.execute(
        update(ConceptContent)
        .where(
            *_is(key), ConceptContent.attempts == attempt, ConceptContent.status == ContentStatus.GENERATING
        )
        .values(lease_expires_at=func.now() + timedelta(seconds=lease_s))
    )
    return bool(getattr(result, "rowcount", 0))


async def settle(
    session: AsyncSession,
    key: UnitKey,
    *,
    attempt: int,
    status: ContentStatus,
    body: dict[str, Any] | None = None,
    error: str | None = None,
) -> bool:
    """completed or failed, by the claim that holds the unit; False for a fenced-off one."""
    result = await session.execute(
        update(ConceptContent)
        .where(
            *_is(key), ConceptContent.attempts == attempt, ConceptContent.status == ContentStatus.GENERATING
        )
        .values(status=status, body=body, error=error, lease_expires_at=None, updated_at=func.now())
    )
    return bool(getattr(result, "rowcount", 0))


async def fail_unstarted(session: AsyncSession, keys: Iterable[UnitKey], reason: str) -> None:
    """Units still pending (never claimed) fail with ``reason`` (a cancelled regeneration)."""
    wanted = list(keys)
    if wanted:
        await session.execute(
            update(ConceptContent)
            .where(_any_of(wanted), ConceptContent.status == ContentStatus.PENDING)
            .values(status=ContentStatus.FAILED, error=reason, lease_expires_at=None, updated_at=func.now())
        )


_REARMED = {
    "status": ContentStatus.PENDING,
    "attempts": 0,
    "error": None,
    "lease_expires_at": None,
    "updated_at": func.now(),
}


async def rearm_failed(session: AsyncSession, keys: Iterable[UnitKey]) -> int:
    """A learner's retry: these units, where failed, are pending again with fresh attempts."""
    wanted = list(keys)
    if not wanted:
        return 0
    result = await session.execute(
        update(ConceptContent)
        .where(_any_of(wanted), ConceptContent.status == ContentStatus.FAILED)
        .values(**_REARMED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def rearm_newest_failed(session: AsyncSession, roadmap_id: uuid.UUID) -> int:
    """A learner's retry of a roadmap: the newest version of each failed cell is pending again
    (a failed regenerated version is retried as itself, never version 1)."""
    newer = ConceptContent.__table__.alias("newer")
    result = await session.execute(
        update(ConceptContent)
        .where(
            ConceptContent.roadmap_id == roadmap_id,
            ConceptContent.status == ContentStatus.FAILED,
            ~exists().where(
                newer.c.roadmap_id == ConceptContent.roadmap_id,
                newer.c.concept_id == ConceptContent.concept_id,
                newer.c.content_type == ConceptContent.content_type,
                newer.c.version > ConceptContent.version,
            ),
        )
        .values(**_REARMED)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def statuses(session: AsyncSession, keys: Iterable[UnitKey]) -> dict[UnitKey, ContentStatus]:
    wanted = list(keys)
    if not wanted:
        return {}
    rows = await session.execute(
        select(ConceptContent.concept_id, ConceptContent.content_type, ConceptContent.version)
        .add_columns(ConceptContent.status)
        .where(_any_of(wanted))
    )
    found = {
        UnitKey(wanted[0].roadmap_id, row.concept_id, row.content_type, row.version): row.status
        for row in rows
    }
    return {key: found.get(key, ContentStatus.PENDING) for key in wanted}


async def add_versions(session: AsyncSession, keys: Iterable[UnitKey]) -> None:
    """Pending rows for these units, where they do not exist yet."""
    rows = [
        {
            "id": uuid.uuid4(),
            "roadmap_id": key.roadmap_id,
            "concept_id": key.concept_id,
            "content_type": key.content_type,
            "version": key.version,
            "status": ContentStatus.PENDING,
        }
        for key in keys
    ]
    if rows:
        await session.execute(insert(ConceptContent).values(rows).on_conflict_do_nothing())
