"""Content for one concept: tutorial → resources → quiz, each saved on its own.

Each content type is an upsert keyed by (roadmap, concept, type, version) with its
own status, so one failed type never loses the others, and running the same
generation twice leaves exactly one row per type.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import structlog

from waymark.content import generators
from waymark.content.job import ConceptJob, ContentContext
from waymark.db.engine import session_scope
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import role_stats
from waymark.db.repositories import tasks as task_repo
from waymark.events.schema import EventType
from waymark.llm.errors import LLMError
from waymark.llm.usage import Usage
from waymark.roadmaps.framework import ALL_CONTENT_TYPES
from waymark.search.client import SearchError
from waymark.statuses import ContentStatus, ContentType

log = structlog.get_logger(__name__)


Generator = Callable[[ContentContext, ConceptJob], Awaitable[generators.Generated]]

GENERATORS: dict[ContentType, Generator] = {
    ContentType.TUTORIAL: generators.tutorial,
    ContentType.RESOURCES: generators.resources,
    ContentType.QUIZ: generators.quiz,
}


async def generate_concept(
    ctx: ContentContext, job: ConceptJob, content_types: tuple[ContentType, ...] = ALL_CONTENT_TYPES
) -> dict[ContentType, ContentStatus]:
    """Generate the requested types for one concept; returns the final status of each."""
    results: dict[ContentType, ContentStatus] = {}
    for content_type in content_types:
        results[content_type] = await _generate_one(ctx, job, content_type)
    return results


async def _save(
    ctx: ContentContext,
    job: ConceptJob,
    content_type: ContentType,
    status: ContentStatus,
    usage: Usage | None = None,
    **fields: Any,
) -> None:
    """One transaction: the content row and, when given, the usage it cost."""
    async with session_scope(ctx.sessionmaker) as session:
        if usage is not None:
            await task_repo.add_usage(session, uuid.UUID(job.task_id), usage)
            await role_stats.record_role_usage(session, content_type.value, usage)
        await content_repo.upsert_content(
            session,
            roadmap_id=job.roadmap_id,
            concept_id=job.concept["concept_id"],
            content_type=content_type,
            version=job.version,
            status=status,
            instructions=job.instructions,
            **fields,
        )


async def _generate_one(ctx: ContentContext, job: ConceptJob, content_type: ContentType) -> ContentStatus:
    concept_id = job.concept["concept_id"]
    await _save(ctx, job, content_type, ContentStatus.GENERATING)
    await _concept_event(ctx, job, content_type, "started")
    try:
        generated = await GENERATORS[content_type](ctx, job)
    except (LLMError, SearchError, ValueError) as error:
        message = f"{type(error).__name__}: {error}"[:2000]
        log.warning("content.failed", concept_id=concept_id, content_type=content_type.value, error=message)
        await _save(ctx, job, content_type, ContentStatus.FAILED, error=message)
        await _concept_event(ctx, job, content_type, "failed", error=message)
        return ContentStatus.FAILED
    await _save(ctx, job, content_type, ContentStatus.COMPLETED, body=generated.body, usage=generated.usage)
    await _concept_event(ctx, job, content_type, "completed")
    return ContentStatus.COMPLETED


async def _concept_event(
    ctx: ContentContext,
    job: ConceptJob,
    content_type: ContentType,
    state: str,
    error: str | None = None,
) -> None:
    await ctx.publisher.publish(
        job.task_id,
        EventType.CONCEPT,
        level="error" if error else "info",
        data={
            "concept_id": job.concept["concept_id"],
            "content_type": content_type.value,
            "state": state,
            **({"error": error} if error else {}),
        },
    )
