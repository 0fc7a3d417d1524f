"""Roadmaps and their normalised concept rows."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, delete, func, literal_column, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Concept, ConceptProgress, Roadmap
from waymark.roadmaps.framework import walk

LIVE = Roadmap.deleted_at.is_(None)  # not in the trash


def concept_rows(framework: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per concept, in reading order."""
    return [
        {
            "concept_id": placed.concept_id,
            "stage_id": placed.stage["stage_id"],
            "module_id": placed.module["module_id"],
            "position": placed.position,
            "title": placed.concept["title"],
        }
        for placed in walk(framework)
    ]


async def upsert_roadmap_for_task(
    session: AsyncSession,
    *,
    task_id: uuid.UUID,
    owner_id: uuid.UUID,
    framework: dict[str, Any],
    weekly_hours: float | None = None,
) -> uuid.UUID:
    """Create the task's roadmap, or replace its framework; idempotent per task."""
    values = {
        "title": str(framework["title"])[:300],
        "summary": str(framework.get("summary", "")),
        "framework": framework,
        "weekly_hours": weekly_hours,
    }
    statement = (
        insert(Roadmap)
        .values(id=uuid.uuid4(), task_id=task_id, owner_id=owner_id, **values)
        .on_conflict_do_update(index_elements=[Roadmap.task_id], set_=values)
        .returning(Roadmap.id, literal_column("xmax = 0", Boolean).label("inserted"))
    )
    row = (await session.execute(statement)).one()
    await sync_concepts(session, row.id, framework, fresh=bool(row.inserted))
    roadmap_id: uuid.UUID = row.id
    return roadmap_id


async def sync_concepts(
    session: AsyncSession, roadmap_id: uuid.UUID, framework: dict[str, Any], *, fresh: bool = False
) -> None:
    """Make the concept rows match the framework; content of kept concepts survives.
    ``fresh``: the roadmap row was just inserted, so there is nothing to remove."""
    rows = concept_rows(framework)
    if not fresh:
        keep = [row["concept_id"] for row in rows]
        await session.execute(
            delete(Concept).where(Concept.roadmap_id == roadmap_id, Concept.concept_id.not_in(keep))
        )
    if not rows:
        return
    statement = insert(Concept).values([{"roadmap_id": roadmap_id, **row} for row in rows])
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[Concept.roadmap_id, Concept.concept_id],
            set_={
                "stage_id": statement.excluded.stage_id,
                "module_id": statement.excluded.module_id,
                "position": statement.excluded.position,
                "title": statement.excluded.title,
            },
        )
    )


async def list_owned(
    session: AsyncSession, owner_id: uuid.UUID, *, limit: int, offset: int, trashed: bool = False
) -> tuple[list[tuple[Roadmap, int, int]], int]:
    """The owner's roadmaps (live, or those in the trash), newest first (the trash: most
    recently deleted first), each with its concept count and how many the owner completed;
    and the total."""
    shown = Roadmap.deleted_at.is_not(None) if trashed else LIVE
    order = (Roadmap.deleted_at.desc(), Roadmap.id) if trashed else (Roadmap.created_at.desc(), Roadmap.id)
    concepts = (
        select(func.count()).select_from(Concept).where(Concept.roadmap_id == Roadmap.id).scalar_subquery()
    )
    done = (
        select(func.count())
        .select_from(ConceptProgress)
        .where(
            ConceptProgress.roadmap_id == Roadmap.id,
            ConceptProgress.user_id == owner_id,
            ConceptProgress.completed.is_(True),
        )
        .scalar_subquery()
    )
    rows = await session.execute(
        select(Roadmap, concepts, done)
        .where(Roadmap.owner_id == owner_id, shown)
        .order_by(*order)
        .limit(limit)
        .offset(offset)
    )
    total = await session.scalar(
        select(func.count()).select_from(Roadmap).where(Roadmap.owner_id == owner_id, shown)
    )
    return [(row[0], int(row[1]), int(row[2])) for row in rows.all()], int(total or 0)


async def progress_counts(
    session: AsyncSession, roadmap_id: uuid.UUID, owner_id: uuid.UUID
) -> tuple[int, int]:
    """(concepts, concepts the owner completed) of one roadmap."""
    concepts = await session.scalar(
        select(func.count()).select_from(Concept).where(Concept.roadmap_id == roadmap_id)
    )
    done = await session.scalar(
        select(func.count())
        .select_from(ConceptProgress)
        .where(
            ConceptProgress.roadmap_id == roadmap_id,
            ConceptProgress.user_id == owner_id,
            ConceptProgress.completed.is_(True),
        )
    )
    return int(concepts or 0), int(done or 0)


async def mark_tested_out(session: AsyncSession, roadmap_id: uuid.UUID, concept_ids: set[str]) -> None:
    """Exactly these concepts of the roadmap are tested out (a placement check showed them known)."""
    await session.execute(
        update(Concept)
        .where(Concept.roadmap_id == roadmap_id)
        .values(tested_out=Concept.concept_id.in_(sorted(concept_ids)) if concept_ids else False)
    )


async def tested_out_concepts(session: AsyncSession, roadmap_id: uuid.UUID) -> set[str]:
    rows = await session.execute(
        select(Concept.concept_id).where(Concept.roadmap_id == roadmap_id, Concept.tested_out.is_(True))
    )
    return set(rows.scalars())


async def list_concepts(session: AsyncSession, roadmap_id: uuid.UUID) -> list[Concept]:
    rows = await session.execute(
        select(Concept).where(Concept.roadmap_id == roadmap_id).order_by(Concept.position)
    )
    return list(rows.scalars())


async def get_concept(session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str) -> Concept | None:
    return await session.get(Concept, (roadmap_id, concept_id))


async def has_concept(session: AsyncSession, roadmap_id: uuid.UUID, concept_id: str) -> bool:
    """Is the concept's row there now (read from the database, not the session's cache)?"""
    found = await session.scalar(
        select(Concept.concept_id).where(Concept.roadmap_id == roadmap_id, Concept.concept_id == concept_id)
    )
    return found is not None


async def set_share_slug(session: AsyncSession, roadmap_id: uuid.UUID, slug: str | None) -> None:
    await session.execute(update(Roadmap).where(Roadmap.id == roadmap_id).values(share_slug=slug))


async def claim_share_slug(session: AsyncSession, roadmap_id: uuid.UUID, candidate: str) -> str | None:
    """The roadmap's share slug: the one it has, or ``candidate`` when it has none — decided
    by one UPDATE, so of two concurrent calls the second waits for the first's row and
    returns its slug. None when the roadmap is gone."""
    slug = await session.scalar(
        update(Roadmap)
        .where(Roadmap.id == roadmap_id)
        .values(share_slug=func.coalesce(Roadmap.share_slug, candidate))
        .returning(Roadmap.share_slug)
    )
    return str(slug) if slug is not None else None


async def hold(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    """Keep the roadmap from being deleted until this transaction ends (a key-share lock: its
    deletion waits, nothing else does); False when it is already gone."""
    found = await session.scalar(
        select(Roadmap.id).where(Roadmap.id == roadmap_id, LIVE).with_for_update(key_share=True)
    )
    return found is not None


async def lock_for_delete(session: AsyncSession, roadmap_id: uuid.UUID) -> None:
    """The roadmap's row, locked before its deletion: a transaction still holding it (a
    regeneration being created) finishes first, so whatever it added is seen and stopped."""
    await session.execute(select(Roadmap.id).where(Roadmap.id == roadmap_id).with_for_update())


async def by_share_slug(session: AsyncSession, slug: str) -> Roadmap | None:
    return await session.scalar(select(Roadmap).where(Roadmap.share_slug == slug, LIVE))


async def is_live(session: AsyncSession, roadmap_id: uuid.UUID) -> bool:
    """Does the roadmap exist outside the trash?"""
    return await session.scalar(select(Roadmap.id).where(Roadmap.id == roadmap_id, LIVE)) is not None


async def move_to_trash(session: AsyncSession, roadmap_id: uuid.UUID) -> None:
    """Into the trash: hidden from every read, its share link gone for good."""
    await session.execute(
        update(Roadmap)
        .where(Roadmap.id == roadmap_id, LIVE)
        .values(deleted_at=datetime.now(UTC), share_slug=None)
    )


async def restore(session: AsyncSession, owner_id: uuid.UUID, roadmap_id: uuid.UUID) -> Roadmap | None:
    """Out of the trash, with its content and progress (they never left); None when the
    owner has no such roadmap in the trash."""
    restored: Roadmap | None = await session.scalar(
        update(Roadmap)
        .where(Roadmap.id == roadmap_id, Roadmap.owner_id == owner_id, Roadmap.deleted_at.is_not(None))
        .values(deleted_at=None)
        .returning(Roadmap)
    )
    return restored


async def purge_trashed_before(session: AsyncSession, cutoff: datetime) -> int:
    """Delete, with their content, progress and attempts, roadmaps trashed before ``cutoff``."""
    result = await session.execute(delete(Roadmap).where(Roadmap.deleted_at < cutoff).returning(Roadmap.id))
    return len(result.all())
