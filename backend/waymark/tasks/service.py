"""The Task service: every transition of a task is decided here, and nowhere else.

Each function takes the request's (or job's) session and never commits: the caller's
scope owns the transaction. Jobs and events go through ``worker.outbox`` and leave only
after the commit. Errors are domain errors that carry their HTTP status (``tasks.errors``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import Task
from waymark.db.repositories import content_units as units
from waymark.db.repositories import contents as content_repo
from waymark.db.repositories import leases
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories import task_transitions as transitions
from waymark.db.repositories import tasks as task_repo
from waymark.db.repositories.content_units import UnitKey
from waymark.events.schema import EventType
from waymark.learner import placement
from waymark.learner.profile import resolve_preferences
from waymark.learner.profile import saved as saved_profile
from waymark.roadmaps.framework import weekly_hours
from waymark.roadmaps.rules import validate_framework
from waymark.settings import Settings
from waymark.statuses import RETRYABLE_STATUSES, ContentType, ReviewDecision, TaskKind, TaskStatus
from waymark.tasks import runs
from waymark.tasks.errors import (
    ActiveTaskLimitError,
    ConflictError,
    InvalidFrameworkError,
    RoadmapNotFoundError,
    TaskNotFoundError,
    TaskStateError,
    UnprocessableError,
)
from waymark.tasks.estimate import estimate_for_framework
from waymark.tasks.recovery import Recovery, RecoveryType, TaskPosition, recovery_for
from waymark.worker.outbox import announce, enqueue

log = structlog.get_logger(__name__)


async def get_owned(session: AsyncSession, owner_id: uuid.UUID, task_id: uuid.UUID) -> Task:
    task = await task_repo.get_owned_task(session, owner_id, task_id)
    if task is None:
        raise TaskNotFoundError
    return task


async def create_roadmap_task(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    goal: str,
    preferences: dict[str, Any],
    idempotency_key: str | None,
    settings: Settings,
    defaults: Mapping[str, Any] | None = None,
    placement_id: uuid.UUID | None = None,
) -> tuple[uuid.UUID, TaskStatus, bool]:
    """(task id, status, created). The same idempotency key returns the same task, even when
    two requests race; the active-task cap is enforced by the insert itself. With
    ``defaults``, ``preferences`` holds only what the learner chose for this roadmap, and
    the learner's profile fills the rest (``learner/profile.py``)."""
    chosen = set(preferences)
    if defaults is not None:
        preferences = resolve_preferences(preferences, defaults, await saved_profile(session, owner_id))
    if placement_id is not None:  # the verified level wins over the profile, not over the learner
        result = await placement.for_task(session, owner_id, placement_id)
        preferences = {**preferences, placement.PLACEMENT_KEY: result}
        if "level" not in chosen:
            preferences["level"] = result["verified_level"]
    await transitions.lock_owner(session, owner_id)
    if idempotency_key:
        found = await transitions.find_by_idempotency_key(session, owner_id, idempotency_key)
        if found is not None:
            return found[0], found[1], False
    task_id = await transitions.insert_below_cap(
        session,
        owner_id=owner_id,
        goal=goal,
        preferences=preferences,
        idempotency_key=idempotency_key,
        cap=settings.celery.active_task_cap,
    )
    if task_id is None:
        raise ActiveTaskLimitError(settings.celery.active_task_cap)
    enqueue(session, "workflow.generate_roadmap", str(task_id))
    log.info("task.created", task_id=str(task_id))
    return task_id, TaskStatus.QUEUED, True


def _checked_edit(task: Task, framework: dict[str, Any], settings: Settings) -> None:
    issues = validate_framework(
        framework, weekly_hours(task.preferences), max_concepts=settings.roadmap.max_concepts
    )
    if issues:
        raise InvalidFrameworkError(issues)


async def review(
    session: AsyncSession,
    task: Task,
    *,
    decision: ReviewDecision,
    framework: dict[str, Any] | None,
    feedback: str | None,
    settings: Settings,
    wrong_assumption: str | None = None,
) -> None:
    """approve, edit (the learner's framework replaces the proposal, after the same structure
    rules) or reject with feedback. The content estimate is frozen from what will be built."""
    if task.status is not TaskStatus.AWAITING_REVIEW:
        raise TaskStateError(task.status, "review")
    proposed: Mapping[str, Any] = (task.proposal or {}).get("framework") or {}
    if decision is ReviewDecision.EDIT:
        if framework is None:
            raise UnprocessableError("an edit needs the edited framework")
        _checked_edit(task, framework, settings)
        proposed = framework
    elif decision is ReviewDecision.APPROVE and proposed.get("stages"):
        # approving builds the proposal as it is: one the automatic edit rounds could not
        # bring within the rules is refused, naming them (the learner can edit or reject it)
        issues = validate_framework(
            proposed, weekly_hours(task.preferences), max_concepts=settings.roadmap.max_concepts
        )
        if issues:
            named = "; ".join(f"{issue.code}: {issue.message}" for issue in issues[:10])
            raise ConflictError(
                f"the proposal breaks {len(issues)} structure rule(s), so it cannot be approved "
                f"as it is — edit it or reject it ({named})"
            )
    estimate = (
        None
        if decision is ReviewDecision.REJECT
        else await estimate_for_framework(session, proposed, task.preferences, settings.llm)
    )
    stored = {
        "decision": decision.value,
        "feedback": feedback,
        "framework": framework,
        "wrong_assumption": wrong_assumption,
    }
    if not await transitions.store_review_decision(session, task.id, stored, estimate):
        raise TaskStateError(await task_repo.status_of(session, task.id), "review")
    enqueue(session, "workflow.resume_after_review", str(task.id))
    announce(session, str(task.id), EventType.STATUS, data={"status": "running", "decision": decision.value})


async def cancel(session: AsyncSession, task: Task) -> None:
    """Any non-terminal task → cancelled. A queued task never starts, a running workflow
    stops at its next node boundary, content generation starts no new unit."""
    previous = task.status
    if not await transitions.cancel(session, task.id):
        raise TaskStateError(await task_repo.status_of(session, task.id), "cancel")
    if task.kind is TaskKind.REGENERATE:  # its versions that never started say why
        await units.fail_unstarted(session, regeneration_units(task), "cancelled before it started")
    announce(
        session,
        str(task.id),
        EventType.CANCELLED,
        message="cancelled by the learner",
        data={"previous": previous.value},
    )


async def retry(session: AsyncSession, task: Task, settings: Settings) -> Recovery:
    """failed / partial_failure / cancelled → active again, continuing where it stopped (same
    task, roadmap and reviewed framework; finished content kept). Counts against the
    active-task cap like a new task."""
    await transitions.lock_owner(session, task.owner_id)
    locked = await task_repo.lock_task(session, task.id)
    if locked is None or locked.status not in RETRYABLE_STATUSES:
        raise TaskStateError(locked.status if locked else None, "retry")
    position = TaskPosition(
        kind=locked.kind,
        step=locked.current_step,
        has_roadmap=locked.roadmap_id is not None and await roadmap_repo.is_live(session, locked.roadmap_id),
        has_failed_content=bool(
            locked.roadmap_id and await content_repo.has_failed(session, locked.roadmap_id)
        ),
        has_pending_review=bool(locked.pending_review),
    )
    if position.roadmap_gone:
        raise TaskStateError(
            locked.status,
            "retry",
            reason="the task's roadmap was deleted (restore it from the trash first, if it is still there)",
        )
    cap = settings.celery.active_task_cap
    if await transitions.count_active(session, task.owner_id) >= cap:
        raise ActiveTaskLimitError(cap)
    plan = recovery_for(position)
    await _rearm_failed_content(session, locked, plan)
    await transitions.reopen(
        session, task.id, status=plan.status, step=plan.step, grace_s=settings.celery.idle_grace_s
    )
    enqueue(session, plan.task_name, str(task.id))
    announce(
        session,
        str(task.id),
        EventType.STATUS,
        data={"status": plan.status.value, "recovery_type": plan.type.value},
    )
    return plan


def regeneration_units(task: Task) -> list[UnitKey]:
    """The content units a regeneration task was given when it was created."""
    if task.roadmap_id is None:
        return []
    concept_id = str(task.preferences.get("concept_id", ""))
    versions = task.preferences.get("versions") or {}
    return [UnitKey(task.roadmap_id, concept_id, ContentType(t), int(v)) for t, v in versions.items()]


async def _rearm_failed_content(session: AsyncSession, task: Task, plan: Recovery) -> None:
    """A retry generates failed content again, at the version that failed (never version 1
    after a failed regeneration), with fresh attempts."""
    if task.kind is TaskKind.REGENERATE:
        await units.rearm_failed(session, regeneration_units(task))
    elif plan.type is RecoveryType.RETRY_FAILED_CONTENT and task.roadmap_id is not None:
        await units.rearm_newest_failed(session, task.roadmap_id)


async def create_regeneration(
    session: AsyncSession,
    *,
    owner_id: uuid.UUID,
    roadmap_id: uuid.UUID,
    concept_id: str,
    content_types: list[str],
    instructions: str | None,
    settings: Settings,
) -> uuid.UUID:
    """A task that writes new versions of some content of one concept (old versions kept).
    The roadmap is held first: deleted meanwhile, it is a 404; deleted after, the deletion
    waits for this transaction and cancels the task."""
    if not await roadmap_repo.hold(session, roadmap_id):
        raise RoadmapNotFoundError
    if not await roadmap_repo.has_concept(session, roadmap_id, concept_id):
        raise RoadmapNotFoundError("Concept not found in this roadmap")
    if await transitions.roadmap_generation_active(session, roadmap_id):
        raise ConflictError("The roadmap's content is still being generated")
    await transitions.lock_owner(session, owner_id)
    cap = settings.celery.active_task_cap
    if await transitions.count_active(session, owner_id) >= cap:
        raise ActiveTaskLimitError(cap)
    types = [ContentType(t) for t in content_types]
    versions = await units.allocate_versions(session, roadmap_id, concept_id, types, instructions)
    task_id = await transitions.insert_regeneration(
        session,
        owner_id=owner_id,
        roadmap_id=roadmap_id,
        goal=f"Regenerate {', '.join(content_types)} for {concept_id}",
        preferences={
            "concept_id": concept_id,
            "content_types": content_types,
            "instructions": instructions,
            "versions": {t.value: v for t, v in versions.items()},
        },
    )
    enqueue(session, "content.regenerate_concept", str(task_id))
    return task_id


async def cancel_roadmap_tasks(session: AsyncSession, roadmap_id: uuid.UUID) -> None:
    """Before a roadmap is deleted: no task may keep writing to it."""
    for task_id in await transitions.cancel_for_roadmap(session, roadmap_id):
        announce(session, str(task_id), EventType.CANCELLED, message="roadmap deleted")


WaitingCheck = Callable[[Sequence[tuple[str, Sequence[Any]]]], Awaitable[list[bool]]]


async def recover_stale(
    session: AsyncSession, settings: Settings, waiting: WaitingCheck | None = None
) -> list[tuple[uuid.UUID, str]]:
    """The reaper's pass: each active task nobody is working on is continued by what its kind
    and step call for (the same decision as a retry), sent after the commit — unless that
    job's message still waits in its queue (``waiting``, see ``worker/waiting.py``): under a
    backlog, sending it again would only lengthen the queue. Each gets an ownerless lease of
    ``idle_grace_s`` so it is not looked at again while its job waits."""
    grace = settings.celery.idle_grace_s
    plans: list[tuple[uuid.UUID, Recovery]] = []
    for stale in await leases.find_stale(session, idle_grace_s=grace):
        position = TaskPosition(
            kind=stale.kind,
            step=stale.current_step,
            has_roadmap=stale.has_roadmap,
            has_pending_review=stale.has_pending_review,
        )
        if position.roadmap_gone:
            await runs.fail(session, stale.id, "its roadmap was deleted")
            continue
        plans.append((stale.id, recovery_for(position)))
    queued = await waiting([(plan.task_name, (str(task_id),)) for task_id, plan in plans]) if waiting else []
    recovered: list[tuple[uuid.UUID, str]] = []
    for index, (task_id, plan) in enumerate(plans):
        await leases.reserve(session, task_id, grace_s=grace)
        if index < len(queued) and queued[index]:
            continue
        enqueue(session, plan.task_name, str(task_id))
        recovered.append((task_id, plan.task_name))
    return recovered
