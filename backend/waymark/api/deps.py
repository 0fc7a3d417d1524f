"""Request dependencies as ``Annotated`` aliases: SessionDep, CurrentUser, SettingsDep, ApiUser…"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.datastructures import State

from waymark.api.ratelimit import Limit, RateLimiter
from waymark.auth.revocation import SessionCheck
from waymark.auth.tokens import AccessClaims, InvalidTokenError, read_access_token
from waymark.db.engine import session_scope
from waymark.db.models import User
from waymark.db.repositories.users import get_user
from waymark.logging import bind_context
from waymark.settings import Settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


async def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request owns the transaction: committed when the endpoint returns, else rolled back."""
    async with session_scope(request.app.state.sessionmaker) as session:
        yield session


async def get_read_session(request: Request) -> AsyncIterator[AsyncSession]:
    """For routes that only read: each statement runs on its own (autocommit), which saves the
    BEGIN and COMMIT round trips of a transaction."""
    async with request.app.state.read_sessionmaker() as session:
        yield session


async def get_redis(request: Request) -> aioredis.Redis:
    client: aioredis.Redis = request.app.state.redis
    return client


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[AsyncSession, Depends(get_read_session, scope="function")]
RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]

UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Not authenticated: a valid bearer token is required",
    headers={"WWW-Authenticate": "Bearer"},
)


@dataclass(frozen=True)
class Principal:
    """The caller, as proven by a signed, unexpired access token whose session is live. The
    token is checked in memory and the session against this process's cache
    (``auth/revocation.py``): no database round trip on the hot path. Every query is then
    scoped by ``id``."""

    id: uuid.UUID
    session_id: uuid.UUID


def token_claims(settings: Settings, token: str | None) -> AccessClaims | None:
    """The claims of a validly signed, unexpired token (its session may be signed out)."""
    if not token:
        return None
    try:
        return read_access_token(token, settings.auth)
    except InvalidTokenError:
        return None


async def principal_for_token(state: State, token: str | None) -> Principal | None:
    claims = token_claims(state.settings, token)
    if claims is None:
        return None
    session_check: SessionCheck = state.session_check
    if not await session_check.is_live(claims.session_id, claims.user_id):
        return None
    bind_context(user_id=str(claims.user_id))
    return Principal(claims.user_id, claims.session_id)


async def get_principal(token: Annotated[str | None, Depends(oauth2_scheme)], request: Request) -> Principal:
    principal = await principal_for_token(request.app.state, token)
    if principal is None:
        raise UNAUTHORIZED
    return principal


async def get_signed_claims(
    token: Annotated[str | None, Depends(oauth2_scheme)], settings: SettingsDep
) -> AccessClaims:
    """For signing out: a validly signed, unexpired token, whether or not its session is still
    live (signing out twice is not an error)."""
    claims = token_claims(settings, token)
    if claims is None:
        raise UNAUTHORIZED
    bind_context(user_id=str(claims.user_id))
    return claims


SignedClaims = Annotated[AccessClaims, Depends(get_signed_claims)]


async def get_current_user(
    principal: Annotated[Principal, Depends(get_principal)], session: SessionDep
) -> User:
    """The full user row, for the routes that show it."""
    user = await get_user(session, principal.id)
    if user is None:
        raise UNAUTHORIZED
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


def api_limit(principal: Principal, settings: Settings) -> Limit:
    return Limit("api", str(principal.id), settings.api.rate_limit_per_minute)


async def get_limited_principal(
    principal: Annotated[Principal, Depends(get_principal)], request: Request, settings: SettingsDep
) -> Principal:
    """The caller, within their per-minute request budget (429 beyond it)."""
    await request.app.state.request_budget.check(api_limit(principal, settings))
    return principal


ApiUser = Annotated[Principal, Depends(get_limited_principal)]


async def get_task_creator(
    principal: Annotated[Principal, Depends(get_principal)], request: Request, settings: SettingsDep
) -> Principal:
    """A caller about to start work: the request budget and the new-task budget, in one call."""
    await request.app.state.request_budget.check(api_limit(principal, settings))
    creating = Limit("tasks.create", str(principal.id), settings.api.task_create_per_minute)
    await request.app.state.limiter.check(creating)
    return principal


TaskCreator = Annotated[Principal, Depends(get_task_creator)]


async def get_stream_user(
    request: Request, token: Annotated[str | None, Depends(oauth2_scheme)], settings: SettingsDep
) -> Principal:
    """For EventSource, which cannot set headers: the bearer token may come as
    ``?access_token=`` instead of the Authorization header."""
    token = token or request.query_params.get("access_token")
    principal = await principal_for_token(request.app.state, token)
    if principal is None:
        raise UNAUTHORIZED
    return await get_limited_principal(principal, request, settings)


StreamUser = Annotated[Principal, Depends(get_stream_user)]


async def limit_auth_calls(request: Request, settings: SettingsDep) -> None:
    """Register / login attempts per client address (guessing passwords is slow)."""
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    await limiter.check(Limit("auth", client, settings.api.auth_per_minute))
