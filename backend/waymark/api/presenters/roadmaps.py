"""Roadmap rows → response bodies: concept statuses, the learner's progress, content bodies."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.schemas.roadmaps import (
    ConceptDetail,
    ConceptSummary,
    ContentBody,
    ContentState,
    ContentVersion,
    ContentVersionList,
    RoadmapOut,
    RoadmapProgress,
    RoadmapSummary,
    SharedConcept,
    SharedRoadmap,
)
from waymark.db.models import Concept, ConceptContent, Roadmap
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import learner
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.markdown_safety import sanitize_markdown
from waymark.roadmaps.export import ContentByConcept
from waymark.roadmaps.framework import find_concept
from waymark.roadmaps.quiz import without_answers
from waymark.statuses import ContentType


def progress(concepts: int, completed: int) -> RoadmapProgress:
    percent = round(100 * completed / concepts, 1) if concepts else 0.0
    return RoadmapProgress(concepts=concepts, completed=completed, percent=percent)


def roadmap_summary(roadmap: Roadmap, concepts: int, completed: int) -> RoadmapSummary:
    return RoadmapSummary(
        id=roadmap.id,
        title=roadmap.title,
        summary=roadmap.summary,
        task_id=roadmap.task_id,
        progress=progress(concepts, completed),
        weekly_hours=roadmap.weekly_hours,
        created_at=roadmap.created_at,
    )


def _states(rows: list[ConceptContent]) -> dict[str, dict[ContentType, ContentState]]:
    states: dict[str, dict[ContentType, ContentState]] = {}
    for row in rows:
        states.setdefault(row.concept_id, {})[row.content_type] = ContentState(
            status=row.status, version=row.version, error=row.error
        )
    return states


async def roadmap_out(session: AsyncSession, roadmap: Roadmap, user_id: uuid.UUID) -> RoadmapOut:
    concepts = await roadmap_repo.list_concepts(session, roadmap.id)
    states = _states(await content_repo.latest_contents(session, roadmap.id))
    done = await learner.completed_concepts(session, user_id, roadmap.id)
    completed = len(done & {c.concept_id for c in concepts})
    return RoadmapOut(
        **roadmap_summary(roadmap, len(concepts), completed).model_dump(),
        framework=roadmap.framework,
        concepts=[
            ConceptSummary(
                concept_id=c.concept_id,
                title=c.title,
                stage_id=c.stage_id,
                module_id=c.module_id,
                position=c.position,
                content=states.get(c.concept_id, {}),
                completed=c.concept_id in done,
                tested_out=c.tested_out,
            )
            for c in concepts
        ],
        share_slug=roadmap.share_slug,
        updated_at=roadmap.updated_at,
    )


def readable_body(row: ConceptContent) -> dict[str, Any] | None:
    """A content body as learners may read it: a quiz without its answers, a tutorial's
    Markdown sanitised again on the way out (whenever it was written)."""
    if row.body is None:
        return None
    if row.content_type is ContentType.QUIZ:
        return without_answers(row.body)
    if row.content_type is ContentType.TUTORIAL and isinstance(row.body.get("body_markdown"), str):
        return {**row.body, "body_markdown": sanitize_markdown(row.body["body_markdown"])}
    return row.body


def content_versions(rows: list[ConceptContent]) -> ContentVersionList:
    return ContentVersionList(
        items=[
            ContentVersion(
                version=row.version,
                status=row.status,
                error=row.error,
                instructions=row.instructions,
                body=readable_body(row),
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
            for row in rows
        ]
    )


async def concept_detail(
    session: AsyncSession, roadmap: Roadmap, concept: Concept, user_id: uuid.UUID
) -> ConceptDetail:
    newest = {
        r.content_type: r for r in await content_repo.latest_contents(session, roadmap.id, concept.concept_id)
    }
    readable = {
        r.content_type: r
        for r in await content_repo.newest_completed(session, roadmap.id, concept.concept_id)
    }

    def body(content_type: ContentType) -> ContentBody:
        latest, done = newest.get(content_type), readable.get(content_type)
        return ContentBody(
            status=latest.status if latest else None,
            version=latest.version if latest else None,
            body=readable_body(done) if done else None,
        )

    done_ids = await learner.completed_concepts(session, user_id, roadmap.id)
    return ConceptDetail(
        concept_id=concept.concept_id,
        title=concept.title,
        stage_id=concept.stage_id,
        module_id=concept.module_id,
        concept=dict(find_concept(roadmap.framework, concept.concept_id) or {}),
        tutorial=body(ContentType.TUTORIAL),
        resources=body(ContentType.RESOURCES),
        quiz=body(ContentType.QUIZ),
        completed=concept.concept_id in done_ids,
    )


async def readable_content(session: AsyncSession, roadmap_id: uuid.UUID) -> ContentByConcept:
    content: ContentByConcept = {}
    for row in await content_repo.newest_completed(session, roadmap_id):
        body = readable_body(row)
        if body is not None:
            content.setdefault(row.concept_id, {})[row.content_type] = body
    return content


async def shared_view(session: AsyncSession, roadmap: Roadmap) -> SharedRoadmap:
    content = await readable_content(session, roadmap.id)
    concepts = await roadmap_repo.list_concepts(session, roadmap.id)
    return SharedRoadmap(
        title=roadmap.title,
        summary=roadmap.summary,
        framework=roadmap.framework,
        concepts=[
            SharedConcept(
                concept_id=c.concept_id,
                title=c.title,
                tutorial=content.get(c.concept_id, {}).get(ContentType.TUTORIAL),
                resources=content.get(c.concept_id, {}).get(ContentType.RESOURCES),
            )
            for c in concepts
        ],
    )
