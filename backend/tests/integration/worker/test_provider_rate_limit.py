"""The provider's rate limit rules (issue 19): with the simulator answering 429 beyond N
requests a minute and the platform's limiter set to the same N, a roadmap that needs more
than N calls waits for the window instead of meeting a single 429, and finishes whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import worker_stack
from tests.integration.worker.conftest import wait_status

RPM = 7
ROADMAP = {"stages": 1, "modules": 1, "concepts": 2}  # 6 content calls + the workflow's: more than RPM

pytestmark = pytest.mark.timeout(240)


@pytest.fixture
def limited_provider(sim: Simulator) -> Iterator[Simulator]:
    sim.configure(requests_per_minute=RPM, **ROADMAP)
    yield sim
    sim.configure(requests_per_minute=None)


async def test_the_limiter_keeps_every_call_within_the_providers_minute(
    tmp_path: Path, postgres_admin_url: str, limited_provider: Simulator, stack_db_factory: Any
) -> None:
    services = ("celery_workflow", "celery_content", "celery_logs")
    with worker_stack(
        tmp_path,
        postgres_admin_url,
        limited_provider.urls,
        services,
        WAYMARK_LLM__REQUESTS_PER_MINUTE=str(RPM),
    ) as stack:
        db = stack_db_factory(stack)
        task_id = await db.new_task(skip_review=True)
        status = await wait_status(db, task_id, {"completed", "partial_failure", "failed", "cancelled"}, 180)
        rows = await db.content_rows(task_id)

    stats = limited_provider.stats()
    assert status == "completed"
    assert len(rows) == 6 and {row[3] for row in rows} == {"completed"}, rows
    assert stats["total_calls"] > RPM  # the limiter had to hold calls back for the next minute
    assert stats["rate_limited"] == 0, stats  # and none of them met the provider's 429
    assert stats["max_per_minute"] == RPM  # the whole minute was used, not a cautious part of it
