"""Flower, started as the deploy files start it (``SERVICE_TYPE=flower`` through
``scripts/railway_entrypoint.sh``, then ``waymark flower``) on a real Redis with
FLOWER_BASIC_AUTH set: nothing but its health check answers without the right credentials,
its Prometheus ``/metrics`` included."""

from __future__ import annotations

import httpx
import pytest

from tests.integration.security.conftest import SecuredPlatform

pytestmark = pytest.mark.timeout(240)

PAGES = ["/", "/workers", "/tasks", "/broker"]  # the UI: a browser is asked for a login
API = ["/api/tasks", "/api/workers", "/api/task/types", "/api/queues/length"]
METRICS = "/metrics"  # Flower 2.2 serves it to anyone unless waymark.flower_server guards it


def wrong_credentials(platform: SecuredPlatform) -> dict[str, httpx.Auth | None]:
    user, _, password = platform.canaries.flower_auth.partition(":")
    return {
        "none": None,
        "wrong password": httpx.BasicAuth(user, password + "x"),
        "wrong user": httpx.BasicAuth("admin", password),
        "empty": httpx.BasicAuth("", ""),
    }


@pytest.mark.parametrize("path", [*PAGES, *API, METRICS])
def test_flower_refuses_every_route_without_the_right_credentials(
    platform: SecuredPlatform, path: str
) -> None:
    user, _, password = platform.canaries.flower_auth.partition(":")
    with httpx.Client(base_url=platform.flower_url, timeout=30) as flower:
        for name, auth in wrong_credentials(platform).items():
            refused = flower.get(path, auth=auth)
            assert refused.status_code == 401, (path, name, refused.status_code)
            assert "worker" not in refused.text.lower() and "celery" not in refused.text.lower()
            if path in PAGES or path == METRICS:
                assert refused.headers["www-authenticate"] == 'Basic realm="flower"', (path, name)
        bearer = flower.get(path, headers={"Authorization": f"Bearer {password}"})
        assert bearer.status_code == 401, path  # only Basic is accepted
        allowed = flower.get(path, auth=(user, password))
    assert allowed.status_code == 200, (path, allowed.text[:300])


def test_flower_metrics_need_credentials_and_then_show_the_workers(platform: SecuredPlatform) -> None:
    with httpx.Client(base_url=platform.flower_url, timeout=30) as flower:
        assert flower.get(METRICS).status_code == 401
        metrics = flower.get(METRICS, auth=tuple(platform.canaries.flower_auth.split(":", 1)))
    assert metrics.status_code == 200
    assert "flower_events_total" in metrics.text or "flower_worker_online" in metrics.text
    assert platform.canaries.flower_password not in metrics.text


def test_only_the_health_check_answers_without_credentials(platform: SecuredPlatform) -> None:
    health = httpx.get(f"{platform.flower_url}/healthcheck", timeout=10)
    assert (health.status_code, health.text) == (200, "OK")  # what the deploy health checks call
    assert "flower" in platform.stack.processes  # the process the entrypoint started is the one answering
