"""The fair in-flight slots of a content process (worker/slots.py)."""

from __future__ import annotations

import asyncio

import pytest

from waymark.worker.slots import FairSlots


async def _hold(
    slots: FairSlots, owner: str, rank: tuple[int, ...], order: list[str], done: asyncio.Event
) -> None:
    async with slots.slot(owner, rank):
        order.append(f"{owner}{rank[0]}")
        await done.wait()


async def _settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def test_never_more_than_the_capacity_at_once() -> None:
    slots = FairSlots(3)
    running = 0
    most = 0

    async def unit(number: int) -> None:
        nonlocal running, most
        async with slots.slot("task", (number,)):
            running += 1
            most = max(most, running)
            await asyncio.sleep(0.001 * (number % 4))
            running -= 1

    await asyncio.gather(*(unit(n) for n in range(40)))
    assert most == 3
    assert slots.peak == 3
    assert slots.in_use == 0
    assert slots.waiting == 0


async def test_a_small_task_is_served_beside_a_large_one_that_came_first() -> None:
    slots = FairSlots(4)
    order: list[str] = []
    done = asyncio.Event()
    big = [asyncio.create_task(_hold(slots, "big", (n,), order, done)) for n in range(100)]
    await _settle()
    small = [asyncio.create_task(_hold(slots, "small", (n,), order, done)) for n in range(10)]
    await _settle()
    assert order == ["big0", "big1", "big2", "big3"]  # the big one took every free slot

    # one slot frees at a time: they alternate between the two tasks from now on
    for holder in list(big[:4]):
        holder.cancel()
        await _settle()
    assert slots.held_by("small") == 2
    assert slots.held_by("big") == 2
    done.set()
    await asyncio.gather(*big[4:], *small)
    served = order[4:]
    assert served.index("small9") < served.index("big20")  # the small one never waited for the big one
    assert [o for o in order if o.startswith("big")] == [
        f"big{n}" for n in range(100)
    ]  # earlier concepts first
    assert slots.in_use == 0


async def test_round_robin_between_three_tasks() -> None:
    slots = FairSlots(1)
    order: list[str] = []
    ends = {f"{owner}{n}": asyncio.Event() for owner in "abc" for n in range(4)}

    def unit(owner: str, n: int) -> asyncio.Task[None]:
        return asyncio.create_task(_hold(slots, owner, (n,), order, ends[f"{owner}{n}"]))

    units = [unit("a", 0)]
    await _settle()
    units += [unit(owner, n) for owner in "abc" for n in range(1, 4)]
    await _settle()
    while len(order) < len(units):
        ends[order[-1]].set()  # the unit holding the one slot ends
        await _settle()
    ends[order[-1]].set()
    await asyncio.gather(*units)
    assert order == ["a0", "b1", "c1", "a1", "b2", "c2", "a2", "b3", "c3", "a3"]


async def test_a_waiter_cancelled_after_its_grant_gives_the_slot_back() -> None:
    slots = FairSlots(1)
    await slots.acquire("a")
    waiter = asyncio.create_task(slots.acquire("b"))
    await _settle()
    slots.release("a")  # granted to b ...
    waiter.cancel()  # ... which is cancelled before it runs
    with pytest.raises(asyncio.CancelledError):
        await waiter
    assert slots.in_use == 0
    await asyncio.wait_for(slots.acquire("c"), 1)


async def test_a_cancelled_waiter_leaves_the_queue() -> None:
    slots = FairSlots(1)
    await slots.acquire("a")
    waiter = asyncio.create_task(slots.acquire("b"))
    await _settle()
    assert slots.waiting == 1
    waiter.cancel()
    await _settle()
    assert slots.waiting == 0
    slots.release("a")
    assert slots.in_use == 0


def test_a_capacity_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        FairSlots(0)
