"""One platform (real workers + API over HTTP) shared by this package's tests; the learners
who use it come from ``tests.fixtures.learners``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fixtures.learners import Learner, http, learner, other_learner
from tests.fixtures.platform import Platform, running_platform
from waymark.llm.simulator.run import SimulatorURLs

__all__ = ["Learner", "http", "learner", "other_learner"]


@pytest.fixture(scope="package")
def platform(
    tmp_path_factory: pytest.TempPathFactory, postgres_admin_url: str, simulator_urls: SimulatorURLs
) -> Iterator[Platform]:
    with running_platform(tmp_path_factory.mktemp("platform"), postgres_admin_url, simulator_urls) as running:
        yield running
