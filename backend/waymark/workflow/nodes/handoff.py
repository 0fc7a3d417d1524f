"""content_handoff: persist the approved roadmap, then hand its concepts to content generation."""

from __future__ import annotations

import uuid
from typing import Any

from langgraph.runtime import Runtime

from waymark.db.engine import session_scope
from waymark.db.repositories import roadmaps as roadmap_repo
from waymark.db.repositories import tasks as task_repo
from waymark.learner.placement import PLACEMENT_KEY, tested_out_ids
from waymark.statuses import Step
from waymark.worker.outbox import enqueue
from waymark.workflow.context import WorkflowContext
from waymark.workflow.nodes.check import weekly_hours
from waymark.workflow.state import WorkflowState


async def content_handoff(state: WorkflowState, runtime: Runtime[WorkflowContext]) -> dict[str, Any]:
    ctx, task_id = runtime.context, state["task_id"]
    async with session_scope(ctx.sessionmaker) as session:
        roadmap_id = await roadmap_repo.upsert_roadmap_for_task(
            session,
            task_id=uuid.UUID(task_id),
            owner_id=uuid.UUID(state["owner_id"]),
            framework=state["framework"],
            weekly_hours=weekly_hours(state),
        )
        # concepts a placement check showed known stay in the roadmap, without content
        tested = tested_out_ids(state["framework"], state["preferences"].get(PLACEMENT_KEY))
        await roadmap_repo.mark_tested_out(session, roadmap_id, tested)
        await task_repo.set_roadmap(session, uuid.UUID(task_id), roadmap_id)
        await ctx.enter_step(task_id, Step.CONTENT_GENERATION_QUEUED, 40, session=session)
        # sent once this transaction commits: the content tasks will find the roadmap and its concepts
        enqueue(session, "content.generate_roadmap_content", task_id)
    return {"roadmap_id": str(roadmap_id)}
