"""/api/v1/placement: the placement check before a roadmap. Written by the ``assessor`` role in
this process (interactive, through the same LLM client and limiter as the workers), graded
here; its keys leave the server only in the graded result. Owner-scoped: another user's id
answers 404 like a missing one."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from waymark.api.deps import ApiUser, ReadSessionDep, SessionDep, TaskCreator
from waymark.api.responses import RATE_LIMITED
from waymark.api.schemas.learner import PlacementAnswers, PlacementCreate, PlacementOut, PlacementResult
from waymark.db.models import Placement
from waymark.learner import placement as placements
from waymark.learner.profile import saved as saved_profile
from waymark.tasks.errors import ConflictError, ServiceUnavailableError

router = APIRouter(prefix="/api/v1/placement", tags=["learner"])

NOT_FOUND = placements.PlacementNotFoundError.response("No such placement check (or not yours)")
QUESTION_FIELDS = ("id", "concept", "type", "prompt", "options")


def _out(placement: Placement) -> PlacementOut:
    return PlacementOut.model_validate(
        {
            "id": placement.id,
            "goal": placement.goal,
            "level": placement.level,
            "questions": [{k: q[k] for k in QUESTION_FIELDS} for q in placement.questions],
            "result": placement.result,
            "created_at": placement.created_at,
            "submitted_at": placement.submitted_at,
        }
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={**ServiceUnavailableError.response(), **RATE_LIMITED},
)
async def create_placement(
    body: PlacementCreate, request: Request, user: TaskCreator, session: SessionDep
) -> PlacementOut:
    """A short quiz (8–12 questions) on the goal's prerequisites and first concepts, without
    its answers. Submit it, then pass its id as ``placement_id`` when you create the task."""
    async with request.app.state.read_sessionmaker() as read:  # closed before the model is called
        profile = await saved_profile(read, user.id)
    llm = request.app.state.llm
    return _out(await placements.create(session, llm, user.id, body.goal.strip(), body.level, profile))


@router.get("/{placement_id}", responses=NOT_FOUND)
async def get_placement(placement_id: uuid.UUID, user: ApiUser, session: ReadSessionDep) -> PlacementOut:
    return _out(await placements.get_owned(session, user.id, placement_id))


@router.post(
    "/{placement_id}/answers",
    responses={**NOT_FOUND, **ConflictError.response("Already submitted")},
)
async def submit_placement(
    placement_id: uuid.UUID, body: PlacementAnswers, user: ApiUser, session: SessionDep
) -> PlacementResult:
    """Grade on the server (once): the verified level, the concepts shown known, the gaps,
    and now each question's key and explanation."""
    placement = await placements.get_owned(session, user.id, placement_id)
    return PlacementResult.model_validate(await placements.submit(session, placement, body.answers))
