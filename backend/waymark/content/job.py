"""What generating one concept's content needs: the clients (``ContentContext``) and the
unit of work (``ConceptJob``)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from waymark.events.publisher import EventPublisher
from waymark.llm.client import LLMClient
from waymark.search.client import SearchClient


@dataclass
class ContentContext:
    llm: LLMClient
    search: SearchClient
    sessionmaker: async_sessionmaker[AsyncSession]
    publisher: EventPublisher


@dataclass(frozen=True)
class ConceptJob:
    task_id: str
    roadmap_id: uuid.UUID
    concept: Mapping[str, Any]  # the framework's concept entry
    roadmap_title: str
    version: int = 1
    instructions: str | None = None

    @property
    def concept_id(self) -> str:
        return str(self.concept["concept_id"])
