"""Oversized bodies are refused with 413 before they are parsed; errors carry no traceback."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import redis

from tests.conftest import overridden, register_and_login, unique_email
from tests.fixtures.api import running_api
from waymark.settings import Settings

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


async def test_clients_behind_a_trusted_proxy_get_their_own_rate_limit(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Behind Railway's proxy every client shares the proxy's address unless the proxy is
    trusted (FORWARDED_ALLOW_IPS): then each forwarded address has its own auth budget."""
    strict = overridden(settings, "api", auth_per_minute=2)
    redis_client.delete(*[f"waymark:ratelimit:auth:{ip}" for ip in ("10.1.1.1", "10.1.1.2", "127.0.0.1")])
    body = {"email": "nobody@example.com", "password": "wrong password"}
    with running_api(strict) as api:
        async with httpx.AsyncClient(base_url=api) as http:

            async def login(ip: str) -> int:
                response = await http.post("/api/v1/auth/login", json=body, headers={"X-Forwarded-For": ip})
                return response.status_code

            assert [await login("10.1.1.1") for _ in range(3)] == [401, 401, 429]
            assert await login("10.1.1.2") == 401  # another client behind the same proxy


async def test_the_request_budget_is_leased_in_shares_and_never_exceeded(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Every authenticated request spends the user's per-minute budget; a process leases a
    twentieth of it at a time from Redis instead of asking Redis on every request."""
    with running_api(overridden(settings, "api", rate_limit_per_minute=100)) as api:
        async with httpx.AsyncClient(base_url=api) as http:
            headers = await register_and_login(http)
            user = (await http.get("/api/v1/auth/me", headers=headers)).json()["id"]
            counter = f"waymark:ratelimit:api:{user}"
            for _ in range(6):
                assert (await http.get("/api/v1/tasks", headers=headers)).status_code == 200
            assert int(redis_client.get(counter) or 0) == 10  # two leases of 5, not six round trips
            statuses = [(await http.get("/api/v1/tasks", headers=headers)).status_code for _ in range(95)]
    assert statuses[:94] == [200] * 94 and statuses[94] == 429  # 100 in the minute, and no more


async def test_a_client_cannot_choose_its_address_behind_an_appending_proxy(
    settings: Settings, redis_client: redis.Redis
) -> None:
    """Behind one proxy that appends the caller's address (TRUSTED_PROXY_HOPS=1), what the
    client wrote to X-Forwarded-For itself is ignored: rotating it does not escape the limit."""
    redis_client.delete(*[f"waymark:ratelimit:auth:{ip}" for ip in ("10.3.3.3", "10.3.3.4")])
    strict = overridden(settings, "api", auth_per_minute=2, trusted_proxy_hops=1)
    body = {"email": "nobody@example.com", "password": "wrong password"}
    with running_api(strict) as api:
        async with httpx.AsyncClient(base_url=api) as http:

            async def login(chosen: str, appended: str) -> int:
                headers = {"X-Forwarded-For": f"{chosen}, {appended}"}
                return (await http.post("/api/v1/auth/login", json=body, headers=headers)).status_code

            assert [await login(f"192.0.2.{n}", "10.3.3.3") for n in range(3)] == [401, 401, 429]
            assert await login("192.0.2.9", "10.3.3.4") == 401  # a different caller
