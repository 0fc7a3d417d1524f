"""Structured output of the ``assessor`` role: a placement check. Every string and list is
bounded; every key names options that exist."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from waymark.roadmaps.framework import Strict
from waymark.text import Text

MIN_QUESTIONS, MAX_QUESTIONS = 8, 12


class PlacementQuestion(Strict):
    id: str = Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")
    concept: Text = Field(min_length=1, max_length=200, description="the concept the question checks")
    type: Literal["single", "multiple", "true_false"]
    prompt: Text = Field(min_length=1, max_length=1000)
    options: list[Text] = Field(min_length=2, max_length=6)
    answer: list[int] = Field(min_length=1, max_length=6)
    explanation: Text = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _answer_names_options(self) -> PlacementQuestion:
        if any(not 0 <= index < len(self.options) for index in self.answer):
            raise ValueError("answer names an option that does not exist")
        return self


class PlacementQuiz(Strict):
    questions: list[PlacementQuestion] = Field(min_length=MIN_QUESTIONS, max_length=MAX_QUESTIONS)

    @model_validator(mode="after")
    def _distinct_ids(self) -> PlacementQuiz:
        ids = [q.id for q in self.questions]
        if len(set(ids)) != len(ids):
            raise ValueError("question ids must be distinct")
        return self
