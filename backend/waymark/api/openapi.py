"""The OpenAPI document, plus the schemas that no JSON route returns but clients need: the
``TaskEvent`` carried by the SSE stream and the WebSocket (with its ``EventType`` and ``Step``
enums), so that typed clients take them from the schema instead of copying them."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic.json_schema import models_json_schema

from waymark.events.schema import TaskEvent

REF_TEMPLATE = "#/components/schemas/{model}"


def event_schemas() -> dict[str, Any]:
    _, definitions = models_json_schema([(TaskEvent, "serialization")], ref_template=REF_TEMPLATE)
    schemas: dict[str, Any] = definitions["$defs"]
    return schemas


def install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title, version=app.version, summary=app.summary, routes=app.routes
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in event_schemas().items():
                schemas.setdefault(name, schema)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
