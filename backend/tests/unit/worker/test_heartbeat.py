"""The one heartbeat: a failed renewal is tried again while the lease holds, a finished
result is never thrown away, and only a lease really lost stops the work."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.exc import OperationalError

from waymark.worker.heartbeat import LeaseLostError, hold_lease

LEASE_S = 0.6


class Renewals:
    """A lease row's answers to renewals, scripted: an outage, then ownership or loss."""

    def __init__(self, *, failures: int = 0, owned: bool = True) -> None:
        self.failures = failures
        self.owned = owned
        self.calls = 0

    async def __call__(self) -> bool:
        self.calls += 1
        if self.calls <= self.failures:
            raise OperationalError("UPDATE concept_contents", {}, ConnectionRefusedError("db restarting"))
        return self.owned


async def test_failed_renewals_within_the_lease_keep_the_work_and_its_result() -> None:
    renewals = Renewals(failures=3)
    finished = asyncio.Event()

    async def paid_call() -> str:
        await asyncio.sleep(3 * LEASE_S)  # outlives several renewal periods
        finished.set()
        return "tutorial"

    result = await hold_lease(paid_call(), renew=renewals, lease_s=LEASE_S, what="unit")
    assert result == "tutorial"
    assert renewals.calls > 3  # it kept renewing after the outage


async def test_a_lease_that_is_never_renewed_stops_the_work_once_it_expires() -> None:
    renewals = Renewals(failures=10_000)
    started = asyncio.Event()
    stopped = asyncio.Event()

    async def paid_call() -> str:
        started.set()
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            stopped.set()
            raise
        return "never"

    with pytest.raises(LeaseLostError):
        await asyncio.wait_for(hold_lease(paid_call(), renew=renewals, lease_s=LEASE_S, what="unit"), 10)
    assert started.is_set() and stopped.is_set()


async def test_a_row_owned_by_another_run_stops_the_work() -> None:
    with pytest.raises(LeaseLostError):
        await asyncio.wait_for(
            hold_lease(asyncio.sleep(30), renew=Renewals(owned=False), lease_s=LEASE_S, what="task"), 10
        )


async def test_an_error_in_the_work_is_the_works_own() -> None:
    async def refused() -> None:
        raise ValueError("provider refused")

    with pytest.raises(ValueError, match="provider refused"):
        await hold_lease(refused(), renew=Renewals(), lease_s=LEASE_S, what="unit")


async def test_a_phase_lease_that_lapses_lets_the_work_finish() -> None:
    async def concept() -> int:
        await asyncio.sleep(2 * LEASE_S)
        return 3

    lapsed = Renewals(owned=False)
    assert await hold_lease(concept(), renew=lapsed, lease_s=LEASE_S, what="phase", stop_on_loss=False) == 3
    assert lapsed.calls == 1  # no renewal after the phase is over


def test_a_database_shutting_down_is_an_outage_wherever_the_driver_error_sits() -> None:
    import asyncpg
    from sqlalchemy.exc import DBAPIError

    from waymark.db.outages import is_outage

    def update_while_shutting_down() -> None:
        try:
            raise asyncpg.exceptions.CannotConnectNowError("the database system is shutting down")
        except asyncpg.exceptions.CannotConnectNowError as raised:
            raise DBAPIError("UPDATE tasks", {}, RuntimeError("asyncpg adapter error")) from raised

    with pytest.raises(DBAPIError) as caught:
        update_while_shutting_down()
    assert is_outage(caught.value)
    assert not is_outage(ValueError("a real defect"))
