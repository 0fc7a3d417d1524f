"""Live task events: Server-Sent Events and a WebSocket, both from the task's Redis stream.

Every event carries its stream id; a client that reconnects with ``Last-Event-ID`` (or
``?after=``) gets exactly the events it missed, in order. Heartbeats keep proxies from
closing idle connections. Both end after the task's terminal event. While Redis or the
database is unreachable, a new stream is refused (503 with Retry-After; the WebSocket closes
with 1013, "try again later") and an open one ends cleanly the same way, never with a 500
or a torn connection (docs/api.md, Events).
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

import structlog
from fastapi import APIRouter, Header, HTTPException, Query, Request, WebSocket
from fastapi.responses import StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from starlette import status as http_status
from starlette.websockets import WebSocketDisconnect

from waymark.api.deps import Principal, ReadSessionDep, StreamUser, principal_for_token
from waymark.api.streams import SlotStreamingResponse, StreamLimitError, StreamSlot, StreamSlots
from waymark.api.unavailable import DETAIL as UNAVAILABLE_DETAIL
from waymark.api.unavailable import SERVICE_UNAVAILABLE
from waymark.db.engine import session_scope
from waymark.db.repositories import tasks as task_repo
from waymark.events.follow import StatusProbe, follow_task
from waymark.events.schema import TaskEvent
from waymark.tasks import service

router = APIRouter(prefix="/api/v1/tasks", tags=["events"])
log = structlog.get_logger(__name__)

EVENT_ID = r"^\d{1,20}-\d{1,20}$"
WS_UNAUTHORIZED, WS_NOT_FOUND, WS_TOO_MANY = 4401, 4404, 4429
WS_TRY_AGAIN_LATER = http_status.WS_1013_TRY_AGAIN_LATER
UNAVAILABLE_FRAME = ": unavailable: a service Waymark depends on is down; reconnect shortly\n\n"


def sse_frame(event: TaskEvent | None) -> str:
    if event is None:
        return ": ping\n\n"
    return f"id: {event.id}\nevent: {event.type.value}\ndata: {event.model_dump_json()}\n\n"


def _status_probe(sessionmaker: async_sessionmaker[AsyncSession], task_id: uuid.UUID) -> StatusProbe:
    async def probe() -> str | None:
        async with session_scope(sessionmaker) as session:
            return await task_repo.status_of(session, task_id)

    return probe


@router.get(
    "/{task_id}/events",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/TaskEvent"}}},
            "description": "the event stream: each SSE `data` line is one TaskEvent",
        },
        404: {"description": "No such task (or not yours)"},
        429: {"description": "Too many open streams for this user (Retry-After)"},
        503: {
            "description": "Too many open streams on this server, or Redis or the database is "
            "unreachable (Retry-After)"
        },
    },
)
async def task_events(
    task_id: uuid.UUID,
    request: Request,
    user: StreamUser,
    session: ReadSessionDep,
    last_event_id: Annotated[str, Header(alias="Last-Event-ID", pattern=EVENT_ID)] = "",
    after: Annotated[str, Query(pattern=EVENT_ID, description="resume after this event id")] = "",
    access_token: Annotated[str, Query(max_length=4096, description="bearer token, for EventSource")] = "",
) -> StreamingResponse:
    del access_token  # read by the StreamUser dependency
    await service.get_owned(session, user.id, task_id)
    state = request.app.state
    slot = await _open_slot(state.stream_slots, user.id)

    async def frames() -> AsyncIterator[str]:
        yield "retry: 2000\n\n"
        try:
            async for event in _follow(state, task_id, last_event_id or after or None, slot):
                yield sse_frame(event)
        except SERVICE_UNAVAILABLE as error:  # end cleanly; the client reconnects and gets 503
            log.warning("events.stream.unavailable", task_id=str(task_id), error=type(error).__name__)
            yield UNAVAILABLE_FRAME

    return SlotStreamingResponse(
        frames(),
        slot,
        media_type="text/event-stream",
        # no-transform: proxies (and Next's rewrites) must neither compress nor buffer the stream
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
    )


async def _open_slot(slots: StreamSlots, user_id: uuid.UUID) -> StreamSlot:
    try:
        return await slots.acquire(user_id)
    except StreamLimitError as refused:
        raise HTTPException(
            refused.status, detail=refused.detail, headers={"Retry-After": str(refused.retry_after_s)}
        ) from None


async def _follow(
    state: Any, task_id: uuid.UUID, after: str | None, slot: StreamSlot
) -> AsyncIterator[TaskEvent | None]:
    """The task's events (None = heartbeat), keeping the stream's slot alive."""
    async for event in follow_task(
        state.stream_redis,
        str(task_id),
        after=after,
        heartbeat_s=state.settings.api.sse_heartbeat_s,
        current_status=_status_probe(state.sessionmaker, task_id),
    ):
        await slot.keep_alive()
        yield event


async def _ws_owner(websocket: WebSocket, task_id: uuid.UUID, token: str | None) -> Principal | int:
    """The caller when the socket may follow the task, else the close code."""
    principal = await principal_for_token(websocket.app.state, token)
    if principal is None:
        return WS_UNAUTHORIZED
    async with session_scope(websocket.app.state.sessionmaker) as session:
        if await task_repo.get_owned_task(session, principal.id, task_id) is None:
            return WS_NOT_FOUND
    return principal


@router.websocket("/{task_id}/ws")
async def task_events_ws(
    websocket: WebSocket,
    task_id: uuid.UUID,
    token: Annotated[str, Query(max_length=4096)] = "",
    after: Annotated[str, Query(pattern=EVENT_ID)] = "",
) -> None:
    """The same events as JSON messages; ``?token=`` carries the bearer token. Closes with
    4401 (bad token), 4404 (no such task, or not yours), 4429 (too many open streams),
    1013 while Redis or the database is unreachable (try again later), 1000 after the
    terminal event."""
    await websocket.accept()
    state = websocket.app.state
    try:
        owner = await _ws_owner(websocket, task_id, token or websocket.query_params.get("access_token"))
        if not isinstance(owner, Principal):
            reason = "Not authenticated" if owner == WS_UNAUTHORIZED else "Task not found"
            await websocket.close(code=owner, reason=reason)
            return
        slot = await state.stream_slots.acquire(owner.id)
    except StreamLimitError as refused:
        await websocket.close(code=WS_TOO_MANY, reason=refused.detail[:120])
        return
    except SERVICE_UNAVAILABLE as error:
        await _close_unavailable(websocket, task_id, error)
        return
    try:
        async for event in _follow(state, task_id, after or None, slot):
            await websocket.send_text(event.model_dump_json() if event else '{"type": "heartbeat"}')
    except WebSocketDisconnect:
        return
    except SERVICE_UNAVAILABLE as error:
        await _close_unavailable(websocket, task_id, error)
        return
    finally:
        await slot.release()
    await websocket.close(code=1000)


async def _close_unavailable(websocket: WebSocket, task_id: uuid.UUID, error: Exception) -> None:
    log.warning("events.stream.unavailable", task_id=str(task_id), error=type(error).__name__)
    with contextlib.suppress(WebSocketDisconnect):  # the client may have gone meanwhile
        await websocket.close(code=WS_TRY_AGAIN_LATER, reason=UNAVAILABLE_DETAIL[:120])
