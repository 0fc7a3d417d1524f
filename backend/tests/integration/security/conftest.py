"""One platform for the security sweep, deployed the way an operator deploys it: every
service (API, three workers, beat, Flower) started by ``scripts/railway_entrypoint.sh`` in
its own process, logging as in production, and configured with recognisable secrets that
must never show up anywhere an attacker or a learner can look."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import httpx
import pytest

from tests.fixtures.learners import Learner, http, learner, other_learner
from tests.fixtures.platform import Platform
from tests.fixtures.stack import QUEUE_SERVICES, wait_until, worker_stack
from waymark.llm.simulator.run import SimulatorURLs
from waymark.threaded_server import free_port

__all__ = ["Learner", "http", "learner", "other_learner"]


@dataclass(frozen=True)
class Canaries:
    """Secret values no log line, error body, broker message or learner-visible text may
    contain. Fixed strings: a failure names what leaked."""

    jwt_secret: str = "jwt-canary-5b1f0c7e9a2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"
    openai_key: str = "sk-canary-openai-2c4e6a8b0d1f3a5c7e9b"
    tavily_key: str = "tvly-canary-7d9f1b3c5e7a9c1e3b5d"
    flower_password: str = "flower-canary-3e5a7c9e1b3d"
    db_password: str = "pg-canary-9c1e3a5b7d9f"

    @property
    def flower_auth(self) -> str:
        return f"ops:{self.flower_password}"

    def all(self) -> dict[str, str]:
        return {
            "JWT_SECRET_KEY": self.jwt_secret,
            "OPENAI_API_KEY": self.openai_key,
            "TAVILY_API_KEY": self.tavily_key,
            "FLOWER_BASIC_AUTH password": self.flower_password,
            "database password": self.db_password,
        }

    def found_in(self, text: str) -> list[str]:
        """The names of the secrets that ``text`` contains."""
        return [name for name, value in self.all().items() if value in text]


def with_password(url: str, password: str) -> tuple[str, str]:
    """``url`` carrying a password, and that password: its own if it has one (an external
    server's real one), else ``password`` (the embedded server trusts local connections,
    so the client sends it and nothing checks it — it only has to stay secret)."""
    parts = urlsplit(url)
    if parts.password:
        return url, parts.password
    user, _, host = parts.netloc.rpartition("@")
    netloc = f"{user.split(':')[0] or 'postgres'}:{password}@{host}"
    return urlunsplit(parts._replace(netloc=netloc)), password


@dataclass
class SecuredPlatform(Platform):
    flower_url: str
    canaries: Canaries


def _serving(url: str) -> bool:
    try:
        return httpx.get(url, timeout=5).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="package")
def platform(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, simulator_urls: SimulatorURLs
) -> Iterator[SecuredPlatform]:
    admin_url, db_password = with_password(postgres_admin_url, Canaries.db_password)
    canaries = Canaries(db_password=db_password)
    api_port, flower_port = free_port(), free_port()
    env = {
        "PORT": str(api_port),
        "FLOWER_PORT": str(flower_port),
        "JWT_SECRET_KEY": canaries.jwt_secret,
        "OPENAI_API_KEY": canaries.openai_key,
        "TAVILY_API_KEY": canaries.tavily_key,
        "FLOWER_BASIC_AUTH": canaries.flower_auth,
        "WAYMARK_API__AUTH_PER_MINUTE": "100000",
    }
    services = (*QUEUE_SERVICES, "celery_beat", "api", "flower")
    with worker_stack(
        tmp_path_factory.mktemp("secured"), admin_url, simulator_urls, services, **env
    ) as stack:
        api_url, flower_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{flower_port}"
        for service, url in (("api", f"{api_url}/health/ready"), ("flower", f"{flower_url}/healthcheck")):
            try:
                wait_until(lambda url=url: _serving(url), timeout_s=90, what=f"{service} to serve")
            except TimeoutError as error:
                raise RuntimeError(stack.log(service)[-3000:]) from error
        yield SecuredPlatform(stack, stack.settings, api_url, flower_url, canaries)
