"""/api/v1/roadmaps: read, learn (progress, quizzes), regenerate, export, share, delete.
Each route parses, authorises, calls a service and shapes the answer. Owner-scoped:
another user's roadmap answers 404 exactly like a missing one."""

from __future__ import annotations

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response, status
from fastapi.responses import JSONResponse, PlainTextResponse

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep, SettingsDep, TaskCreator
from waymark.api.presenters.learner import mastery_out
from waymark.api.presenters.roadmaps import (
    concept_detail,
    content_versions,
    readable_content,
    roadmap_out,
    roadmap_summary,
)
from waymark.api.responses import RATE_LIMITED
from waymark.api.schemas.learner import ConceptMasteryOut, MasteryCorrectionIn, RoadmapMastery
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
    RoadmapSummary,
    ShareOut,
    TrashedRoadmap,
    TrashList,
)
from waymark.api.schemas.tasks import TaskAccepted
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.learner import model
from waymark.learner.mastery import MASTERED_AT
from waymark.roadmaps import export
from waymark.roadmaps import service as roadmaps
from waymark.statuses import ContentType, TaskStatus
from waymark.tasks import service as tasks
from waymark.tasks.errors import ConflictError, RoadmapNotFoundError
from waymark.text import NO_NUL

router = APIRouter(prefix="/api/v1/roadmaps", tags=["roadmaps"])

NOT_FOUND = RoadmapNotFoundError.response("No such roadmap or concept (or not yours)")
ConceptPath = Annotated[str, Path(min_length=1, max_length=64, pattern=NO_NUL)]


@router.get("")
async def list_roadmaps(
    user: ApiUser,
    session: ReadSessionDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RoadmapList:
    rows, total = await roadmap_repo.list_owned(session, user.id, limit=limit, offset=offset)
    return RoadmapList(items=[roadmap_summary(r, concepts, done) for r, concepts, done in rows], total=total)


@router.get("/trash")
async def list_trash(
    user: ApiUser,
    session: ReadSessionDep,
    settings: SettingsDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> TrashList:
    """Your deleted roadmaps, most recently deleted first, each restorable until ``purge_at``."""
    rows, total = await roadmap_repo.list_owned(session, user.id, limit=limit, offset=offset, trashed=True)
    items = [
        TrashedRoadmap(
            **roadmap_summary(r, concepts, done).model_dump(),
            deleted_at=r.deleted_at,
            purge_at=roadmaps.purge_at(r, settings.roadmap),
        )
        for r, concepts, done in rows
    ]
    return TrashList(items=items, total=total)


@router.post("/{roadmap_id}/restore", responses=NOT_FOUND)
async def restore_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep) -> RoadmapSummary:
    """Back from the trash with its content, progress and quiz attempts (not shared again)."""
    roadmap = await roadmaps.restore(session, user.id, roadmap_id)
    concepts, done = await roadmap_repo.progress_counts(session, roadmap.id, user.id)
    return roadmap_summary(roadmap, concepts, done)


@router.get("/{roadmap_id}", responses=NOT_FOUND)
async def get_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: ReadSessionDep) -> RoadmapOut:
    return await roadmap_out(session, await roadmaps.get_owned_roadmap(session, user.id, roadmap_id), user.id)


@router.get("/{roadmap_id}/concepts/{concept_id}", responses=NOT_FOUND)
async def get_concept(
    roadmap_id: uuid.UUID, concept_id: ConceptPath, user: ApiUser, session: ReadSessionDep
) -> ConceptDetail:
    roadmap, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
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
    roadmap, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
    return content_versions(
        await content_repo.versions(session, roadmap.id, concept.concept_id, content_type)
    )


@router.post(
    "/{roadmap_id}/concepts/{concept_id}/regenerate",
    status_code=status.HTTP_202_ACCEPTED,
    responses={
        **NOT_FOUND,
        **ConflictError.response("The roadmap's content is still generating, or too many active tasks"),
        **RATE_LIMITED,
    },
)
async def regenerate_concept(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: RegenerateRequest,
    user: TaskCreator,
    session: SessionDep,
    settings: SettingsDep,
) -> TaskAccepted:
    """New versions of some content types of one concept; the current ones stay readable."""
    roadmap, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
    task_id = await tasks.create_regeneration(
        session,
        owner_id=user.id,
        roadmap_id=roadmap.id,
        concept_id=concept.concept_id,
        content_types=[t.value for t in body.content_types],
        instructions=body.instructions,
        settings=settings,
    )
    return TaskAccepted(task_id=task_id, status=TaskStatus.QUEUED)


@router.post(
    "/{roadmap_id}/concepts/{concept_id}/quiz/attempts",
    status_code=status.HTTP_201_CREATED,
    responses={**NOT_FOUND, **ConflictError.response("The quiz is not generated yet")},
)
async def attempt_quiz(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: QuizAttemptRequest,
    user: ApiUser,
    session: SessionDep,
) -> QuizResult:
    """Grade answers on the server; the result carries the right answers and explanations."""
    _, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
    outcome = await roadmaps.attempt_quiz(session, user.id, concept, body.answers)
    return QuizResult(
        attempt_id=outcome.attempt.id,
        quiz_version=outcome.quiz_version,
        correct=outcome.attempt.correct,
        total=outcome.attempt.total,
        score=outcome.attempt.score,
        results=[QuestionResult(**vars(g)) for g in outcome.graded],
    )


@router.put("/{roadmap_id}/concepts/{concept_id}/progress", responses=NOT_FOUND)
async def set_progress(
    roadmap_id: uuid.UUID, concept_id: ConceptPath, body: ProgressUpdate, user: ApiUser, session: SessionDep
) -> ProgressOut:
    _, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
    row = await roadmaps.set_progress(session, user.id, concept, body.completed)
    return ProgressOut(concept_id=row.concept_id, completed=row.completed, completed_at=row.completed_at)


@router.get("/{roadmap_id}/mastery", responses=NOT_FOUND)
async def get_mastery(roadmap_id: uuid.UUID, user: ApiUser, session: ReadSessionDep) -> RoadmapMastery:
    """The learner model: each concept's mastery from your graded quiz attempts (recent ones
    weigh more; one attempt is held at 0.6), your corrections and a placement check, with the
    reasons and the questions you missed. ``mastered`` concepts leave the pace plan."""
    roadmap = await roadmaps.get_owned_roadmap(session, user.id, roadmap_id)
    rows = await model.roadmap_mastery(session, user.id, roadmap)
    return RoadmapMastery(
        roadmap_id=roadmap.id, mastered_at=MASTERED_AT, items=[mastery_out(r) for r in rows]
    )


@router.put("/{roadmap_id}/concepts/{concept_id}/mastery", responses=NOT_FOUND)
async def correct_mastery(
    roadmap_id: uuid.UUID,
    concept_id: ConceptPath,
    body: MasteryCorrectionIn,
    user: ApiUser,
    session: SessionDep,
) -> ConceptMasteryOut:
    """Correct the model: "I know this" (``known``) or start over (``reset``)."""
    _, concept = await roadmaps.get_owned_concept(session, user.id, roadmap_id, concept_id)
    return mastery_out(await model.correct(session, user.id, concept, body.correction))


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
    roadmap = await roadmaps.get_owned_roadmap(session, user.id, roadmap_id)
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
    slug = await roadmaps.share(session, await roadmaps.get_owned_roadmap(session, user.id, roadmap_id))
    return ShareOut(slug=slug, path=f"/api/v1/shared/{slug}")


@router.delete("/{roadmap_id}/share", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def unshare_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep) -> None:
    """Revoke the link: its slug answers 404 from now on."""
    await roadmaps.unshare(session, await roadmaps.get_owned_roadmap(session, user.id, roadmap_id))


@router.delete("/{roadmap_id}", status_code=status.HTTP_204_NO_CONTENT, responses=NOT_FOUND)
async def delete_roadmap(roadmap_id: uuid.UUID, user: ApiUser, session: SessionDep) -> None:
    """Move the roadmap to the trash (restorable for ``ROADMAP_TRASH_DAYS``); tasks still
    writing to it are cancelled first and its share link stops working at once."""
    await roadmaps.delete(session, await roadmaps.get_owned_roadmap(session, user.id, roadmap_id))
