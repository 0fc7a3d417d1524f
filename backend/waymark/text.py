"""Bounded text for every field a person or a model writes: PostgreSQL cannot store a NUL
character, so it is refused up front with a 422 instead of failing in the database."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import StringConstraints

NO_NUL = r"^[^\x00]*$"
# some visible character, and no NUL
NON_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
NonBlankText = Annotated[str, StringConstraints(pattern=NON_BLANK)]


def without_nul(value: Any) -> Any:
    """``value`` (JSON-like) with every NUL character removed from its strings: model output
    may carry one, and PostgreSQL cannot store it."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {without_nul(k): without_nul(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value
