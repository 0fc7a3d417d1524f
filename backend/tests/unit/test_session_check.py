"""The per-process session cache: a live session is trusted for ``ttl_s``, a revocation wins
at once, and a read racing a revocation cannot bring the session back."""

from __future__ import annotations

import asyncio
import uuid

from waymark.auth.revocation import RevocationListener, SessionCheck

USER = uuid.uuid4()


class Sessions:
    """The database's answer, controlled by the test."""

    def __init__(self) -> None:
        self.live: set[uuid.UUID] = set()
        self.gate: asyncio.Event | None = None

    async def query(self, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        if self.gate is not None:
            await self.gate.wait()
        return session_id in self.live and user_id == USER


async def test_a_live_session_is_read_once_per_period() -> None:
    sessions, sid = Sessions(), uuid.uuid4()
    sessions.live.add(sid)
    check = SessionCheck(sessions.query, ttl_s=60)
    assert all([await check.is_live(sid, USER) for _ in range(100)])
    assert check.reads == 1


async def test_after_the_period_the_database_is_asked_again() -> None:
    sessions, sid = Sessions(), uuid.uuid4()
    sessions.live.add(sid)
    check = SessionCheck(sessions.query, ttl_s=0)
    assert await check.is_live(sid, USER)
    sessions.live.discard(sid)  # revoked by another process whose announcement never came
    assert not await check.is_live(sid, USER)
    assert check.reads == 2


async def test_a_revocation_is_refused_at_once_and_stays_refused() -> None:
    sessions, sid, other = Sessions(), uuid.uuid4(), uuid.uuid4()
    sessions.live |= {sid, other}
    check = SessionCheck(sessions.query, ttl_s=3600)
    assert await check.is_live(sid, USER)
    assert await check.is_live(other, USER)
    check.revoke(sid)
    assert not await check.is_live(sid, USER)
    assert await check.is_live(other, USER)  # the user's other session is untouched
    assert check.reads == 2


async def test_a_read_racing_a_revocation_does_not_revive_the_session() -> None:
    sessions, sid = Sessions(), uuid.uuid4()
    sessions.live.add(sid)
    sessions.gate = asyncio.Event()
    check = SessionCheck(sessions.query, ttl_s=3600)
    reading = asyncio.create_task(check.is_live(sid, USER))  # read the row before the sign-out
    await asyncio.sleep(0)
    check.revoke(sid)
    sessions.gate.set()
    assert not await reading
    assert not await check.is_live(sid, USER)


async def test_another_users_session_id_is_not_live() -> None:
    sessions, sid = Sessions(), uuid.uuid4()
    sessions.live.add(sid)
    check = SessionCheck(sessions.query, ttl_s=60)
    assert await check.is_live(sid, USER)  # remembered for its own user only
    assert not await check.is_live(sid, uuid.uuid4())
    assert await check.is_live(sid, USER)


def test_the_listener_ignores_a_malformed_announcement() -> None:
    sessions, sid = Sessions(), uuid.uuid4()
    check = SessionCheck(sessions.query, ttl_s=60)
    listener = RevocationListener("redis://127.0.0.1:1", check)
    listener._revoked(b"not a uuid")
    listener._revoked(str(sid).encode())
    assert sid in check.refused.items
