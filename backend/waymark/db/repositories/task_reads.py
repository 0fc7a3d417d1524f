"""The task read of ``GET /api/v1/tasks/{id}`` in one round trip.

PostgreSQL builds the whole response document (the task, its content counts, its review
rounds and, while it awaits review, the per-role usage averages the live estimate needs)
and returns it as JSON text, which the API sends as it is. It runs on the API's asyncpg
pool as a prepared statement: no ORM, no per-row Python objects on the hot path.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg

from waymark.statuses import ContentStatus, TaskKind, TaskStatus

_TASK_DOCUMENT = f"""
SELECT json_build_object(
  'id', t.id, 'kind', t.kind, 'goal', t.goal, 'status', t.status, 'current_step', t.current_step,
  'progress', t.progress, 'roadmap_id', t.roadmap_id, 'preferences', t.preferences,
  'intent', t.intent, 'error', t.error,
  'usage', json_build_object(
    'llm_calls', t.llm_calls, 'prompt_tokens', t.prompt_tokens,
    'completion_tokens', t.completion_tokens, 'cost_usd', t.cost_usd::float8),
  'content', content.counts,
  'estimate', CASE WHEN t.status = '{TaskStatus.AWAITING_REVIEW}' THEN NULL ELSE t.content_estimate END,
  'review', CASE WHEN t.status = '{TaskStatus.AWAITING_REVIEW}' THEN t.proposal END,
  'reviews', COALESCE((
    SELECT json_agg(json_build_object(
      'round', r.round, 'decision', r.decision, 'feedback', r.feedback,
      'wrong_assumption', r.wrong_assumption, 'created_at', r.created_at)
      ORDER BY r.round)
    FROM review_records r WHERE r.task_id = t.id), '[]'::json),
  'created_at', t.created_at, 'updated_at', t.updated_at,
  'started_at', t.started_at, 'finished_at', t.finished_at
)::text AS document,
CASE WHEN t.status = '{TaskStatus.AWAITING_REVIEW}' AND t.proposal IS NOT NULL THEN (
  SELECT COALESCE(json_object_agg(s.role, json_build_object(
    'items', s.items, 'calls', s.calls::float8 / s.items,
    'prompt_tokens', s.prompt_tokens::float8 / s.items,
    'completion_tokens', s.completion_tokens::float8 / s.items,
    'cost_usd', s.cost_usd::float8 / s.items)), '{{}}'::json)::text
  FROM llm_role_stats s WHERE s.items > 0) END AS role_averages
FROM tasks t
LEFT JOIN LATERAL (
  SELECT json_build_object(
    'total', cells.total,
    'pending', GREATEST(0, cells.total - cells.generating - cells.completed - cells.failed),
    'generating', cells.generating, 'completed', cells.completed, 'failed', cells.failed) AS counts
  FROM (
    SELECT
      (SELECT count(*) FROM concepts c WHERE c.roadmap_id = t.roadmap_id AND NOT c.tested_out)
        * COALESCE(jsonb_array_length(t.preferences -> 'content_types'), 3) AS total,
      count(*) FILTER (WHERE newest.status = '{ContentStatus.GENERATING}') AS generating,
      count(*) FILTER (WHERE newest.status = '{ContentStatus.COMPLETED}') AS completed,
      count(*) FILTER (WHERE newest.status = '{ContentStatus.FAILED}') AS failed
    FROM (
      SELECT DISTINCT ON (cc.concept_id, cc.content_type) cc.status
      FROM concept_contents cc
      JOIN concepts k ON k.roadmap_id = cc.roadmap_id AND k.concept_id = cc.concept_id AND NOT k.tested_out
      WHERE cc.roadmap_id = t.roadmap_id
      ORDER BY cc.concept_id, cc.content_type, cc.version DESC
    ) newest
  ) cells
) content ON t.roadmap_id IS NOT NULL AND t.kind = '{TaskKind.ROADMAP}'
WHERE t.id = $1 AND t.owner_id = $2
"""  # noqa: S608 - only enum values are interpolated, once, at import


@dataclass(frozen=True)
class TaskDocument:
    json: str  # the TaskOut body
    role_averages: str | None  # JSON, while the task awaits review (for its live estimate)


# a pooled connection the server dropped (a restart): the pool replaces it, the read is retried
_LOST = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)


async def task_document(pool: asyncpg.Pool, task_id: uuid.UUID, owner_id: uuid.UUID) -> TaskDocument | None:
    """The owner's task; None for a missing task or another user's, alike."""
    for attempt in range(2):
        try:
            row = await pool.fetchrow(_TASK_DOCUMENT, task_id, owner_id)
            break
        except _LOST:
            if attempt:
                raise
    return None if row is None else TaskDocument(row["document"], row["role_averages"])
