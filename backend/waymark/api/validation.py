"""422 bodies that can always be written and stay small.

FastAPI's own handler echoes each invalid ``input`` whole. With a ``NaN`` or ``Infinity``
in the body (Python's JSON parser accepts both), or a lone surrogate (``"\ud800"``, which
UTF-8 cannot encode), the response could not be rendered and the client got a 500; with
a 900 KB string, a password among them, the 422 echoed all of it back. Here every
``input`` and ``loc`` part is shown JSON-safe and cut to ``SHOWN_CHARS``, and the body is
written as ASCII JSON; the error's type, message and field path are kept.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response

SHOWN_CHARS = 200


def _shown(value: Any) -> Any:
    """``value`` as is when it is small, finite JSON; otherwise a string cut to SHOWN_CHARS."""
    try:
        text = json.dumps(value, allow_nan=False, ensure_ascii=False)
        text.encode()  # a lone surrogate cannot be sent as UTF-8
    except (TypeError, ValueError):
        text = json.dumps(value, default=str)  # NaN, Infinity, objects: shown as text
    else:
        if len(text) <= SHOWN_CHARS:
            return value
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}…"


def _error(error: dict[str, Any]) -> dict[str, Any]:
    shown = {**error, "loc": [part if isinstance(part, int) else _shown(part) for part in error["loc"]]}
    if "input" in error:
        shown["input"] = _shown(error["input"])
    if "ctx" in error:
        shown["ctx"] = {key: _shown(value) for key, value in jsonable_encoder(error["ctx"]).items()}
    return shown


async def validation_error(request: Request, error: Exception) -> Response:
    if not isinstance(error, RequestValidationError):  # pragma: no cover - registered for it only
        raise error
    body = {"detail": [_error(dict(item)) for item in error.errors()]}
    return Response(json.dumps(body, default=str), status_code=422, media_type="application/json")
