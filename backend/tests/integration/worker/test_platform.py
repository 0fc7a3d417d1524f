"""One roadmap end to end across the three queues, on real worker processes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.fixtures.sim import Simulator
from tests.fixtures.stack import worker_stack
from tests.fixtures.waiting import eventually
from tests.integration.worker.conftest import tasks_run_by, wait_status


async def test_each_worker_consumes_its_queue_and_a_roadmap_completes_across_all_three(
    tmp_path: Path, postgres_admin_url: str, sim: Simulator, stack_db_factory: Any
) -> None:
    with worker_stack(tmp_path, postgres_admin_url, sim.urls) as stack:
        queues = stack.active_queues()
        by_prefix = {host.split("@")[0]: names for host, names in queues.items()}
        assert by_prefix == {
            "workflow": ["roadmap_workflow"],
            "content": ["content_generation"],
            "logs": ["logs"],
        }
        db = stack_db_factory(stack)
        task_id = await db.new_task()
        assert await wait_status(db, task_id, {"awaiting_review", "failed"}) == "awaiting_review"
        await db.approve(task_id)
        assert await wait_status(db, task_id, {"completed", "partial_failure", "failed"}) == "completed"
        task = await db.task(task_id)
        assert (task.progress, task.current_step) == (100, "done")

        rows = await db.content_rows(task_id)
        concepts = {row[0] for row in rows}
        assert len(concepts) == 2 * 2 * 3
        assert len(rows) == len(concepts) * 3  # exactly one row per concept and type
        assert {row[3] for row in rows} == {"completed"}

        async def logged() -> bool:  # the log batches travel through the logs queue
            return await db.logged_events(task_id) > 0

        await eventually(logged, 60, "the task's events to reach execution_logs")

        # regenerate one concept's tutorial with instructions: a new version, the old one kept
        concept = sorted(concepts)[0]
        regen_id = await db.regenerate(task_id, concept, ["tutorial"], "more examples please")
        assert await wait_status(db, regen_id, {"completed", "failed"}) == "completed"
        tutorials = sorted(
            (version, status)
            for c, kind, version, status in await db.content_rows(task_id)
            if c == concept and kind == "tutorial"
        )
        assert tutorials == [(1, "completed"), (2, "completed")]

    ran = {
        service: tasks_run_by(stack.log(service))
        for service in ("celery_workflow", "celery_content", "celery_logs")
    }
    assert ran["celery_workflow"] == {"workflow.generate_roadmap", "workflow.resume_after_review"}
    assert ran["celery_content"] == {
        "content.generate_roadmap_content",
        "content.generate_concept",
        "content.regenerate_concept",
    }
    assert "logs.write_execution_logs" in ran["celery_logs"]
    assert all(name.startswith(("logs.", "maintenance.")) for name in ran["celery_logs"])
