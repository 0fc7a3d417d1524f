"""Recovery times of a chaos soak: how long after each break work moved again.

A sampler reads, twice a second, each task's status, step and settled content units. A
task "moves" when any of the three changes. For a break at time t:
- the platform moves again at the first sample after t in which any task moved;
- every task moves again once each task not terminal at t has moved (or ended): the
  latest of those first moves, or "never" when one of them did not move before the run
  ended. A roadmap queued behind the backlog counts too, so this one includes queueing.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import psycopg

TERMINAL = ("completed", "partial_failure", "failed", "cancelled")
STATES = """
SELECT t.id::text, t.status, coalesce(t.current_step, ''),
       count(c.*) FILTER (WHERE c.status IN ('completed', 'failed'))
FROM tasks t LEFT JOIN concept_contents c ON c.roadmap_id = t.roadmap_id
GROUP BY t.id
"""

State = tuple[str, str, int]  # status, step, settled units


@dataclass
class ProgressSampler:
    database_url: str
    started: float
    interval_s: float = 0.5
    samples: list[tuple[float, dict[str, State]]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                with psycopg.connect(self.database_url, connect_timeout=2) as db:
                    rows = db.execute(STATES).fetchall()
            except psycopg.Error:
                continue  # PostgreSQL is restarting: no sample, no movement seen
            at = time.monotonic() - self.started
            self.samples.append((at, {row[0]: (row[1], row[2], int(row[3])) for row in rows}))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def recovery_s(self, at: float) -> tuple[float | None, float | None]:
        """Seconds from ``at`` until (any task, every task not terminal then) moved again."""
        before = [states for when, states in self.samples if when <= at]
        if not before:
            return 0.0, 0.0
        baseline = {task: state for task, state in before[-1].items() if state[0] not in TERMINAL}
        moved: dict[str, float] = {}
        for when, states in self.samples:
            if when <= at:
                continue
            for task, state in baseline.items():
                if task not in moved and states.get(task, state) != state:
                    moved[task] = round(when - at, 1)
        first = min(moved.values(), default=None) if baseline else 0.0
        every = max(moved.values(), default=0.0) if len(moved) == len(baseline) else None
        return first, every


def recovery_times(
    sampler: ProgressSampler, events: list[tuple[float, str]]
) -> dict[str, tuple[float | None, float | None]]:
    """Each break of the chaos plan (kills aside) → (platform, every task) recovery times."""
    return {event: sampler.recovery_s(at) for at, event in events if "kill" not in event}
