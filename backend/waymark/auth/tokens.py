"""JWT access tokens: ``sub`` is the user id, ``exp`` bounds the lifetime.

A client sends the same token with every request, so the outcome of checking it (its
signature, its claims) is remembered for that exact token string until it expires: a
repeat costs a dictionary lookup instead of an HMAC and a JSON parse. Expiry is still
enforced on every use.
"""

from __future__ import annotations

import time
import uuid
from collections import OrderedDict
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


class _CheckedTokens:
    """Tokens found valid recently (a bounded LRU): token -> (user id, expiry)."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self.valid: OrderedDict[tuple[str, str], tuple[uuid.UUID, float]] = OrderedDict()

    def get(self, key: tuple[str, str]) -> uuid.UUID | None:
        found = self.valid.get(key)
        if found is None:
            return None
        if time.time() >= found[1]:
            del self.valid[key]
            return None
        self.valid.move_to_end(key)
        return found[0]

    def put(self, key: tuple[str, str], user_id: uuid.UUID, expires: float) -> None:
        self.valid[key] = (user_id, expires)
        if len(self.valid) > self.size:
            self.valid.popitem(last=False)


_checked = _CheckedTokens()


def read_access_token(token: str, settings: AuthSettings) -> uuid.UUID:
    """Return the user id of a valid token; raise InvalidTokenError otherwise."""
    secret = settings.jwt_secret_key.get_secret_value()
    key = (token, secret)  # a token is valid for the key that signed it
    remembered = _checked.get(key)
    if remembered is not None:
        return remembered
    try:
        claims = jwt.decode(
            token, secret, algorithms=[settings.jwt_algorithm], options={"require": ["sub", "exp"]}
        )
        user_id = uuid.UUID(str(claims["sub"]))
    except (jwt.PyJWTError, ValueError) as error:
        raise InvalidTokenError(str(error)) from error
    _checked.put(key, user_id, float(claims["exp"]))
    return user_id
