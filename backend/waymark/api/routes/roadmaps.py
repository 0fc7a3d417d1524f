"""/api/v1/roadmaps: read, learn (progress, quizzes), regenerate, export, share, delete.
Owner-scoped: another user's roadmap answers 404 exactly like a missing one."""

from __future__ import annotations

import secrets
import uuid
from typing import Annotated, Literal

import structlog
from fastapi import APIRouter, HTTPException, Path, Query, Response, status
from fastapi.responses import JSONResponse, PlainTextResponse

from waymark.api.deps import (
    AnnouncerDep,
    ApiUser,
    Principal,
    QueueDep,
    ReadSessionDep,
    SessionDep,
    SettingsDep,
    TaskCreator,
)
from waymark.api.presenters.roadmaps import (
    concept_detail,
    content_versions,
    readable_content,
    roadmap_out,
    roadmap_summary,
)
from waymark.api.responses import error
from waymark.api.schemas.roadmaps import (
    ConceptDetail,
    ContentVersionList,
    ProgressOut,
    ProgressUpdate,
    QuestionResult,
    QuizAttemptRequest,
    QuizResult,
    RegenerateRequest,
    RoadmapList,
    RoadmapOut,
    ShareOut,
)
from waymark.api.schemas.tasks import TaskAccepted
from waymark.db.models import Concept, Roadmap
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import learner
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories.ownership import get_owned
from waymark.events.schema import EventType
from waymark.lifecycle import control
from waymark.lifecycle.tasks import create_regenerate_task
from waymark.roadmaps import export
from waymark.roadmaps.quiz import UnknownQuestionError, grade
from waymark.statuses import ContentType, TaskStatus
from waymark.text import NO_NUL

router = APIRouter(prefix="/api/v1/roadmaps", tags=["roadmaps"])
log = structlog.get_logger(__name__)

NOT_FOUND = error(404, "No such roadmap or concept (or not yours)")
ConceptPath = Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL)]


async def owned_roadmap(session: SessionDep, user: Principal, roadmap_id: uuid.UUID) -> Roadmap:
    roadmap = await get_owned(session, Roadmap, roadmap_id, user.id)
    if roadmap is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Roadmap not found")
    return roadmap


async def owned_concept(
    session: SessionDep, user: Principal, roadmap_id: uuid.UUID, concept_id: str
) -> tuple[Roadmap, Concept]:
    roadmap = await owned_roadmap(session, user, roadmap_id)
    concept = await roadmap_repo.get_concept(session, roadmap.id, concept_id[:64])
    if concept is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail="Concept not found in this roadmap")
    return roadmap, concept


@router.get("")
async def list_roadmaps(
    user: ApiUser,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RoadmapList:
    rows, total = await roadmap_repo.list_owned(session, user.id, limit=limit, offset=offset)
    return RoadmapList(
        items=[roadmap_summary(r, concepts, done) for r, concepts, done in rows],
        total=total,
    )


@router.get("/{roadmap_id}", responses=NOT_FOUND)
async def get_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: ReadSessionDep) -> RoadmapOut:
    return await roadmap_out(session, await owned_roadmap(session, user, roadmap_id), user.id)


@router.get("/{roadmap_id}/concepts/{concept_id}", responses=NOT_FOUND)
async def get_concept(
    roadmap_id: uuid.UUID, concept_id: ConceptPath, user: ApiUser, session: ReadSessionDep
) -> ConceptDetail:
    roadmap, concept = await owned_concept(session, user, roadmap_id, concept_id)
    return await concept_detail(session, roadmap, concept, user.id)


@router.get("/{roadmap_id}/concepts/{concept_id}/versions/{content_type}", responses=NOT_FOUND)
async def list_content_versions(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    content_type: ContentType,
    user: ApiUser,
    session: ReadSessionDep,
) -> ContentVersionList:
    """Every version of one content type, newest first: compare a regeneration with the one before."""
    roadmap, concept = await owned_concept(session, user, roadmap_id, concept_id)
    return content_versions(
        await content_repo.versions(session, roadmap.id, concept.concept_id, content_type)
    )


@router.post(
    "/{roadmap_id}/concepts/{concept_id}/regenerate",
    status_code=status.HTTP_202_ACCEPTED,
    responses={**NOT_FOUND, **error(409, "Content generation still running, or too many tasks")},
)
async def regenerate_concept(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: RegenerateRequest,
    user: TaskCreator,
    session: SessionDep,
    settings: SettingsDep,
    queue: QueueDep,
) -> TaskAccepted:
    """New versions of some content types of one concept; the current ones stay readable."""
    roadmap, concept = await owned_concept(session, user, roadmap_id, concept_id)
    if await control.roadmap_generation_active(session, roadmap.id):
        raise HTTPException(status.HTTP_409_CONFLICT, detail="The roadmap's content is still being generated")
    task = await create_regenerate_task(
        session,
        owner_id=user.id,
        roadmap_id=roadmap.id,
        concept_id=concept.concept_id,
        content_types=[t.value for t in body.content_types],
        instructions=body.instructions,
        active_cap=settings.celery.active_task_cap,
    )
    await session.commit()
    await queue.send("content.regenerate_concept", str(task.id))
    return TaskAccepted(task_id=task.id, status=TaskStatus.QUEUED)


@router.post(
    "/{roadmap_id}/concepts/{concept_id}/quiz/attempts",
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **error(409, "The quiz is not generated yet")},
)
async def attempt_quiz(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: QuizAttemptRequest,
    user: ApiUser,
    session: SessionDep,
) -> QuizResult:
    """Grade answers on the server; the result carries the right answers and explanations."""
    roadmap, concept = await owned_concept(session, user, roadmap_id, concept_id)
    quizzes = await content_repo.newest_completed(session, roadmap.id, concept.concept_id)
    quiz = next((q for q in quizzes if q.content_type == ContentType.QUIZ.value and q.body), None)
    if quiz is None or quiz.body is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="This concept's quiz is not generated yet")
    try:
        graded = grade(quiz.body, body.answers)
    except UnknownQuestionError as error:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error)) from None
    correct = sum(1 for g in graded if g.correct)
    attempt = await learner.add_quiz_attempt(
        session,
        user_id=user.id,
        roadmap_id=roadmap.id,
        concept_id=concept.concept_id,
        quiz_version=quiz.version,
        answers={k: list(v) for k, v in body.answers.items()},
        correct=correct,
        total=len(graded),
    )
    return QuizResult(
        attempt_id=attempt.id,
        quiz_version=quiz.version,
        correct=correct,
        total=len(graded),
        score=attempt.score,
        results=[QuestionResult(**vars(g)) for g in graded],
    )


@router.put("/{roadmap_id}/concepts/{concept_id}/progress", responses=NOT_FOUND)
async def set_progress(
    roadmap_id: uuid.UUID, concept_id: ConceptPath, body: ProgressUpdate, user: ApiUser, session: SessionDep
) -> ProgressOut:
    roadmap, concept = await owned_concept(session, user, roadmap_id, concept_id)
    row = await learner.set_progress(session, user.id, roadmap.id, concept.concept_id, body.completed)
    return ProgressOut(concept_id=row.concept_id, completed=row.completed, completed_at=row.completed_at)


@router.get(
    "/{roadmap_id}/export",
    responses={**NOT_FOUND, 200: {"content": {"text/markdown": {}, "application/json": {}}}},
)
async def export_roadmap(
    roadmap_id: uuid.UUID,
    user: ApiUser,
    session: ReadSessionDep,
    export_format: Annotated[Literal["markdown", "json"], Query(alias="format")] = "markdown",
) -> Response:
    """The roadmap with its tutorials, resources and quiz questions (never the answers)."""
    roadmap = await owned_roadmap(session, user, roadmap_id)
    content = await readable_content(session, roadmap.id)
    filename = f"waymark-{roadmap.id}.{'md' if export_format == 'markdown' else 'json'}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if export_format == "json":
        return JSONResponse(export.to_json(str(roadmap.id), roadmap.framework, content), headers=headers)
    return PlainTextResponse(
        export.to_markdown(roadmap.framework, content), media_type="text/markdown", headers=headers
    )


@router.post("/{roadmap_id}/share", responses=NOT_FOUND)
async def share_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep) -> ShareOut:
    """A public read-only link (an unguessable slug); sharing again returns the same link."""
    roadmap = await owned_roadmap(session, user, roadmap_id)
    slug = roadmap.share_slug or secrets.token_urlsafe(24)
    if roadmap.share_slug is None:
        await roadmap_repo.set_share_slug(session, roadmap.id, slug)
    return ShareOut(slug=slug, path=f"/api/v1/shared/{slug}")


@router.delete("/{roadmap_id}/share", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def unshare_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep) -> None:
    """Revoke the link: its slug answers 404 from now on."""
    roadmap = await owned_roadmap(session, user, roadmap_id)
    await roadmap_repo.set_share_slug(session, roadmap.id, None)


@router.delete("/{roadmap_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_roadmap(
    roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep, announcer: AnnouncerDep
) -> None:
    """Delete the roadmap and its content; tasks still writing to it are cancelled first."""
    roadmap = await owned_roadmap(session, user, roadmap_id)
    cancelled = await control.cancel_roadmap_tasks(session, roadmap.id)
    await roadmap_repo.delete_roadmap(session, roadmap.id)
    await session.commit()
    for task_id in cancelled:
        await announcer.announce(str(task_id), EventType.CANCELLED, message="roadmap deleted")
    log.info("roadmap.deleted", roadmap_id=str(roadmap.id), cancelled=len(cancelled))
