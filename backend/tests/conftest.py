from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from tests.fixtures.api import running_api
from tests.fixtures.services import create_database
from waymark.db.migrate import migrate_database
from waymark.settings import Settings, load_settings

# Tests register many users from 127.0.0.1; the per-address auth limit has its own test.
GENEROUS_AUTH_LIMIT = {"auth_per_minute": 100_000}


@pytest.fixture(scope="session")
def database_url(postgres_admin_url: str) -> str:
    """A fresh database for this test session, migrated to head (with checkpoint tables)."""
    url = create_database(postgres_admin_url)
    migrate_database(url)
    return url


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str) -> Settings:
    return load_settings(
        env="test", db={"url": database_url}, redis={"url": redis_url}, api=GENEROUS_AUTH_LIMIT
    )


@pytest.fixture(scope="session")
def api_url(settings: Settings) -> Iterator[str]:
    with running_api(settings) as url:
        yield url


@pytest.fixture
async def client(api_url: str) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=api_url, timeout=30) as http:
        yield http


def overridden(settings: Settings, group: str, **values: Any) -> Settings:
    """``settings`` with some values of one group changed (``overridden(s, "api", x=1)``)."""
    return settings.model_copy(update={group: getattr(settings, group).model_copy(update=values)})


def unique_email() -> str:
    return f"learner-{uuid.uuid4().hex[:12]}@example.com"


async def register_and_login(client: httpx.AsyncClient) -> dict[str, str]:
    """Create a user and return Authorization headers for it."""
    email, password = unique_email(), "correct horse battery"
    response = await client.post("/api/v1/auth/register", json={"email": email, "password": password})
    assert response.status_code == 201, response.text
    response = await client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}
