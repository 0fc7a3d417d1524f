"""Checked tokens are remembered, but never past their expiry nor for another signing key;
every token names its session, and one without a session is refused."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from waymark.auth.tokens import AccessClaims, InvalidTokenError, issue_access_token, read_access_token
from waymark.settings import AuthSettings

SECRET = "s" * 40


def test_a_remembered_token_still_expires() -> None:
    user, session = uuid.uuid4(), uuid.uuid4()
    claims = {"sub": str(user), "sid": str(session), "exp": time.time() + 1}
    token = jwt.encode(claims, SECRET, algorithm="HS256")
    settings = AuthSettings(jwt_secret_key=SECRET)
    assert read_access_token(token, settings).user_id == user
    assert read_access_token(token, settings).user_id == user  # from memory
    time.sleep(1.1)
    with pytest.raises(InvalidTokenError):
        read_access_token(token, settings)


def test_a_remembered_token_is_not_valid_for_another_key() -> None:
    token = issue_access_token(uuid.uuid4(), uuid.uuid4(), AuthSettings(jwt_secret_key=SECRET))
    read_access_token(token, AuthSettings(jwt_secret_key=SECRET))
    with pytest.raises(InvalidTokenError):
        read_access_token(token, AuthSettings(jwt_secret_key="t" * 40))


def test_a_token_names_its_user_and_session() -> None:
    user, session = uuid.uuid4(), uuid.uuid4()
    settings = AuthSettings(jwt_secret_key=SECRET, access_token_ttl_s=600)
    claims = read_access_token(issue_access_token(user, session, settings), settings)
    assert claims == AccessClaims(user, session, claims.expires)
    assert 590 < claims.expires - time.time() <= 600


@pytest.mark.parametrize(
    "claims",
    [
        {"sub": "00000000-0000-4000-8000-000000000001"},  # issued before sessions existed
        {"sub": "00000000-0000-4000-8000-000000000001", "sid": "not-a-uuid"},
        {"sid": "00000000-0000-4000-8000-000000000001"},
    ],
)
def test_a_token_without_a_valid_session_or_user_is_refused(claims: dict[str, str]) -> None:
    token = jwt.encode({**claims, "exp": time.time() + 60}, SECRET, algorithm="HS256")
    with pytest.raises(InvalidTokenError):
        read_access_token(token, AuthSettings(jwt_secret_key=SECRET))
