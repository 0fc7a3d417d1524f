"""Concept content rows (tutorial / resources / quiz), one per version.

Every write is an upsert keyed by (roadmap, concept, content type, version), so a
repeated or resumed generation rewrites its own row and never adds a second one.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar, cast

from sqlalchemy import Select, func, select
from sqlalchemy.dialects.postgresql import distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ConceptContent
from waymark.statuses import ContentStatus, ContentType

SelectT = TypeVar("SelectT", bound=Select[Any])


def newest_per_cell(query: SelectT) -> SelectT:
    """Keep only the highest version of each (concept, content type) the query selects."""
    return query.order_by(
        ConceptContent.concept_id, ConceptContent.content_type, ConceptContent.version.desc()
    ).ext(distinct_on(ConceptContent.concept_id, ConceptContent.content_type))


async def upsert_content(
    session: AsyncSession,
    *,
    roadmap_id: uuid.UUID,
    concept_id: str,
    content_type: ContentType,
    version: int,
    status: ContentStatus,
    body: dict[str, Any] | None = None,
    error: str | None = None,
    instructions: str | None = None,
) -> None:
    values: dict[str, Any] = {"status": status.value, "body": body, "error": error}
    statement = insert(ConceptContent).values(
        id=uuid.uuid4(),
        roadmap_id=roadmap_id,
        concept_id=concept_id,
        content_type=content_type.value,
        version=version,
        instructions=instructions,
        **values,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[
                ConceptContent.roadmap_id,
                ConceptContent.concept_id,
                ConceptContent.content_type,
                ConceptContent.version,
            ],
            set_={**values, "updated_at": func.now()},
        )
    )


async def latest_contents(
    session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str | None = None
) -> list[ConceptContent]:
    """The newest version of every content type (of one concept, or of the whole roadmap)."""
    query = select(ConceptContent).where(ConceptContent.roadmap_id == roadmap_id)
    if concept_id is not None:
        query = query.where(ConceptContent.concept_id == concept_id)
    return list((await session.execute(newest_per_cell(query))).scalars())


async def latest_statuses(
    session: AsyncSession, roadmap_id: uuid.UUID
) -> dict[tuple[str, ContentType], ContentStatus]:
    """The status of the newest version of every (concept, content type) of a roadmap, without
    their bodies: what a content job reads each time it checks whether the roadmap is done."""
    query = select(ConceptContent.concept_id, ConceptContent.content_type, ConceptContent.status).where(
        ConceptContent.roadmap_id == roadmap_id
    )
    rows = await session.execute(newest_per_cell(cast("Select[Any]", query)))
    return {(concept_id, content_type): status for concept_id, content_type, status in rows}


async def next_version(
    session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str, content_type: ContentType
) -> int:
    current = await session.scalar(
        select(func.max(ConceptContent.version)).where(
            ConceptContent.roadmap_id == roadmap_id,
            ConceptContent.concept_id == concept_id,
            ConceptContent.content_type == content_type.value,
        )
    )
    return int(current or 0) + 1


async def newest_completed(
    session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str | None = None
) -> list[ConceptContent]:
    """The newest completed version of each content type (what a learner reads while a
    newer version is still being generated)."""
    query = select(ConceptContent).where(
        ConceptContent.roadmap_id == roadmap_id, ConceptContent.status == ContentStatus.COMPLETED.value
    )
    if concept_id is not None:
        query = query.where(ConceptContent.concept_id == concept_id)
    return list((await session.execute(newest_per_cell(query))).scalars())


async def versions(
    session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str, content_type: ContentType
) -> list[ConceptContent]:
    """Every version of one content type of one concept, newest first."""
    rows = await session.execute(
        select(ConceptContent)
        .where(
            ConceptContent.roadmap_id == roadmap_id,
            ConceptContent.concept_id == concept_id,
            ConceptContent.content_type == content_type.value,
        )
        .order_by(ConceptContent.version.desc())
    )
    return list(rows.scalars())


async def has_failed(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    """Is the newest version of any of the roadmap's content cells failed?"""
    newest = newest_per_cell(
        select(ConceptContent.status).where(ConceptContent.roadmap_id == roadmap_id)
    ).subquery()
    failed = select(newest.c.status).where(newest.c.status == ContentStatus.FAILED).exists()
    return bool(await session.scalar(select(failed)))
