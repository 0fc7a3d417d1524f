from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import ExecutionLog


async def write_events(session: AsyncSession, task_id: uuid.UUID, events: list[dict[str, Any]]) -> int:
    """Insert events once each, in stream order: (task, event id) decides; returns how many
    were new."""
    unique = {str(event["id"])[:64]: event for event in reversed(events)}  # the first copy wins
    events = sorted(unique.values(), key=lambda event: _stream_order(str(event["id"])))
    if not events:
        return 0
    rows = [
        {
            "task_id": task_id,
            "event_id": str(event["id"])[:64],
            "event_type": str(event["type"])[:32],
            "level": str(event.get("level") or "info")[:16],
            "step": event.get("step"),
            "message": str(event.get("message") or ""),
            "data": event.get("data") or {},
        }
        for event in events
    ]
    result = await session.execute(
        insert(ExecutionLog)
        .values(rows)
        .on_conflict_do_nothing(index_elements=[ExecutionLog.task_id, ExecutionLog.event_id])
        .returning(ExecutionLog.id)
    )
    return len(result.all())


def _stream_order(event_id: str) -> tuple[int, int]:
    milliseconds, _, sequence = event_id.partition("-")
    return (
        (int(milliseconds), int(sequence or 0)) if milliseconds.isdigit() and sequence.isdigit() else (0, 0)
    )


async def prune_older_than(session: AsyncSession, days: float) -> int:
    cutoff = datetime.now(UTC) - timedelta(days=days)
    result = await session.execute(delete(ExecutionLog).where(ExecutionLog.created_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)


async def page(session: AsyncSession, task_id: uuid.UUID, *, after: int, limit: int) -> list[ExecutionLog]:
    """A task's persisted events in the order they were written, after the cursor ``after``."""
    rows = await session.execute(
        select(ExecutionLog)
        .where(ExecutionLog.task_id == task_id, ExecutionLog.id > after)
        .order_by(ExecutionLog.id)
        .limit(limit)
    )
    return list(rows.scalars())


async def logged_counts(session: AsyncSession, task_ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    """How many events of each task are persisted."""
    if not task_ids:
        return {}
    rows = await session.execute(
        select(ExecutionLog.task_id, func.count())
        .where(ExecutionLog.task_id.in_(task_ids))
        .group_by(ExecutionLog.task_id)
    )
    found = {task_id: int(count) for task_id, count in rows.all()}
    return {task_id: found.get(task_id, 0) for task_id in task_ids}
