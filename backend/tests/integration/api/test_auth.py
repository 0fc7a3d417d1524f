"""Every auth path of docs/api.md over real HTTP against a real database."""

from __future__ import annotations

import asyncio
import time
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
import redis.asyncio as aioredis
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import overridden, register_and_login, unique_email
from tests.fixtures.api import running_api
from waymark.auth.revocation import CHANNEL
from waymark.db.models import User
from waymark.settings import Settings

PASSWORD = "correct horse battery"


async def count_users(settings: Settings, email: str) -> int:
    engine = create_async_engine(settings.db.sqlalchemy_url)
    async with engine.connect() as conn:
        result = await conn.execute(select(func.count()).where(User.email == email))
        count = result.scalar_one()
    await engine.dispose()
    return int(count)


async def test_register_login_me_round_trip(client: httpx.AsyncClient) -> None:
    email = unique_email()
    created = await client.post("/api/v1/auth/register", json={"email": email.upper(), "password": PASSWORD})
    assert created.status_code == 201
    assert created.json()["email"] == email  # stored lower-cased
    assert "password" not in created.text

    login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200
    body = login.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] > 0

    me = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["id"] == created.json()["id"]


async def test_oauth2_token_form_logs_in(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    response = await client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert response.status_code == 200
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["email"] == email


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({"username": "a\x00@example.com", "password": PASSWORD}, "username"),
        ({"username": "a@example.com", "password": "p\x00ss"}, "password"),
        ({"username": "a" * 321, "password": PASSWORD}, "username"),
        ({"username": "a@example.com"}, "password"),
    ],
)
async def test_token_form_refuses_nul_and_oversized_fields_with_a_422(
    client: httpx.AsyncClient, form: dict[str, str], field: str
) -> None:
    response = await client.post("/api/v1/auth/token", data=form)
    assert response.status_code == 422, response.text  # PostgreSQL cannot even be asked: no 500
    assert response.json()["detail"][0]["loc"] == ["body", field]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"email": "x@example.com", "password": "short"}, "password"),
        ({"email": "x@example.com"}, "password"),
        ({"email": "x@example.com", "password": "p" * 129}, "password"),
        ({"email": "x@example.com", "password": PASSWORD, "role": "admin"}, "role"),
    ],
)
async def test_register_rejects_bad_input_naming_the_field(
    client: httpx.AsyncClient, settings: Settings, payload: dict[str, str], field: str
) -> None:
    response = await client.post("/api/v1/auth/register", json=payload)
    assert response.status_code == 422
    assert any(field in error["loc"] for error in response.json()["detail"])
    assert await count_users(settings, "x@example.com") == 0


async def test_second_registration_of_an_email_conflicts(
    client: httpx.AsyncClient, settings: Settings
) -> None:
    email = unique_email()
    first = await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    second = await client.post("/api/v1/auth/register", json={"email": email, "password": "another password"})
    assert first.status_code == 201
    assert second.status_code == 409
    assert "already registered" in second.json()["detail"]
    assert await count_users(settings, email) == 1
    # the original password still works: nothing was overwritten
    login = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200


async def test_wrong_password_and_unknown_email_are_401(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    wrong = await client.post("/api/v1/auth/login", json={"email": email, "password": "wrong password"})
    unknown = await client.post("/api/v1/auth/login", json={"email": unique_email(), "password": PASSWORD})
    assert wrong.status_code == 401
    assert unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]  # no account enumeration


def _forged(settings: Settings, **claims: object) -> str:
    return jwt.encode(claims, settings.auth.jwt_secret_key.get_secret_value(), algorithm="HS256")


async def test_missing_expired_tampered_tokens_are_401(client: httpx.AsyncClient, settings: Settings) -> None:
    headers = await register_and_login(client)
    token = headers["Authorization"].removeprefix("Bearer ")
    me = await client.get("/api/v1/auth/me", headers=headers)
    user_id = me.json()["id"]
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]  # a live session: one flaw each
    past = datetime.now(UTC) - timedelta(minutes=5)
    later = datetime.now(UTC) + timedelta(hours=1)
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    other_key = jwt.encode({"sub": user_id, "sid": sid, "exp": later}, "x" * 40)
    cases = {
        "missing": {},
        "expired": {"Authorization": f"Bearer {_forged(settings, sub=user_id, sid=sid, exp=past)}"},
        "tampered": {"Authorization": f"Bearer {tampered}"},
        "wrong key": {"Authorization": f"Bearer {other_key}"},
        "no exp": {"Authorization": f"Bearer {_forged(settings, sub=user_id, sid=sid)}"},
        "no session": {"Authorization": f"Bearer {_forged(settings, sub=user_id, exp=later)}"},
        "unknown session": {
            "Authorization": f"Bearer {_forged(settings, sub=user_id, sid=str(uuid.uuid4()), exp=later)}"
        },
        "another user's session": {
            "Authorization": f"Bearer {_forged(settings, sub=str(uuid.uuid4()), sid=sid, exp=later)}"
        },
        "garbage": {"Authorization": "Bearer not.a.token"},
    }
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
    for name, case_headers in cases.items():
        response = await client.get("/api/v1/auth/me", headers=case_headers)
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"] == "Bearer", name


async def test_parallel_logins_do_not_stall_other_requests(client: httpx.AsyncClient) -> None:
    """argon2 costs ~0.1-0.2 s of CPU per login; run on the event loop it froze every request
    of the process meanwhile. The other requests keep being answered while logins hash."""
    email = unique_email()
    await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    logins = [
        asyncio.create_task(client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}))
        for _ in range(6)
    ]
    answered_meanwhile = 0
    while not all(login.done() for login in logins):
        assert (await client.get("/health")).status_code == 200
        answered_meanwhile += 1
    assert all(login.result().status_code == 200 for login in logins)
    assert answered_meanwhile >= 60  # ~250 here; with hashing on the loop: 13-18


async def _login(client: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def test_logout_ends_that_session_at_once_and_only_that_one(client: httpx.AsyncClient) -> None:
    email = unique_email()
    await client.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
    browser, cli = await _login(client, email), await _login(client, email)
    for headers in (browser, cli):  # both sessions work, and each is now remembered as live
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200
        assert (await client.get("/api/v1/tasks", headers=headers)).status_code == 200

    logout = await client.post("/api/v1/auth/logout", headers=browser)
    assert logout.status_code == 204
    assert logout.content == b""

    for path in ("/api/v1/auth/me", "/api/v1/tasks", f"/api/v1/tasks/{uuid.uuid4()}"):
        refused = await client.get(path, headers=browser)
        assert refused.status_code == 401, path
        assert refused.headers["www-authenticate"] == "Bearer"
    created = await client.post("/api/v1/tasks", json={"goal": "Learn Go"}, headers=browser)
    assert created.status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=cli)).status_code == 200  # untouched

    again = await client.post("/api/v1/auth/logout", headers=browser)
    assert again.status_code == 204  # idempotent: already signed out
    assert (await client.get("/api/v1/auth/me", headers=cli)).status_code == 200


async def test_logout_needs_a_signed_unexpired_token(client: httpx.AsyncClient, settings: Settings) -> None:
    headers = await register_and_login(client)
    claims = jwt.decode(headers["Authorization"].split()[1], options={"verify_signature": False})
    past = datetime.now(UTC) - timedelta(minutes=1)
    expired = _forged(settings, sub=claims["sub"], sid=claims["sid"], exp=past)
    later = datetime.now(UTC) + timedelta(hours=1)
    unknown = _forged(settings, sub=claims["sub"], sid=str(uuid.uuid4()), exp=later)
    not_theirs = _forged(settings, sub=str(uuid.uuid4()), sid=claims["sid"], exp=later)
    for token in ("not.a.token", expired, unknown, not_theirs):
        refused = await client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {token}"})
        assert refused.status_code == 401, token
    assert (await client.post("/api/v1/auth/logout")).status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 200  # still signed in


async def test_logout_reaches_every_api_process(settings: Settings) -> None:
    """Two API processes (uvicorn servers with their own caches) on one database and Redis. The
    second trusts sessions for an hour, so only the Redis announcement can end the session
    there in time."""
    trusting = overridden(settings, "auth", session_cache_s=3600)
    email = unique_email()
    redis = aioredis.Redis.from_url(settings.redis.required_url)
    listening_before = await _listeners(redis)
    with running_api(trusting) as first_url, running_api(trusting) as second_url:
        async with (
            httpx.AsyncClient(base_url=first_url, timeout=30) as first,
            httpx.AsyncClient(base_url=second_url, timeout=30) as second,
        ):
            await first.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
            headers, other = await _login(first, email), await _login(first, email)
            deadline = time.monotonic() + 10
            while await _listeners(redis) < listening_before + 2:  # both servers have subscribed
                assert time.monotonic() < deadline, "the API servers never subscribed to revocations"
                await asyncio.sleep(0.05)
            assert (await second.get("/api/v1/auth/me", headers=headers)).status_code == 200  # now cached
            assert (await first.post("/api/v1/auth/logout", headers=headers)).status_code == 204
            assert (await first.get("/api/v1/auth/me", headers=headers)).status_code == 401
            deadline = time.monotonic() + 5
            while (await second.get("/api/v1/auth/me", headers=headers)).status_code != 401:
                assert time.monotonic() < deadline, "the second process still accepts the signed-out session"
                await asyncio.sleep(0.02)
            assert (await second.get("/api/v1/auth/me", headers=other)).status_code == 200
    await redis.aclose()


async def _listeners(redis: aioredis.Redis) -> int:
    counts = await redis.pubsub_numsub(CHANNEL)
    return int(counts[0][1])
