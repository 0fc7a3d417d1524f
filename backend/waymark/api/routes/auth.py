from __future__ import annotations

from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Form, HTTPException, Request, Response, status
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.api.deps import (
    UNAUTHORIZED,
    CurrentUser,
    RedisDep,
    SessionDep,
    SettingsDep,
    SignedClaims,
    limit_auth_calls,
)
from waymark.api.responses import error
from waymark.api.schemas.auth import LoginRequest, RegisterRequest, TokenOut, UserOut
from waymark.auth.passwords import hash_password_off_loop, verify_password_off_loop
from waymark.auth.sessions import sign_in, sign_out
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
    user = await create_user(session, body.email, await hash_password_off_loop(body.password))
    if user is None:
        raise HTTPException(status.HTTP_409_CONFLICT, detail="Email already registered")
    log.info("auth.registered", user_id=str(user.id))
    return UserOut.model_validate(user)


async def _login(session: AsyncSession, settings: Settings, email: str, password: str) -> TokenOut:
    user = await get_user_by_email(session, email)
    if not await verify_password_off_loop(user.password_hash if user else None, password) or user is None:
        log.info("auth.login.rejected")
        raise _BAD_CREDENTIALS
    issued = await sign_in(session, user.id, settings.auth)
    return TokenOut(access_token=issued.token, expires_in=issued.expires_in)


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


@router.post(
    "/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={401: {"description": "Missing, expired or invalid token"}},
)
async def logout(claims: SignedClaims, session: SessionDep, redis: RedisDep, request: Request) -> None:
    """End the session this token belongs to: from the moment this answers, its tokens get
    401 on every route (other sessions of the same user are untouched). Signing out of a
    session already ended answers 204 as well."""
    if not await sign_out(session, claims, request.app.state.session_check, redis):
        raise UNAUTHORIZED  # a signed token naming a session this user never had
