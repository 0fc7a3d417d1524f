"""The mentor's daily token budget over real HTTP: each answer reserves an upper-bound
estimate before the model is called; when the full context no longer fits a shorter one is
used; when neither fits the learner gets 429 with the reset time and nothing is stored; many
answers at once never take the day past its limit."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.conftest import GENEROUS_AUTH_LIMIT, register_and_login
from tests.fixtures.api import running_api
from tests.fixtures.sim import Simulator
from tests.integration.mentor.material import Streamed, ask, parse, stored_concept
from waymark.db.engine import session_scope
from waymark.mentor.budget import settle_abandoned
from waymark.settings import Settings

pytestmark = pytest.mark.timeout(120)
DAILY = 100_000
LONG_NOTE = "A long note of my own about moves and borrows. " * 40  # cut short in the short context


@pytest.fixture(scope="module")
def budget_api(sim_settings: Settings) -> Iterator[str]:
    settings = sim_settings.model_copy(
        update={
            "api": sim_settings.api.model_copy(update=GENEROUS_AUTH_LIMIT),
            "mentor": sim_settings.mentor.model_copy(
                update={"daily_tokens": DAILY, "calls_per_minute": 100, "max_streams_per_user": 20}
            ),
        }
    )
    with running_api(settings) as url:
        yield url


@dataclass
class Learner:
    http: httpx.AsyncClient
    headers: dict[str, str]
    id: uuid.UUID
    roadmap: str
    sessionmaker: async_sessionmaker[AsyncSession]

    async def ask(self, question: str = "Explain moves") -> Streamed:
        return await ask(self.http, self.headers, self.roadmap, question=question)

    async def budget(self) -> dict[str, int]:
        response = await self.http.get("/api/v1/me/mentor-budget", headers=self.headers)
        assert response.status_code == 200, response.text
        body: dict[str, int] = response.json()
        return body

    async def used_today(self, used: int) -> None:
        """Stand in for earlier answers today: the ledger's used tokens, as they would be."""
        async with self.sessionmaker() as session, session.begin():
            await session.execute(
                text(
                    "INSERT INTO mentor_token_ledger (user_id, day, used_tokens) VALUES (:u, :d, :n) "
                    "ON CONFLICT (user_id, day) DO UPDATE SET used_tokens = :n"
                ),
                {"u": self.id, "d": datetime.now(UTC).date(), "n": used},
            )

    async def sessions(self) -> int:
        path = f"/api/v1/roadmaps/{self.roadmap}/concepts/ownership/mentor/sessions"
        return len((await self.http.get(path, headers=self.headers)).json()["items"])


@pytest.fixture
async def learner(
    budget_api: str, sessionmaker: async_sessionmaker[AsyncSession], sim: Simulator
) -> AsyncIterator[Learner]:
    sim.configure(stream_chunk_chars=40, stream_chunk_delay_ms=0)
    async with httpx.AsyncClient(base_url=budget_api, timeout=30) as http:
        headers = await register_and_login(http)
        me = uuid.UUID((await http.get("/api/v1/auth/me", headers=headers)).json()["id"])
        roadmap = await stored_concept(sessionmaker, me)
        note = {"body": LONG_NOTE, "concept_id": "ownership"}
        assert (
            await http.post(f"/api/v1/roadmaps/{roadmap}/notes", json=note, headers=headers)
        ).status_code == 201
        yield Learner(http, headers, me, roadmap, sessionmaker)


def start_of(answer: Streamed) -> dict[str, object]:
    return answer.of("start")[0]


async def test_the_budget_degrades_to_a_short_context_then_refuses_with_the_reset_time(
    learner: Learner,
) -> None:
    fresh = await learner.budget()
    assert fresh["daily_tokens"] == DAILY and fresh["used_tokens"] == 0 and fresh["remaining_tokens"] == DAILY

    first = await learner.ask()
    assert first.status_code == 200 and start_of(first)["context"] == "full"
    estimate = int(str(start_of(first)["reserved_tokens"]))
    after = await learner.budget()
    used = first.done["checks"]["usage"]["prompt_tokens"] + first.done["checks"]["usage"]["completion_tokens"]
    assert after["used_tokens"] == used and 0 < used <= estimate and after["reserved_tokens"] == 0
    assert after["remaining_tokens"] == DAILY - used

    # the same question no longer fits whole: it is answered with the shorter context
    await learner.used_today(DAILY - estimate + 200)
    short = await learner.ask()
    assert short.status_code == 200 and start_of(short)["context"] == "short", short.raw[:300]
    assert short.done["status"] == "complete" and short.done["checks"]["citations"]
    assert int(str(start_of(short)["reserved_tokens"])) <= estimate - 200
    assert (await learner.budget())["used_tokens"] <= DAILY

    # nothing fits: 429 with the reset time, and no question or session is stored
    await learner.used_today(DAILY - 100)
    sessions = await learner.sessions()
    refused = await learner.ask()
    assert refused.status_code == 429
    body = httpx.Response(429, content=refused.raw).json()
    resets = datetime.fromisoformat(body["resets_at"])
    assert resets > datetime.now(UTC) and resets.hour == 0 and resets.minute == 0
    assert "resets at 00:00 UTC" in body["detail"]
    assert 0 < int(refused.headers["retry-after"]) <= 86_400
    assert await learner.sessions() == sessions
    assert (await learner.budget())["remaining_tokens"] == 100


async def test_answers_at_once_never_take_the_day_past_its_limit(
    learner: Learner, sim: Simulator, sim_settings: Settings
) -> None:
    probe = await learner.ask()
    estimate = int(str(start_of(probe)["reserved_tokens"]))
    # room for two whole answers' estimates, asked for by more answers at once than the API's
    # database pool holds (each streams slowly, so all of them ask for a reservation together;
    # none may wait on a second pooled connection)
    asked = sim_settings.db.pool_size + sim_settings.db.max_overflow + 2  # the budget API's pool
    await learner.used_today(DAILY - 2 * estimate - 50)
    sim.configure(stream_chunk_chars=4, stream_chunk_delay_ms=20)
    answers = await asyncio.gather(*(learner.ask(f"Explain moves, take {n:02d}") for n in range(asked)))
    admitted = [a for a in answers if a.status_code == 200]
    assert {a.status_code for a in answers} <= {200, 429}, [
        a.raw[:200] for a in answers if a.status_code >= 500
    ]
    assert 2 <= len(admitted) < asked, [a.status_code for a in answers]
    assert sum(int(str(start_of(a)["reserved_tokens"])) for a in admitted) <= 2 * estimate + 50
    standing = await learner.budget()
    assert standing["reserved_tokens"] == 0 and standing["used_tokens"] <= DAILY


async def test_an_answer_whose_process_died_is_failed_and_its_reservation_booked_once(
    learner: Learner, sim: Simulator
) -> None:
    sim.configure(stream_chunk_chars=4, stream_chunk_delay_ms=30)
    path = f"/api/v1/roadmaps/{learner.roadmap}/concepts/ownership/mentor"
    async with learner.http.stream(
        "POST", path, json={"question": "Explain"}, headers=learner.headers
    ) as answer:
        body = answer.aiter_text()
        opened = parse(await anext(body))
        assert opened[0][0] == "start"
        estimate, message_id = int(opened[0][1]["reserved_tokens"]), opened[0][1]["message_id"]
        assert (await learner.budget())["reserved_tokens"] == estimate
        # the maintenance job, as it runs once the answer's API process has died
        async with session_scope(learner.sessionmaker) as session:
            assert await settle_abandoned(session, before=datetime.now(UTC) + timedelta(hours=1)) == 1
        async for _ in body:  # this process was alive after all: its own end must not book twice
            pass
    standing = await learner.budget()
    assert standing["reserved_tokens"] == 0 and standing["used_tokens"] == estimate
    session_id = opened[0][1]["session_id"]
    transcript = await learner.http.get(f"{path}/sessions/{session_id}", headers=learner.headers)
    stored = next(m for m in transcript.json()["messages"] if m["id"] == message_id)
    assert stored["status"] == "failed" and stored["checks"] == {"abandoned": True}
