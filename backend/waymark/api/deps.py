"""Request dependencies as ``Annotated`` aliases: SessionDep, CurrentUser, SettingsDep."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.queue import Announcer, TaskQueue
from waymark.api.ratelimit import RateLimiter
from waymark.auth.tokens import InvalidTokenError, read_access_token
from waymark.db.engine import session_scope
from waymark.db.models import User
from waymark.db.repositories.users import get_user
from waymark.logging import bind_context
from waymark.settings import Settings

oauth2_scheme = OAuth2PasswordBearer(tokenUrl="/api/v1/auth/token", auto_error=False)


def get_app_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """The request owns the transaction: committed when the endpoint returns, else rolled back."""
    async with session_scope(request.app.state.sessionmaker) as session:
        yield session


def get_redis(request: Request) -> aioredis.Redis:
    client: aioredis.Redis = request.app.state.redis
    return client


def get_queue(request: Request) -> TaskQueue:
    queue: TaskQueue = request.app.state.queue
    return queue


def get_announcer(request: Request) -> Announcer:
    announcer: Announcer = request.app.state.announcer
    return announcer


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
QueueDep = Annotated[TaskQueue, Depends(get_queue)]
AnnouncerDep = Annotated[Announcer, Depends(get_announcer)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]

_UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Not authenticated: a valid bearer token is required",
    headers={"WWW-Authenticate": "Bearer"},
)


async def user_for_token(session: AsyncSession, settings: Settings, token: str | None) -> User | None:
    if not token:
        return None
    try:
        user_id = read_access_token(token, settings.auth)
    except InvalidTokenError:
        return None
    user = await get_user(session, user_id)
    if user is not None:
        bind_context(user_id=str(user.id))
    return user


async def get_current_user(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    session: SessionDep,
    settings: SettingsDep,
) -> User:
    user = await user_for_token(session, settings, token)
    if user is None:
        raise _UNAUTHORIZED
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def get_limited_user(user: CurrentUser, request: Request, settings: SettingsDep) -> User:
    """The current user, within their per-minute request budget (429 beyond it)."""
    limiter: RateLimiter = request.app.state.limiter
    await limiter.check("api", str(user.id), settings.api.rate_limit_per_minute)
    return user


ApiUser = Annotated[User, Depends(get_limited_user)]


async def get_stream_user(
    request: Request,
    token: Annotated[str | None, Depends(oauth2_scheme)],
    session: SessionDep,
    settings: SettingsDep,
) -> User:
    """For EventSource, which cannot set headers: the bearer token may come as
    ``?access_token=`` instead of the Authorization header."""
    user = await user_for_token(session, settings, token or request.query_params.get("access_token"))
    if user is None:
        raise _UNAUTHORIZED
    return await get_limited_user(user, request, settings)


StreamUser = Annotated[User, Depends(get_stream_user)]


async def limit_auth_calls(request: Request, settings: SettingsDep) -> None:
    """Register / login attempts per client address (guessing passwords is slow)."""
    limiter: RateLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    await limiter.check("auth", client, settings.api.auth_per_minute)
