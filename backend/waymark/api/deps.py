"""Request dependencies as ``Annotated`` aliases: SessionDep, CurrentUser, SettingsDep."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import redis.asyncio as aioredis
from fastapi import Depends, HTTPException, Request, status
from fastapi.security import OAuth2PasswordBearer
from sqlalchemy.ext.asyncio import AsyncSession

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


SettingsDep = Annotated[Settings, Depends(get_app_settings)]
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
RedisDep = Annotated[aioredis.Redis, Depends(get_redis)]

_UNAUTHORIZED = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Not authenticated: a valid bearer token is required",
    headers={"WWW-Authenticate": "Bearer"},
)


async def get_current_user(
    token: Annotated[str | None, Depends(oauth2_scheme)],
    session: SessionDep,
    settings: SettingsDep,
) -> User:
    if not token:
        raise _UNAUTHORIZED
    try:
        user_id = read_access_token(token, settings.auth)
    except InvalidTokenError:
        raise _UNAUTHORIZED from None
    user = await get_user(session, user_id)
    if user is None:
        raise _UNAUTHORIZED
    bind_context(user_id=str(user.id))
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
