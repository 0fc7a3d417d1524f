"""The API over real HTTP with its LLM client pointed at the simulator (the mentor runs in
the API process), a learner of its own (``tests.fixtures.owners``) and roadmaps stored for
them directly, in the state a finished generation leaves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import GENEROUS_AUTH_LIMIT
from tests.fixtures.api import running_api
from tests.fixtures.owners import Owner, owner
from tests.integration.roadmaps.conftest import framework_of, stored_roadmap
from waymark.settings import Settings

__all__ = ["Owner", "framework_of", "owner", "stored_roadmap"]


@pytest.fixture(scope="package")
def api_url(sim_settings: Settings) -> Iterator[str]:
    settings = sim_settings.model_copy(
        update={"api": sim_settings.api.model_copy(update=GENEROUS_AUTH_LIMIT)}
    )
    with running_api(settings) as url:
        yield url
