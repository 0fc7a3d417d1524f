"""Every auth path of docs/api.md over real HTTP against a real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from tests.conftest import register_and_login, unique_email
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
    past = datetime.now(UTC) - timedelta(minutes=5)
    header, payload, signature = token.split(".")
    tampered = f"{header}.{payload}.{signature[:-4]}AAAA"
    other_key = jwt.encode({"sub": user_id, "exp": datetime.now(UTC) + timedelta(hours=1)}, "x" * 40)
    cases = {
        "missing": {},
        "expired": {"Authorization": f"Bearer {_forged(settings, sub=user_id, exp=past)}"},
        "tampered": {"Authorization": f"Bearer {tampered}"},
        "wrong key": {"Authorization": f"Bearer {other_key}"},
        "no exp": {"Authorization": f"Bearer {_forged(settings, sub=user_id)}"},
        "garbage": {"Authorization": "Bearer not.a.token"},
    }
    for name, case_headers in cases.items():
        response = await client.get("/api/v1/auth/me", headers=case_headers)
        assert response.status_code == 401, name
        assert response.headers["www-authenticate"] == "Bearer", name
