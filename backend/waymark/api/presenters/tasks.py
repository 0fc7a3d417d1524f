"""Task rows → response bodies (content counts, the review proposal, the cost estimate, logs)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from waymark.api.schemas.tasks import (
    LogEntry,
    LogPage,
)
from waymark.db.models import ExecutionLog
from waymark.db.repositories.role_stats import RoleAverage
from waymark.db.repositories.task_reads import TaskDocument
from waymark.learner.placement import PLACEMENT_KEY, tested_out_ids
from waymark.roadmaps.framework import concept_count, requested_content_types
from waymark.settings import LLMSettings
from waymark.tasks.estimate import estimate_content


def task_body(document: TaskDocument, llm: LLMSettings) -> bytes:
    """The response body of a task read in one round trip. While the task awaits review,
    its live estimate is priced here from the role averages read with it."""
    if document.role_averages is None:
        return document.json.encode()
    body = json.loads(document.json)
    averages = {role: RoleAverage(**values) for role, values in json.loads(document.role_averages).items()}
    framework = (body["review"] or {}).get("framework") or {}
    types = [t.value for t in requested_content_types(body["preferences"])]
    skipped = len(tested_out_ids(framework, body["preferences"].get(PLACEMENT_KEY)))
    body["estimate"] = estimate_content(concept_count(framework), types, averages, llm, skipped)
    return json.dumps(body, separators=(",", ":")).encode()


def log_page(rows: Sequence[ExecutionLog]) -> LogPage:
    return LogPage(
        items=[
            LogEntry.model_validate(
                {
                    "id": row.id,
                    "event_id": row.event_id,
                    "type": row.event_type,
                    "level": row.level,
                    "step": row.step,
                    "message": row.message,
                    "data": row.data,
                    "created_at": row.created_at,
                }
            )
            for row in rows
        ],
        next_after=rows[-1].id if rows else None,
    )
