"""JWT access tokens: ``sub`` is the user id, ``sid`` the session, ``exp`` bounds the lifetime.

A token belongs to one signed-in session (``auth_sessions``, one row per login); signing out
revokes the session, and ``auth/revocation.py`` decides whether a session is still live.

A client sends the same token with every request, so the outcome of checking it (its
signature, its claims) is remembered for that exact token string until it expires: a
repeat costs a dictionary lookup instead of an HMAC and a JSON parse. Expiry is still
enforced on every use.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import jwt

from waymark.settings import AuthSettings


class InvalidTokenError(Exception):
    pass


@dataclass(frozen=True)
class AccessClaims:
    """What a valid token proves: this user, signed in as this session, until ``expires``."""

    user_id: uuid.UUID
    session_id: uuid.UUID
    expires: float  # Unix time


def issue_access_token(
    user_id: uuid.UUID, session_id: uuid.UUID, settings: AuthSettings, *, now: datetime | None = None
) -> str:
    issued = now or datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "sid": str(session_id),
        "iat": issued,
        "exp": issued + timedelta(seconds=settings.access_token_ttl_s),
        "typ": "access",
    }
    return jwt.encode(claims, settings.jwt_secret_key.get_secret_value(), algorithm=settings.jwt_algorithm)


class _CheckedTokens:
    """Tokens found valid recently (a bounded LRU): token -> its claims."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.valid: OrderedDict[tuple[str, str], AccessClaims] = OrderedDict()

    def get(self, key: tuple[str, str]) -> AccessClaims | None:
        found = self.valid.get(key)
        if found is None:
            return None
        if time.time() >= found.expires:
            del self.valid[key]
            return None
        self.valid.move_to_end(key)
        return found

    def put(self, key: tuple[str, str], claims: AccessClaims) -> None:
        self.valid[key] = claims
        if len(self.valid) > self.size:
            self.valid.popitem(last=False)


_checked = _CheckedTokens()


def read_access_token(token: str, settings: AuthSettings) -> AccessClaims:
    """The claims of a validly signed, unexpired token with a session; raise InvalidTokenError
    otherwise. Whether that session was signed out is ``auth/revocation.py``'s question."""
    secret = settings.jwt_secret_key.get_secret_value()
    key = (token, secret)  # a token is valid for the key that signed it
    remembered = _checked.get(key)
    if remembered is not None:
        return remembered
    try:
        claims = jwt.decode(
            token, secret, algorithms=[settings.jwt_algorithm], options={"require": ["sub", "sid", "exp"]}
        )
        checked = AccessClaims(
            user_id=uuid.UUID(str(claims["sub"])),
            session_id=uuid.UUID(str(claims["sid"])),
            expires=float(claims["exp"]),
        )
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidTokenError(str(error)) from error
    _checked.put(key, checked)
    return checked
