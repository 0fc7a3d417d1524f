"""Follow one task's event stream: replay what the client missed, then wait for new events.

Yields events in stream order, and ``None`` as a heartbeat when nothing happened for a
while. The stream ends after a terminal event that is the newest one (a retried task
carries an older ``cancelled``/``failed`` followed by new events). If the live stream
is gone (Redis flushed, or expired) and the task is terminal, one synthetic terminal
event built from PostgreSQL ends it, so no client waits forever.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import redis.asyncio as aioredis

from waymark.events.schema import TERMINAL_EVENTS, EventType, TaskEvent
from waymark.events.stream import read_events, wait_for_events
from waymark.statuses import TaskStatus

REPLAY_BATCH = 500
StatusProbe = Callable[[], Awaitable[str | None]]  # the task's current status, from PostgreSQL

FINAL_EVENT = {
    TaskStatus.COMPLETED.value: EventType.COMPLETED,
    TaskStatus.PARTIAL_FAILURE.value: EventType.COMPLETED,
    TaskStatus.FAILED.value: EventType.FAILED,
    TaskStatus.CANCELLED.value: EventType.CANCELLED,
}


def synthetic_final(task_id: str, status: str, last_id: str | None) -> TaskEvent:
    return TaskEvent(
        id=last_id or "0-0",
        task_id=task_id,
        type=FINAL_EVENT[status],
        message=f"task is {status}",
        data={"status": status, "replayed_from": "database"},
    )


async def _is_terminal_event(client: aioredis.Redis, task_id: str, event_id: str) -> bool:
    found = await read_events(client, task_id, after=None, start=event_id, count=1)
    return bool(found) and found[0].id == event_id and found[0].type in TERMINAL_EVENTS


async def follow_task(
    client: aioredis.Redis,
    task_id: str,
    *,
    after: str | None,
    heartbeat_s: float,
    current_status: StatusProbe,
) -> AsyncIterator[TaskEvent | None]:
    last = after
    newest_is_terminal = False
    while True:  # replay what the client has not seen
        batch = await read_events(client, task_id, after=last, count=REPLAY_BATCH)
        for event in batch:
            yield event
            last = event.id
        if batch:
            newest_is_terminal = batch[-1].type in TERMINAL_EVENTS
        elif after is not None and last == after:
            newest_is_terminal = await _is_terminal_event(client, task_id, after)
        if len(batch) < REPLAY_BATCH:
            break
    if newest_is_terminal:
        return
    status = await current_status()
    while status not in FINAL_EVENT:
        events = await wait_for_events(client, task_id, after=last or "0-0", block_ms=int(heartbeat_s * 1000))
        for event in events:
            yield event
            last = event.id
        if events and events[-1].type in TERMINAL_EVENTS:
            return
        if not events:
            yield None  # heartbeat
            status = await current_status()
    yield synthetic_final(task_id, status, last)  # terminal in PostgreSQL, not on the stream
