"""The ``waymark`` CLI as a subprocess against one real platform for the package (API on uvicorn,
Celery worker processes, the LLM simulator): the production client code end to end."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import unique_email
from tests.fixtures.platform import Platform, running_platform
from waymark.llm.simulator.run import SimulatorURLs

PASSWORD = "correct horse battery"


@pytest.fixture(scope="package")
def platform(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, simulator_urls: SimulatorURLs
) -> Iterator[Platform]:
    with running_platform(
        tmp_path_factory.mktemp("cli-platform"), postgres_admin_url, simulator_urls
    ) as running:
        yield running


@dataclass
class Cli:
    """One user's ``waymark`` command: its own config dir, the platform's API."""

    api_url: str
    config_dir: Path
    email: str

    def env(self, **extra: str) -> dict[str, str]:
        base = {k: v for k, v in os.environ.items() if not k.startswith(("WAYMARK_", "EDITOR"))}
        return {
            **base,
            "WAYMARK_API_URL": self.api_url,
            "WAYMARK_CONFIG_DIR": str(self.config_dir),
            "WAYMARK_ENV": "test",
            **extra,
        }

    def run(
        self, *args: str, stdin: str = "", timeout_s: float = 150, **extra_env: str
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "waymark", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env=self.env(**extra_env),
            timeout=timeout_s,
        )

    def login(self) -> None:
        result = self.run(
            "login", "--register", "--email", self.email, "--password-stdin", stdin=PASSWORD + "\n"
        )
        assert result.returncode == 0, result.stderr

    def token(self) -> str:
        return str(
            httpx.post(
                f"{self.api_url}/api/v1/auth/login",
                json={"email": self.email, "password": PASSWORD},
                timeout=10,
            ).json()["access_token"]
        )

    def api_get(self, path: str) -> Any:
        response = httpx.get(
            f"{self.api_url}{path}", headers={"Authorization": f"Bearer {self.token()}"}, timeout=10
        )
        response.raise_for_status()
        return response.json()


def new_cli(api_url: str, directory: Path) -> Cli:
    return Cli(api_url=api_url, config_dir=directory / f"cfg-{uuid.uuid4().hex[:6]}", email=unique_email())


@pytest.fixture
def cli(platform: Platform, tmp_path: Path) -> Cli:
    """A fresh user, logged in through the CLI itself."""
    user = new_cli(platform.api_url, tmp_path)
    user.login()
    return user


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr


def field_after(output: str, prefix: str) -> str:
    """The word after ``prefix`` on the first line starting with it (ids in the output)."""
    for line in output.splitlines():
        if line.startswith(prefix):
            return line.removeprefix(prefix).split()[0].rstrip(":")
    raise AssertionError(f"no line starting with {prefix!r} in:\n{output}")
