"""Lending: idle workflow slots take content units (opt-in, ``CELERY_WORKFLOW_LENDS_TO_CONTENT``).

With three dedicated queues, the workflow service sits idle while content runs, so K
roadmaps finish later than on one shared queue (docs/benchmarks.md, queue isolation). A
lending workflow service also consumes ``content_generation``, polling ``roadmap_workflow``
first, and a concept job it runs hands the concept back to the content queue after its
current unit as soon as a workflow job waits: a new plan waits for at most one unit, never
for a whole concept, and never for the content backlog.
"""

from __future__ import annotations

import redis.asyncio as aioredis

from waymark.settings import Settings
from waymark.worker.queues import Queue

LENDING_SERVICE = "celery_workflow"


def lends_to_content(settings: Settings) -> bool:
    """Whether this process is a workflow worker that also runs content units."""
    return settings.celery.workflow_lends_to_content and settings.service_type == LENDING_SERVICE


async def workflow_waiting(redis: aioredis.Redis) -> bool:
    """A workflow job waits on the broker (the queue's Redis list is not empty)."""
    return int(await redis.llen(Queue.ROADMAP_WORKFLOW.value)) > 0
