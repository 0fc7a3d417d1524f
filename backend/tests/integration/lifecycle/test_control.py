"""Cancel in every state, retry that never starts over, and the races a program can cause:
two creates with one Idempotency-Key, two review decisions at once."""

from __future__ import annotations

import asyncio
import copy
import signal
from typing import Any

import pytest
import redis.asyncio as aioredis

from tests.fixtures.platform import Platform
from tests.fixtures.sim import Simulator
from tests.fixtures.stack import wait_until
from tests.fixtures.waiting import eventually
from tests.integration.lifecycle.conftest import Learner
from waymark.events.stream import read_events
from waymark.worker.queues import Queue

pytestmark = pytest.mark.timeout(300)
DONE = {"completed", "partial_failure", "failed"}


def stream_ms(event_id: str | None) -> int:
    """Redis stream ids start with the server's clock in milliseconds."""
    return int(str(event_id).split("-")[0])


async def stream_events(platform: Platform, task_id: str) -> list[Any]:
    client = aioredis.Redis.from_url(platform.settings.redis.required_url)
    try:
        return await read_events(client, task_id, count=10_000)
    finally:
        await client.aclose()


async def test_cancel_while_queued_means_it_never_starts(
    platform: Platform, learner: Learner, sim: Simulator
) -> None:
    platform.stack.kill("celery_workflow", signal.SIGTERM)
    try:
        task_id = await learner.create()
        assert (await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")).status_code == 202
    finally:
        platform.stack.start("celery_workflow")
    platform.stack.wait_for_workers(("workflow",))
    await asyncio.to_thread(
        wait_until, lambda: "succeeded" in platform.stack.log("celery_workflow")
        and ": 'not_claimed'" in platform.stack.log("celery_workflow"),
        30, "the queued message to be consumed and refused",
    )  # fmt: skip
    task = await learner.task(task_id)
    assert (task["status"], task["current_step"], task["started_at"]) == ("cancelled", "queued", None)
    assert sim.stats()["total_calls"] == 0


def wait_for_line(platform: Platform, service: str, parts: tuple[str, ...], timeout_s: float) -> str:
    """The first line of ``service``'s log holding every one of ``parts``, once it is there."""
    found: list[str] = []

    def logged() -> bool:
        found.extend(
            line for line in platform.stack.log(service).splitlines() if all(p in line for p in parts)
        )
        return bool(found)

    wait_until(logged, timeout_s, f"{service} to log {parts}")
    return found[0]


async def test_cancel_a_running_workflow_stops_at_the_next_node(
    learner: Learner, sim: Simulator, platform: Platform
) -> None:
    sim.configure(latency_ms=1500)
    task_id = await learner.create()
    await asyncio.to_thread(wait_until, lambda: sim.calls("intent") >= 1, 30, "intent analysis to start")
    assert (await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")).status_code == 202
    # the intent call returns, then the next node boundary stops the run: wait for the worker
    # to say the run is over before asserting that nothing more happened
    run_over = await asyncio.to_thread(
        wait_for_line, platform, "celery_workflow", ("workflow.run.finished", task_id), 60
    )
    assert "stopped" in run_over
    task = await learner.task(task_id)
    assert (task["status"], task["current_step"]) == ("cancelled", "intent_analysis")
    assert sim.calls("curriculum") == 0  # no further LLM calls
    again = await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")
    assert again.status_code == 409 and "cancelled" in again.json()["detail"]


async def test_cancel_while_awaiting_review_then_a_review_is_a_conflict(
    learner: Learner, sim: Simulator
) -> None:
    task_id = await learner.create()
    await learner.wait(task_id, {"awaiting_review"})
    assert (await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")).status_code == 202
    late = await learner.review(task_id, decision="approve")
    assert late.status_code == 409 and "cancelled" in late.json()["detail"]
    retried = await learner.call("POST", f"/api/v1/tasks/{task_id}/retry")
    assert retried.json()["recovery_type"] == "resume_from_checkpoint"
    waiting = await learner.wait(task_id, {"awaiting_review"})  # back at the same review
    assert sim.calls("intent") == 1 and waiting["review"] is not None


async def test_cancel_during_content_then_retry_keeps_ids_edits_and_finished_content(
    learner: Learner, sim: Simulator, platform: Platform
) -> None:
    task_id = await learner.create()
    proposal = (await learner.wait(task_id, {"awaiting_review"}))["review"]["framework"]
    edited = copy.deepcopy(proposal)
    for stage in edited["stages"]:
        for module in stage["modules"]:
            for concept in module["concepts"]:
                concept["title"] = f"My {concept['title']}"
    sim.configure(latency_ms=250)
    assert (await learner.review(task_id, decision="edit", framework=edited)).status_code == 202

    async def some_content() -> bool:
        counts = (await learner.task(task_id))["content"]
        return counts is not None and counts["completed"] >= 4

    async with asyncio.timeout(120):
        while not await some_content():  # noqa: ASYNC110 - polling the workers' progress
            await asyncio.sleep(0.1)
    assert (await learner.call("POST", f"/api/v1/tasks/{task_id}/cancel")).status_code == 202
    before = await learner.task(task_id)

    async def settled() -> bool:  # the units in flight finished, no concept job is left to run
        generating = (await learner.task(task_id))["content"]["generating"]
        return generating == 0 and await asyncio.to_thread(
            platform.stack.worker_idle, "content", Queue.CONTENT_GENERATION.value
        )

    await eventually(settled, 120, "the content worker to finish or refuse every concept job")
    cancelled = await learner.task(task_id)
    assert cancelled["status"] == "cancelled"
    assert 4 <= cancelled["content"]["completed"] < 36

    events = await stream_events(platform, task_id)
    cancelled_ms = next(stream_ms(e.id) for e in events if e.type == "cancelled")
    # a concept task that read "running" just before the cancel committed is already under way
    grace_ms = cancelled_ms + 200
    started_before = {
        e.data["concept_id"] for e in events if e.type == "concept" and stream_ms(e.id) < grace_ms
    }
    started_after = {
        e.data["concept_id"]
        for e in events
        if e.type == "concept" and e.data["state"] == "started" and stream_ms(e.id) >= grace_ms
    }
    assert started_after <= started_before, "a new concept started after the cancel"

    retried = await learner.call("POST", f"/api/v1/tasks/{task_id}/retry")
    assert retried.status_code == 202, retried.text
    assert retried.json()["task_id"] == task_id
    assert retried.json()["recovery_type"] in {"restart_content_generation", "retry_failed_content"}
    done = await learner.wait(task_id, DONE, 180)
    assert done["status"] == "completed" and done["roadmap_id"] == before["roadmap_id"]
    assert done["content"]["completed"] == 36
    roadmap = (await learner.call("GET", f"/api/v1/roadmaps/{done['roadmap_id']}")).json()
    assert roadmap["framework"] == edited
    assert all(c["title"].startswith("My ") for c in roadmap["concepts"])
    assert sim.calls("curriculum") == 1  # never started over


async def test_retry_a_failed_workflow_resumes_from_its_checkpoint(learner: Learner, sim: Simulator) -> None:
    sim.configure(fault_roles=["validator"], fault_script=["invalid", "invalid"])
    task_id = await learner.create()
    failed = await learner.wait(task_id, {"failed", "awaiting_review"})
    assert failed["status"] == "failed" and "validator" in failed["error"]
    assert (
        await learner.call("POST", f"/api/v1/tasks/{task_id}/review", json={"decision": "approve"})
    ).status_code == 409
    retried = await learner.call("POST", f"/api/v1/tasks/{task_id}/retry")
    assert retried.json() == {
        "task_id": task_id,
        "status": "queued",
        "recovery_type": "resume_from_checkpoint",
    }
    assert (await learner.wait(task_id, {"awaiting_review", "failed"}))["status"] == "awaiting_review"
    assert (sim.calls("intent"), sim.calls("curriculum")) == (1, 1)  # finished nodes not re-run
    assert (await learner.call("POST", f"/api/v1/tasks/{task_id}/retry")).status_code == 409


async def test_one_idempotency_key_creates_one_task_even_when_requests_race(
    learner: Learner, sim: Simulator
) -> None:
    body = {"goal": "Learn Go", "preferences": {"weekly_hours": 4}}
    responses = await asyncio.gather(
        *(
            learner.call("POST", "/api/v1/tasks", json=body, headers={"Idempotency-Key": "k-123"})
            for _ in range(4)
        )
    )
    assert {r.status_code for r in responses} == {202}
    assert len({r.json()["task_id"] for r in responses}) == 1
    listed = (await learner.call("GET", "/api/v1/tasks")).json()
    assert listed["total"] == 1 and listed["items"][0]["goal"] == "Learn Go"
    bad = await learner.call("POST", "/api/v1/tasks", json=body, headers={"Idempotency-Key": "x" * 300})
    assert bad.status_code == 422


async def test_two_review_decisions_at_once_resume_the_workflow_once(
    learner: Learner, sim: Simulator
) -> None:
    task_id = await learner.create()
    await learner.wait(task_id, {"awaiting_review"})
    approve, reject = await asyncio.gather(
        learner.review(task_id, decision="approve"),
        learner.review(task_id, decision="reject", feedback="More projects"),
    )
    assert sorted([approve.status_code, reject.status_code]) == [202, 409]
    done = await learner.wait(task_id, DONE | {"awaiting_review"}, 180)
    if approve.status_code == 202:
        assert done["status"] == "completed"
        assert sim.calls("quiz") == 12  # content generated once
    else:
        assert done["status"] == "awaiting_review" and sim.calls("editor") >= 1


async def test_decisions_that_race_the_review_pause_run_each_graph_once(
    learner: Learner, sim: Simulator, platform: Platform
) -> None:
    """Suspected: a decision landing between review_required and the interrupt's checkpoint
    lets two runs share one LangGraph thread. Each task below is approved the moment the
    status allows it, racing the pause; every node must still run once per task."""
    sim.configure(latency_ms=30)
    tasks = [await learner.create(goal=f"Learn subject {n}", content_types=["quiz"]) for n in range(3)]

    async def approve_as_soon_as_possible(task_id: str) -> None:
        while (response := await learner.review(task_id, decision="approve")).status_code == 409:  # noqa: ASYNC110
            await asyncio.sleep(0.005)  # not awaiting review yet: try again at once
        assert response.status_code == 202, response.text

    await asyncio.gather(*(approve_as_soon_as_possible(task_id) for task_id in tasks))
    for task_id in tasks:
        done = await learner.wait(task_id, DONE, 180)
        assert done["status"] == "completed", done
        assert [r["decision"] for r in done["reviews"]] == ["approve"]  # one decision, consumed once
        events = await stream_events(platform, task_id)
        assert [e.step for e in events if e.type == "step" and e.step == "content_generation_queued"] == [
            "content_generation_queued"
        ]  # handed off once
    # every node of every graph ran once: no second run replayed any of them
    assert (sim.calls("intent"), sim.calls("curriculum"), sim.calls("validator")) == (3, 3, 3)
    assert sim.calls("quiz") == 3 * 12
