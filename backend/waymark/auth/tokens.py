"""JWT access tokens: ``sub`` is the user id, ``exp`` bounds the lifetime."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import jwt

from waymark.settings import AuthSettings


class InvalidTokenError(Exception):
    pass


def issue_access_token(user_id: uuid.UUID, settings: AuthSettings) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "iat": now,
        "exp": now + timedelta(seconds=settings.access_token_ttl_s),
        "typ": "access",
    }
    return jwt.encode(claims, settings.jwt_secret_key.get_secret_value(), algorithm=settings.jwt_algorithm)


def read_access_token(token: str, settings: AuthSettings) -> uuid.UUID:
    """Return the user id of a valid token; raise InvalidTokenError otherwise."""
    try:
        claims = jwt.decode(
            token,
            settings.jwt_secret_key.get_secret_value(),
            algorithms=[settings.jwt_algorithm],
            options={"require": ["sub", "exp"]},
        )
        return uuid.UUID(str(claims["sub"]))
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidTokenError(str(error)) from error
