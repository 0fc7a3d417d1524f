"""Signed-in sessions (``auth_sessions``): started at login, revoked at sign-out, and the
liveness read that authenticates a token whose session this process has not seen lately."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import asyncpg
from sqlalchemy import delete, func, insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import AuthSession

# Kept a day past expiry, like the web UI's cookie, then dropped at the user's next login.
EXPIRED_KEPT = timedelta(days=1)


async def start_session(session: AsyncSession, user_id: uuid.UUID, expires_at: datetime) -> uuid.UUID:
    """A new live session for the user; the user's long-expired ones go."""
    await session.execute(
        delete(AuthSession).where(
            AuthSession.user_id == user_id, AuthSession.expires_at < func.now() - EXPIRED_KEPT
        )
    )
    session_id = uuid.uuid4()
    await session.execute(insert(AuthSession).values(id=session_id, user_id=user_id, expires_at=expires_at))
    return session_id


async def revoke_session(session: AsyncSession, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Revoke the user's session (a revoked one stays as it was); False when the user has no
    such session."""
    result = await session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, AuthSession.user_id == user_id)
        .values(revoked_at=func.coalesce(AuthSession.revoked_at, func.now()))
        .returning(AuthSession.id)
    )
    return result.scalar_one_or_none() is not None


_LIVE = """
SELECT revoked_at IS NULL AND expires_at > now() FROM auth_sessions WHERE id = $1 AND user_id = $2
"""

# a pooled connection the server dropped (a restart): the pool replaces it, the read is retried
_LOST = (asyncpg.PostgresConnectionError, asyncpg.InterfaceError, OSError)


async def session_is_live(pool: asyncpg.Pool, session_id: uuid.UUID, user_id: uuid.UUID) -> bool:
    """Is this the user's session, neither revoked nor expired? One prepared statement on the
    API's asyncpg pool (no transaction)."""
    for attempt in range(2):
        try:
            live = await pool.fetchval(_LIVE, session_id, user_id)
            break
        except _LOST:
            if attempt:
                raise
    return live is True
