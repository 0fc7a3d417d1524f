"""Signing in starts a session and signing out ends it (docs/api.md, "Sessions").

A login issues a token naming a new ``auth_sessions`` row; a sign-out revokes that row, and
once the transaction has committed this process refuses the session at once and the other
API processes are told (``auth/revocation.py``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import redis.asyncio as aioredis
import structlog
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.auth.revocation import SessionCheck, announce_revocation
from waymark.auth.tokens import AccessClaims, issue_access_token
from waymark.db.engine import after_commit
from waymark.db.repositories.auth_sessions import revoke_session, start_session
from waymark.settings import AuthSettings

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_in: int


async def sign_in(session: AsyncSession, user_id: uuid.UUID, settings: AuthSettings) -> IssuedToken:
    now = datetime.now(UTC)
    ttl = settings.access_token_ttl_s
    session_id = await start_session(session, user_id, now + timedelta(seconds=ttl))
    log.info("auth.session.started", session_id=str(session_id))
    return IssuedToken(issue_access_token(user_id, session_id, settings, now=now), ttl)


async def sign_out(
    session: AsyncSession, claims: AccessClaims, check: SessionCheck, redis: aioredis.Redis
) -> bool:
    """Revoke the token's session; False when the user has no such session. Idempotent:
    signing out of a session already ended changes nothing and is not an error."""
    if not await revoke_session(session, claims.session_id, claims.user_id):
        return False
    log.info("auth.session.ended", session_id=str(claims.session_id))

    async def refuse_everywhere(_: AsyncSession) -> None:
        check.revoke(claims.session_id)
        await announce_revocation(redis, claims.session_id)

    after_commit(session, f"auth.revoke.{claims.session_id}", refuse_everywhere)
    return True
