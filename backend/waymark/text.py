"""Bounded text for every field a person or a model writes: PostgreSQL cannot store a NUL
character, so it is refused up front with a 422 instead of failing in the database."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

NO_NUL = r"^[^\x00]*$"
# some visible character, and no NUL
NON_BLANK = r"^[^\x00]*[^\x00\s][^\x00]*$"

Text = Annotated[str, StringConstraints(pattern=NO_NUL)]
NonBlankText = Annotated[str, StringConstraints(pattern=NON_BLANK)]
