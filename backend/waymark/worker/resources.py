"""Per-loop async resources for worker processes, created on first use."""

from __future__ import annotations

import redis.asyncio as aioredis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from waymark.db.engine import create_engine, create_sessionmaker
from waymark.llm.client import LLMClient
from waymark.search.client import SearchClient
from waymark.settings import Settings
from waymark.worker.celery_app import create_celery
from waymark.worker.events import PersistingPublisher
from waymark.worker.outbox import outbox_info
from waymark.worker.sender import JobSender
from waymark.worker.slots import FairSlots

SHARED_LOOP_DB_POOL = 10  # one loop serving dozens of units at once (worker/bridge.py)


class WorkerResources:
    def __init__(self, settings: Settings, *, db_pool_size: int = 2) -> None:
        self.settings = settings
        self.db_pool_size = db_pool_size
        self._slots: FairSlots | None = None
        self._engine: AsyncEngine | None = None
        self._sessionmaker: async_sessionmaker[AsyncSession] | None = None
        self._redis: aioredis.Redis | None = None
        self._llm: LLMClient | None = None
        self._search: SearchClient | None = None
        self._publisher: PersistingPublisher | None = None
        self._sender: JobSender | None = None

    @property
    def sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        if self._sessionmaker is None:
            self._engine = create_engine(self.settings, pool_size=self.db_pool_size)
            # jobs enqueued in a transaction leave once it commits (worker.outbox)
            self._sessionmaker = create_sessionmaker(self._engine, outbox_info(self.sender))
        return self._sessionmaker

    @property
    def content_slots(self) -> FairSlots:
        """This process's content units in flight, at most ``CELERY_CONTENT_IN_FLIGHT``."""
        if self._slots is None:
            self._slots = FairSlots(self.settings.celery.content_in_flight)
        return self._slots

    @property
    def redis(self) -> aioredis.Redis:
        if self._redis is None:
            self._redis = aioredis.Redis.from_url(
                self.settings.redis.required_url, socket_connect_timeout=5, socket_timeout=30
            )
        return self._redis

    @property
    def sender(self) -> JobSender:
        """The one way this process sends Celery tasks (as the API does)."""
        if self._sender is None:
            # an app of this process's settings, only to build messages (it opens no connection)
            self._sender = JobSender(
                create_celery(self.settings), self.redis, self.settings.celery.shared_queue
            )
        return self._sender

    @property
    def publisher(self) -> PersistingPublisher:
        if self._publisher is None:
            self._publisher = PersistingPublisher(self.redis, self.sender)
        return self._publisher

    @property
    def llm(self) -> LLMClient:
        if self._llm is None:
            self._llm = LLMClient(self.settings.llm, self.redis)
        return self._llm

    @property
    def search(self) -> SearchClient:
        if self._search is None:
            self._search = SearchClient(self.settings.search)
        return self._search

    async def aclose(self) -> None:
        if self._publisher is not None:
            await self._publisher.flush()
        if self._llm is not None:
            await self._llm.aclose()
        if self._search is not None:
            await self._search.aclose()
        if self._sender is not None:
            self._sender.celery.close()
        if self._redis is not None:
            await self._redis.aclose()
        if self._engine is not None:
            await self._engine.dispose()
