"""Oversized bodies are refused with 413 before they are parsed; errors carry no traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx

from tests.conftest import register_and_login, unique_email

ONE_MIB = 1024 * 1024


async def test_declared_body_over_one_mib_is_413(client: httpx.AsyncClient) -> None:
    body = b'{"email": "a@example.com", "password": "' + b"p" * ONE_MIB + b'"}'
    response = await client.post(
        "/api/v1/auth/register", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413, response.text
    assert "too large" in response.json()["detail"]


async def test_streamed_body_over_one_mib_is_413(client: httpx.AsyncClient) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(20):
            yield b"x" * 64 * 1024  # 1.25 MiB in total, no Content-Length

    response = await client.post(
        "/api/v1/auth/register", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


async def test_body_under_the_limit_is_parsed(client: httpx.AsyncClient) -> None:
    padding = " " * (ONE_MIB - 200)
    body = f'{{"email": "{unique_email()}", {padding} "password": "short"}}'.encode()
    response = await client.post(
        "/api/v1/auth/register", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 422  # parsed and validated, not refused for size


async def test_every_response_carries_a_request_id(client: httpx.AsyncClient) -> None:
    response = await client.get("/health", headers={"X-Request-ID": "abc123"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "abc123"
    assert (await client.get("/health")).headers["x-request-id"]


async def test_a_log_cursor_beyond_int64_is_a_422_not_a_500(client: httpx.AsyncClient) -> None:
    headers = await register_and_login(client)
    created = await client.post("/api/v1/tasks", json={"goal": "Learn SQL"}, headers=headers)
    assert created.status_code == 202
    path = f"/api/v1/tasks/{created.json()['task_id']}/logs"
    response = await client.get(path, params={"after": "99999999999999999999"}, headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "after"]
    assert (await client.get(path, params={"after": 2**63 - 1}, headers=headers)).status_code == 200
