"""Checked tokens are remembered, but never past their expiry nor for another signing key."""

from __future__ import annotations

import time
import uuid

import jwt
import pytest

from waymark.auth.tokens import InvalidTokenError, issue_access_token, read_access_token
from waymark.settings import AuthSettings

SECRET = "s" * 40


def test_a_remembered_token_still_expires() -> None:
    user = uuid.uuid4()
    token = jwt.encode({"sub": str(user), "exp": time.time() + 1}, SECRET, algorithm="HS256")
    settings = AuthSettings(jwt_secret_key=SECRET)
    assert read_access_token(token, settings) == user
    assert read_access_token(token, settings) == user  # from memory
    time.sleep(1.1)
    with pytest.raises(InvalidTokenError):
        read_access_token(token, settings)


def test_a_remembered_token_is_not_valid_for_another_key() -> None:
    token = issue_access_token(uuid.uuid4(), AuthSettings(jwt_secret_key=SECRET))
    read_access_token(token, AuthSettings(jwt_secret_key=SECRET))
    with pytest.raises(InvalidTokenError):
        read_access_token(token, AuthSettings(jwt_secret_key="t" * 40))
