"""The API pushes Celery messages onto Redis itself (no thread, no blocking): the envelope
must be the one kombu's Redis transport writes, field for field, apart from the ids."""

from __future__ import annotations

import base64
import json
from typing import Any

import redis

from waymark.settings import Settings
from waymark.worker.celery_app import create_celery
from waymark.worker.sender import Job, JobSender

IDS = {"id", "root_id", "correlation_id", "delivery_tag", "reply_to", "origin"}


def without_ids(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: ("<id>" if k in IDS else without_ids(v)) for k, v in value.items()}
    return value


def decoded(raw: bytes | str) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(raw)
    message["body"] = json.loads(base64.b64decode(message["body"]))
    return message


def test_the_api_envelope_is_the_one_kombu_writes(settings: Settings) -> None:
    celery = create_celery(settings)
    client = redis.Redis.from_url(settings.redis.required_url)
    client.delete("roadmap_workflow", "content_generation")
    try:
        celery.send_task("workflow.resume_after_review", args=["a-task-id"])
        (kombu_raw,) = client.lrange("roadmap_workflow", 0, -1)
        sender = JobSender(celery, None)
        queue, ours_raw = sender.envelope(Job("workflow.resume_after_review", ("a-task-id",)))
        assert queue == "roadmap_workflow"
        assert sender.envelope(Job("content.retry_failed", ("x",)))[0] == "content_generation"
        kombu, ours = decoded(kombu_raw), decoded(ours_raw)
        assert without_ids(ours) == without_ids(kombu)
        assert ours["headers"]["id"] == ours["headers"]["root_id"] == ours["properties"]["correlation_id"]
    finally:
        client.delete("roadmap_workflow", "content_generation")
        celery.close()


def test_a_delayed_job_carries_its_eta_as_celery_writes_it(settings: Settings) -> None:
    celery = create_celery(settings)
    client = redis.Redis.from_url(settings.redis.required_url)
    client.delete("roadmap_workflow")
    try:
        celery.send_task("workflow.resume_after_review", args=["a-task-id"], countdown=5)
        (kombu_raw,) = client.lrange("roadmap_workflow", 0, -1)
        _, ours_raw = JobSender(celery, None).envelope(Job("workflow.resume_after_review", ("t",), 5))
        kombu, ours = decoded(kombu_raw), decoded(ours_raw)
        assert kombu["headers"]["eta"] and ours["headers"]["eta"]  # a worker holds it until then
        for message in (kombu, ours):
            message["headers"]["eta"] = "<eta>"
            message["body"][0] = ["<args>"]
            message["headers"]["argsrepr"] = "<args>"
        assert without_ids(ours) == without_ids(kombu)
    finally:
        client.delete("roadmap_workflow")
        celery.close()
