from __future__ import annotations

import time
import uuid

import httpx

from tests.conftest import GENEROUS_AUTH_LIMIT
from tests.fixtures.api import running_api, wait_for
from tests.fixtures.services import create_database
from waymark.db.migrate import upgrade
from waymark.local import EmbeddedPostgres
from waymark.settings import Settings, load_settings


async def test_liveness_and_readiness(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    ready = await client.get("/health/ready")
    assert ready.status_code == 200
    checks = ready.json()["checks"]
    assert checks["database"]["ok"]
    assert checks["redis"]["ok"]
    assert checks["migrations"]["ok"]


def test_ready_is_503_when_migrations_are_behind(postgres_admin_url: str, redis_url: str) -> None:
    url = create_database(postgres_admin_url)  # empty: never migrated
    settings = load_settings(env="test", db={"url": url}, redis={"url": redis_url})
    with running_api(settings) as api:
        response = httpx.get(f"{api}/health/ready")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["migrations"]["ok"] is False


def test_ready_is_503_naming_the_database_when_it_goes_down(tmp_path, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    postgres = EmbeddedPostgres(tmp_path)
    url = postgres.start()
    upgrade(url)
    # The suite registers many users from 127.0.0.1 on this Redis; the auth limit has its own test.
    settings = load_settings(env="test", db={"url": url}, redis={"url": redis_url}, api=GENEROUS_AUTH_LIMIT)
    try:
        with running_api(settings) as api:
            assert wait_for(f"{api}/health/ready", 200).status_code == 200
            email = f"down-{uuid.uuid4().hex[:8]}@example.com"
            httpx.post(f"{api}/api/v1/auth/register", json={"email": email, "password": "a long password"})
            token = httpx.post(
                f"{api}/api/v1/auth/login", json={"email": email, "password": "a long password"}
            )
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            postgres.stop()
            for path in ("/api/v1/tasks", f"/api/v1/tasks/{uuid.uuid4()}"):  # the ORM and the hot read
                down = httpx.get(f"{api}{path}", headers=headers, timeout=10)
                assert down.status_code == 503, down.text  # a retryable answer, never a 500
                assert down.headers["Retry-After"] and "unavailable" in down.json()["detail"]
            response = wait_for(f"{api}/health/ready", 503)
            assert response.status_code == 503
            body = response.json()
            assert body["status"] == "unavailable"
            assert body["checks"]["database"]["ok"] is False
            assert body["checks"]["redis"]["ok"] is True
            assert httpx.get(f"{api}/health").status_code == 200  # liveness does no I/O
    finally:
        postgres.stop()


async def test_celery_health_is_503_naming_each_queue_without_consumers(client: httpx.AsyncClient) -> None:
    response = await client.get("/health/celery", timeout=5)  # no worker answers: it still answers
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["queues"] == {
        name: {"consumers": 0, "workers": []} for name in ("roadmap_workflow", "content_generation", "logs")
    }
    # each answer costs a broadcast and a thread: callers within a few seconds share it
    answers = [await client.get("/health/celery", timeout=5) for _ in range(5)]
    assert {a.json()["checked_at"] for a in answers} == {body["checked_at"]}


def production_settings(database_url: str, redis_url: str, **api: str) -> Settings:
    return load_settings(
        env="production",
        db={"url": database_url},
        redis={"url": redis_url},
        auth={"jwt_secret_key": "p" * 40},
        api=api,
    )


def test_metrics_show_nothing_without_a_token_outside_dev(database_url: str, redis_url: str) -> None:
    with running_api(production_settings(database_url, redis_url)) as api:
        response = httpx.get(f"{api}/metrics")
    assert response.status_code == 403  # platform-wide spend was once open to anyone
    assert "METRICS_TOKEN" in response.json()["detail"]
    settings = production_settings(database_url, redis_url, metrics_token="m" * 24)
    with running_api(settings) as api:
        assert httpx.get(f"{api}/metrics").status_code == 401
        assert httpx.get(f"{api}/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
        scraped = httpx.get(f"{api}/metrics", headers={"Authorization": f"Bearer {'m' * 24}"})
    assert scraped.status_code == 200 and "waymark_tasks" in scraped.text


def test_the_api_answers_normally_after_the_database_restarts(tmp_path, redis_url: str) -> None:  # type: ignore[no-untyped-def]
    """Pooled connections are tested only after sitting idle (not on every request): one
    that died with the server is replaced before a request gets it."""
    postgres = EmbeddedPostgres(tmp_path)
    url = postgres.start()
    upgrade(url)
    settings = load_settings(env="test", db={"url": url, "ping_after_idle_s": 0.5}, redis={"url": redis_url})
    try:
        with running_api(settings) as api:
            assert wait_for(f"{api}/health/ready", 200).status_code == 200  # the pool holds a connection
            postgres.stop()
            postgres.start()
            time.sleep(1)
            assert httpx.get(f"{api}/health/ready", timeout=5).status_code == 200  # first try, no 500
    finally:
        postgres.stop()
