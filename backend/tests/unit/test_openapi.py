"""Typed clients (the web UI) take the event vocabulary from /openapi.json, never a hand copy."""

from __future__ import annotations

from typing import Any

import pytest

from waymark.api.app import create_app
from waymark.events.schema import EventType
from waymark.settings import load_settings
from waymark.statuses import Step


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(load_settings(env="test")).openapi()


def test_the_event_stream_documents_its_task_event(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    event = schemas["TaskEvent"]
    assert event["properties"]["type"] == {"$ref": "#/components/schemas/EventType"}
    assert {"$ref": "#/components/schemas/Step"} in event["properties"]["step"]["anyOf"]
    assert set(event["required"]) == set(event["properties"])  # every field is always sent
    assert schemas["EventType"]["enum"] == [t.value for t in EventType]
    assert schemas["Step"]["enum"] == [s.value for s in Step]
    stream = document["paths"]["/api/v1/tasks/{task_id}/events"]["get"]["responses"]["200"]
    assert stream["content"]["text/event-stream"]["schema"] == {"$ref": "#/components/schemas/TaskEvent"}


def test_execution_log_entries_use_the_same_vocabulary(document: dict[str, Any]) -> None:
    entry = document["components"]["schemas"]["LogEntry"]["properties"]
    assert entry["type"] == {"$ref": "#/components/schemas/EventType"}
    assert {"$ref": "#/components/schemas/Step"} in entry["step"]["anyOf"]
