"""Everything someone other than the operator can read after a task has run: what a
learner gets from the API, what sits in the broker, what Flower shows about each task."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator

import httpx
import redis

from tests.fixtures.learners import Learner


async def learner_view(learner: Learner, task_id: str) -> dict[str, str]:
    """Every body the task's owner can read about it, by route."""
    seen: dict[str, str] = {}

    async def read(path: str, **params: object) -> httpx.Response:
        response = await learner.call("GET", path, params=params)
        seen[f"{path}?{params}" if params else path] = response.text
        return response

    task = (await read(f"/api/v1/tasks/{task_id}")).json()
    after: int | None = 0
    while after is not None:
        after = (await read(f"/api/v1/tasks/{task_id}/logs", after=after, limit=500)).json()["next_after"]
    token = learner.headers["Authorization"].removeprefix("Bearer ")
    stream = await learner.http.get(f"/api/v1/tasks/{task_id}/events", params={"access_token": token})
    seen["events (SSE replay)"] = stream.text  # ends after the terminal event
    roadmap_id = task["roadmap_id"]
    roadmap = (await read(f"/api/v1/roadmaps/{roadmap_id}")).json()
    for concept in roadmap["concepts"]:
        base = f"/api/v1/roadmaps/{roadmap_id}/concepts/{concept['concept_id']}"
        await read(base)
        for content_type in ("tutorial", "resources", "quiz"):
            await read(f"{base}/versions/{content_type}")
    await read(f"/api/v1/roadmaps/{roadmap_id}/export")
    await read(f"/api/v1/roadmaps/{roadmap_id}/export", format="json")
    return seen


def _decoded(value: bytes) -> Iterator[bytes]:
    """The value, and a kombu message's base64 body inside it."""
    yield value
    try:
        message = json.loads(value)
        if isinstance(message, dict) and message.get("properties", {}).get("body_encoding") == "base64":
            yield base64.b64decode(message["body"])
    except (ValueError, binascii.Error, AttributeError):
        return


def redis_contents(url: str) -> Iterator[bytes]:
    """Every key and value in Redis: queues, unacknowledged messages, event streams, locks."""
    client = redis.Redis.from_url(url)
    for key in client.scan_iter(count=1000):
        yield key
        kind = client.type(key)
        values: list[bytes] = []
        if kind == b"string":
            values = [client.get(key) or b""]
        elif kind == b"list":
            values = client.lrange(key, 0, -1)
        elif kind == b"hash":
            values = [item for pair in client.hgetall(key).items() for item in pair]
        elif kind in (b"set", b"zset"):
            values = list(client.smembers(key)) if kind == b"set" else client.zrange(key, 0, -1)
        elif kind == b"stream":
            values = [item for _, fields in client.xrange(key) for pair in fields.items() for item in pair]
        for value in values:
            yield from _decoded(value)
    client.close()


def flower_tasks(flower_url: str, auth: str) -> dict[str, dict[str, object]]:
    """Flower's view of every task it saw: name, args, kwargs, result, exception."""
    user, _, password = auth.partition(":")
    response = httpx.get(f"{flower_url}/api/tasks", auth=(user, password), timeout=30)
    response.raise_for_status()
    tasks: dict[str, dict[str, object]] = response.json()
    return tasks
