"""One platform (real workers + API over HTTP) shared by this package's tests, and a small
client that speaks the public API the way a program would."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import register_and_login
from tests.fixtures.platform import Platform, running_platform
from waymark.llm.simulator.run import SimulatorURLs

TERMINAL = {"completed", "partial_failure", "failed", "cancelled"}


@pytest.fixture(scope="package")
def platform(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, simulator_urls: SimulatorURLs
) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("platform"), postgres_admin_url, simulator_urls) as running:
        yield running


class Learner:
    """One registered user talking to the API."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.http = http
        self.headers = headers

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return await self.http.request(method, path, headers=headers, **kwargs)

    async def create(self, goal: str = "Learn Rust for embedded work", **preferences: Any) -> str:
        body = {"goal": goal, "preferences": {"level": "beginner", "weekly_hours": 6, **preferences}}
        response = await self.call("POST", "/api/v1/tasks", json=body)
        assert response.status_code == 202, response.text
        return str(response.json()["task_id"])

    async def task(self, task_id: str) -> dict[str, Any]:
        response = await self.call("GET", f"/api/v1/tasks/{task_id}")
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def wait(self, task_id: str, statuses: set[str], timeout_s: float = 120) -> dict[str, Any]:
        deadline = time.monotonic() + timeout_s
        while True:
            task = await self.task(task_id)
            if task["status"] in statuses:
                return task
            if time.monotonic() > deadline:
                raise TimeoutError(
                    f"task {task_id} is {task['status']} at {task['current_step']}, wanted {statuses}"
                )
            await asyncio.sleep(0.2)

    async def review(self, task_id: str, **body: Any) -> httpx.Response:
        return await self.call("POST", f"/api/v1/tasks/{task_id}/review", json=body)


@pytest.fixture
async def http(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.api_url, timeout=30) as client:
        yield client


@pytest.fixture
async def learner(http: httpx.AsyncClient) -> Learner:
    return Learner(http, await register_and_login(http))


@pytest.fixture
async def other_learner(http: httpx.AsyncClient) -> Learner:
    return Learner(http, await register_and_login(http))
