"""Deleting a roadmap moves it to the trash: gone from every read and its share link dead at
once, restorable with its progress, and purged by the retention job (a real worker) once it
has been there longer than ROADMAP_TRASH_DAYS."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

import psycopg
import pytest

from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.integration.learner.conftest import Learner

pytestmark = pytest.mark.timeout(300)


def age_trash(platform: Platform, roadmap_id: str, days: float) -> None:
    """As if the roadmap had been deleted ``days`` ago."""
    with psycopg.connect(platform.settings.db.psycopg_url) as conn:
        conn.execute(
            "UPDATE roadmaps SET deleted_at = now() - make_interval(secs => %s) WHERE id = %s",
            (days * 86400, roadmap_id),
        )


async def trash_ids(learner: Learner) -> list[str]:
    response = await learner.call("GET", "/api/v1/roadmaps/trash")
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def prune_and_wait(platform: Platform) -> None:
    """Run the retention job on its worker and wait until it says it has finished."""
    runs = platform.stack.log("celery_logs").count("maintenance.pruned")
    platform.stack.celery.send_task("maintenance.prune")
    deadline = time.monotonic() + 60
    while platform.stack.log("celery_logs").count("maintenance.pruned") == runs:
        assert time.monotonic() < deadline, "the retention job did not finish"
        await asyncio.sleep(0.2)


async def test_trash_restore_and_purge(
    platform: Platform, learner: Learner, other_learner: Learner, sim: Simulator
) -> None:
    task_id = await learner.create(skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 180)
    roadmap_id = done["roadmap_id"]
    path = f"/api/v1/roadmaps/{roadmap_id}"
    concept_id = (await learner.call("GET", path)).json()["concepts"][0]["concept_id"]
    marked = await learner.call("PUT", f"{path}/concepts/{concept_id}/progress", json={"completed": True})
    assert marked.status_code == 200
    slug = (await learner.call("POST", f"{path}/share")).json()["slug"]
    assert (await learner.http.get(f"/api/v1/shared/{slug}")).status_code == 200

    assert (await learner.call("DELETE", path)).status_code == 204
    assert (await learner.http.get(f"/api/v1/shared/{slug}")).status_code == 404  # at once
    assert (await learner.call("GET", path)).status_code == 404
    assert (await learner.call("GET", f"{path}/concepts/{concept_id}")).status_code == 404
    listed = (await learner.call("GET", "/api/v1/roadmaps")).json()["items"]
    assert roadmap_id not in {r["id"] for r in listed}
    [trashed] = (await learner.call("GET", "/api/v1/roadmaps/trash")).json()["items"]
    assert trashed["id"] == roadmap_id and trashed["progress"]["completed"] == 1
    kept_for = datetime.fromisoformat(trashed["purge_at"]) - datetime.fromisoformat(trashed["deleted_at"])
    assert kept_for.days == 30
    # the trash is the owner's own
    assert await trash_ids(other_learner) == []
    assert (await other_learner.call("POST", f"{path}/restore")).status_code == 404

    restored = await learner.call("POST", f"{path}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["progress"]["completed"] == 1
    roadmap = (await learner.call("GET", path)).json()
    assert [c["completed"] for c in roadmap["concepts"] if c["concept_id"] == concept_id] == [True]
    concept = (await learner.call("GET", f"{path}/concepts/{concept_id}")).json()
    assert concept["tutorial"]["body"]  # the content came back with it
    assert await trash_ids(learner) == []
    assert (await learner.http.get(f"/api/v1/shared/{slug}")).status_code == 404  # not shared again
    assert (await learner.call("POST", f"{path}/restore")).status_code == 404  # not in the trash

    assert (await learner.call("DELETE", path)).status_code == 204
    age_trash(platform, roadmap_id, days=29)
    await prune_and_wait(platform)
    assert await trash_ids(learner) == [roadmap_id]  # still within ROADMAP_TRASH_DAYS

    age_trash(platform, roadmap_id, days=31)
    await prune_and_wait(platform)
    assert await trash_ids(learner) == []
    assert (await learner.call("POST", f"{path}/restore")).status_code == 404
    # the task that made it says so when asked to continue
    retry = await learner.call("POST", f"/api/v1/tasks/{task_id}/retry")
    assert retry.status_code == 409
