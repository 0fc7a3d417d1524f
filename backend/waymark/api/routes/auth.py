from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Form, HTTPException, status
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.deps import CurrentUser, SessionDep, SettingsDep, limit_auth_calls
from waymark.api.responses import error
from waymark.api.schemas.auth import LoginRequest, RegisterRequest, TokenOut, UserOut
from waymark.auth.passwords import hash_password, verify_password
from waymark.auth.tokens import issue_access_token
from waymark.db.repositories.users import create_user, get_user_by_email
from waymark.settings import Settings

router = APIRouter(prefix="/api/v1/auth", tags=["auth"])
log = structlog.get_logger(__name__)

_BAD_CREDENTIALS = HTTPException(
    status_code=status.HTTP_401_UNAUTHORIZED,
    detail="Incorrect email or password",
    headers={"WWW-Authenticate": "Bearer"},
)


_LIMITED = [Depends(limit_auth_calls)]
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL: refused with a 422, never a 500
FormUsername = Annotated[str, Form(min_length=1, max_length=320, pattern=NO_NUL, description="your email")]
FormPassword = Annotated[str, Form(min_length=1, max_length=128, pattern=NO_NUL)]


@router.post(
    "/register",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"description": "Email already registered"}, 429: {"description": "Too many attempts"}},
    dependencies=_LIMITED,
)
async def register(body: RegisterRequest, session: SessionDep) -> UserOut:
    user = await create_user(session, body.email, hash_password(body.password))
    if user is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Email already registered")
    log.info("auth.registered", user_id=str(user.id))
    return UserOut.model_validate(user)


async def _login(session: AsyncSession, settings: Settings, email: str, password: str) -> TokenOut:
    user = await get_user_by_email(session, email)
    if not verify_password(user.password_hash if user else None, password) or user is None:
        log.info("auth.login.rejected")
        raise _BAD_CREDENTIALS
    return TokenOut(
        access_token=issue_access_token(user.id, settings.auth),
        expires_in=settings.auth.access_token_ttl_s,
    )


@router.post(
    "/login",
    responses={**error(401, "Incorrect email or password"), **error(429, "Too many attempts")},
    dependencies=_LIMITED,
)
async def login(body: LoginRequest, session: SessionDep, settings: SettingsDep) -> TokenOut:
    return await _login(session, settings, body.email, body.password)


@router.post(
    "/token",
    responses={**error(401, "Incorrect email or password"), **error(429, "Too many attempts")},
    dependencies=_LIMITED,
)
async def token(
    username: FormUsername, password: FormPassword, session: SessionDep, settings: SettingsDep
) -> TokenOut:
    """OAuth2 password flow (the username field carries the email), for /docs. Other OAuth2
    form fields (grant_type, scope, client_id…) are accepted and ignored."""
    return await _login(session, settings, username.strip().lower(), password)


@router.get("/me", responses={401: {"description": "Missing, expired or invalid token"}})
async def me(user: CurrentUser) -> UserOut:
    return UserOut.model_validate(user)
