"""Documented error responses shared by the routes (OpenAPI ``responses=``)."""

from __future__ import annotations

from typing import Any

Responses = dict[int | str, dict[str, Any]]


def error(status: int, description: str) -> Responses:
    return {status: {"description": description}}


RATE_LIMITED = error(429, "Rate limited: retry after the Retry-After header's seconds")
