"""Bodies of the learner's routes (/api/v1/me/profile). Every field is bounded; unknown keys
are refused. What is kept and for how long: docs/learner.md."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from waymark.api.schemas.tasks import Language
from waymark.text import NON_BLANK, Text

SkillLevel = Literal["none", "beginner", "intermediate", "advanced", "expert"]
Format = Literal["reading", "video", "hands_on"]
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=80, pattern=NON_BLANK, strip_whitespace=True)
]


class Technology(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    level: SkillLevel = Field(description="the learner's own rating")


class Profile(BaseModel):
    """What the learner says about themselves. Every field is optional; a PUT replaces the
    whole profile."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "background": "Five years of web backends",
                    "role": "Backend engineer",
                    "technologies": [
                        {"name": "Python", "level": "advanced"},
                        {"name": "C", "level": "beginner"},
                    ],
                    "primary_language": "en",
                    "secondary_language": "de",
                    "weekly_hours": 6,
                    "preferred_formats": ["hands_on", "reading"],
                    "about_me": "I learn best by building small tools.",
                }
            ]
        },
    )

    background: Text | None = Field(default=None, max_length=2000)
    role: Text | None = Field(default=None, max_length=200)
    technologies: list[Technology] = Field(default_factory=list, max_length=30)
    primary_language: Language | None = Field(default=None, description="BCP 47 tag")
    secondary_language: Language | None = None
    weekly_hours: float | None = Field(default=None, gt=0, le=80)
    preferred_formats: list[Format] = Field(default_factory=list, max_length=3)
    about_me: Text | None = Field(default=None, max_length=1000, description="free text, kept as data")

    @field_validator("technologies")
    @classmethod
    def _distinct_technologies(cls, value: list[Technology]) -> list[Technology]:
        names = [t.name.casefold() for t in value]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(f"each technology once: {', '.join(repeated)} is listed more than once")
        return value

    @field_validator("preferred_formats")
    @classmethod
    def _distinct_formats(cls, value: list[Format]) -> list[Format]:
        if len(set(value)) != len(value):
            raise ValueError("each format once")
        return value


class ProfileOut(Profile):
    updated_at: datetime | None = Field(description="None until the learner saves a profile")
