"""Every route of /openapi.json that requires a bearer token, called with no token and with
each kind of bad one, answers 401 with ``WWW-Authenticate: Bearer`` — before it looks at
the body, the ids or the database — while the same call with a valid token gets past
authentication. The event stream and the WebSocket refuse the same tokens."""

from __future__ import annotations

import base64
import json
import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest

from tests.fixtures.learners import Learner, ws_close_code
from tests.integration.security.conftest import SecuredPlatform

pytestmark = pytest.mark.timeout(240)

PATH_VALUES = {"content_type": "tutorial", "concept_id": "c01-ownership"}  # the rest are fresh UUIDs
UNAUTHORIZED = {"detail": "Not authenticated: a valid bearer token is required"}


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def bad_tokens(secret: str, valid: str) -> dict[str, str]:
    """Tokens an attacker can make: each fails for exactly one reason (the others name the
    user and the live session of ``valid``)."""
    now = datetime.now(UTC)
    later, past = now + timedelta(hours=1), now - timedelta(minutes=5)
    claims = jwt.decode(valid, options={"verify_signature": False})
    user = {"sub": claims["sub"], "sid": claims["sid"]}
    unsigned = _b64({"alg": "none", "typ": "JWT"}) + "." + _b64({**user, "exp": int(later.timestamp())})
    return {
        "expired": jwt.encode({**user, "exp": past}, secret, algorithm="HS256"),
        "another key": jwt.encode({**user, "exp": later}, "k" * 48, algorithm="HS256"),
        "alg none": f"{unsigned}.",
        "another algorithm": jwt.encode({**user, "exp": later}, secret, algorithm="HS512"),
        "no user id": jwt.encode({**user, "sub": "admin", "exp": later}, secret, algorithm="HS256"),
        "no session": jwt.encode({"sub": user["sub"], "exp": later}, secret, algorithm="HS256"),
        "unknown session": jwt.encode({**user, "sid": str(uuid.uuid4()), "exp": later}, secret),
        "another user's session": jwt.encode({**user, "sub": str(uuid.uuid4()), "exp": later}, secret),
        "garbage": "not.a.token",
    }


def auth_cases(secret: str, valid: str) -> dict[str, dict[str, str]]:
    cases = {"no token": {}, "another scheme": {"Authorization": f"Basic {valid}"}}
    cases |= {name: {"Authorization": f"Bearer {token}"} for name, token in bad_tokens(secret, valid).items()}
    return cases


LOGOUT = ("post", "/api/v1/auth/logout")


def secured_operations(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Every operation that needs a token; signing out last, as it ends the caller's session."""
    found = [
        (method, template)
        for template, operations in schema["paths"].items()
        for method, operation in operations.items()
        if operation.get("security")
    ]
    return sorted(found, key=lambda operation: operation == LOGOUT)


def concrete(template: str) -> str:
    return re.sub(r"{(\w+)}", lambda m: PATH_VALUES.get(m.group(1), str(uuid.uuid4())), template)


def token_of(learner: Learner) -> str:
    return learner.headers["Authorization"].removeprefix("Bearer ")


async def test_every_secured_route_answers_401_to_missing_and_bad_tokens(
    platform: SecuredPlatform, learner: Learner, http: httpx.AsyncClient
) -> None:
    valid = token_of(learner)
    cases = auth_cases(platform.canaries.jwt_secret, valid)
    operations = secured_operations((await http.get("/openapi.json")).json())
    assert len(operations) >= 20  # every task, roadmap and account route, the event stream included
    assert LOGOUT in operations
    for method, template in operations:
        path = concrete(template)
        past_auth = await learner.call(method, path)
        assert past_auth.status_code != 401, (method, template)  # the valid token is accepted here
        for name, headers in cases.items():
            response = await http.request(method, path, headers=headers)
            assert response.status_code == 401, (method, template, name, response.status_code)
            assert response.headers["www-authenticate"] == "Bearer", (method, template, name)
            assert response.json() == UNAUTHORIZED, (method, template, name)
        in_url = await http.request(method, path, params={"access_token": valid})
        if not template.endswith("/events"):  # only EventSource may put the token in the URL
            assert in_url.status_code == 401, (method, template)


async def test_a_refused_token_changes_nothing(platform: SecuredPlatform, learner: Learner) -> None:
    """Writes with a forged token are refused before they reach the database."""
    forged = bad_tokens(platform.canaries.jwt_secret, token_of(learner))
    for name, token in forged.items():
        created = await learner.call(
            "POST",
            "/api/v1/tasks",
            json={"goal": f"Learn {name}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status_code == 401, name
    assert (await learner.call("GET", "/api/v1/tasks")).json()["total"] == 0


async def test_event_stream_refuses_bad_tokens_in_the_url_and_the_header(
    platform: SecuredPlatform, learner: Learner, http: httpx.AsyncClient
) -> None:
    task_id = uuid.uuid4()  # authentication is checked before ownership: no task is needed
    path = f"/api/v1/tasks/{task_id}/events"
    valid = learner.headers["Authorization"].removeprefix("Bearer ")
    assert (await http.get(path, params={"access_token": valid})).status_code == 404  # past auth
    for name, token in {
        "empty": "",
        **bad_tokens(platform.canaries.jwt_secret, token_of(learner)),
    }.items():
        by_url = await http.get(path, params={"access_token": token})
        by_header = await http.get(path, headers={"Authorization": f"Bearer {token}".strip()})
        assert (by_url.status_code, by_header.status_code) == (401, 401), name
        assert by_url.headers["www-authenticate"] == "Bearer", name
        assert "text/event-stream" not in by_url.headers["content-type"], name


async def test_websocket_closes_4401_without_a_valid_token(
    platform: SecuredPlatform, learner: Learner
) -> None:
    task_id = str(uuid.uuid4())
    valid = learner.headers["Authorization"].removeprefix("Bearer ")
    assert await ws_close_code(platform, task_id, valid) == 4404  # a valid token gets past auth
    for name, token in {
        "none": "",
        **bad_tokens(platform.canaries.jwt_secret, token_of(learner)),
    }.items():
        assert await ws_close_code(platform, task_id, token) == 4401, name


async def test_a_signed_out_session_is_refused_everywhere(
    platform: SecuredPlatform, learner: Learner, http: httpx.AsyncClient
) -> None:
    """After ``POST /auth/logout`` the token is refused by every secured route, the event stream
    and the WebSocket, exactly like a forged one; signing out again still answers 204."""
    token = token_of(learner)
    task_id = await learner.create()
    assert (await learner.call(*LOGOUT)).status_code == 204
    for method, template in secured_operations((await http.get("/openapi.json")).json()):
        path = concrete(template.replace("{task_id}", task_id))
        response = await learner.call(method, path)
        if (method, template) == LOGOUT:
            assert response.status_code == 204  # idempotent
            continue
        assert response.status_code == 401, (method, template, response.status_code)
        assert response.json() == UNAUTHORIZED, (method, template)
    by_url = await http.get(f"/api/v1/tasks/{task_id}/events", params={"access_token": token})
    assert by_url.status_code == 401
    assert await ws_close_code(platform, task_id, token) == 4401
