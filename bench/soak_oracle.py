"""What a chaos soak must find when the dust settles, read from PostgreSQL and Redis."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import psycopg
import redis

TERMINAL = ("completed", "partial_failure", "failed", "cancelled")


@dataclass
class Oracle:
    tasks: int = 0
    terminal: int = 0
    completed: int = 0
    partial: int = 0
    failed: int = 0
    stuck: list[str] = field(default_factory=list)  # not terminal when the run ended
    units: int = 0  # content units the roadmaps called for
    units_settled: int = 0
    cells_with_duplicates: int = 0  # (concept, type) with more than one row
    cells_missing: int = 0  # (concept, type) of a roadmap with no row at all
    claims: int = 0  # unit claims: each one paid for a generation
    units_paid_twice: int = 0
    max_task_attempts: int = 0
    max_unit_attempts: int = 0
    expired_leases_on_active: int = 0
    events_streamed: int = 0
    events_missing_from_logs: int = 0
    missing_examples: list[str] = field(default_factory=list)

    def checks(self, task_cap: int, unit_cap: int) -> dict[str, bool]:
        return {
            "every task terminal": self.terminal == self.tasks and not self.stuck,
            "exactly one current row per concept and type": self.cells_with_duplicates == 0
            and self.cells_missing == 0,
            "every content unit settled": self.units_settled == self.units,
            "attempts within the caps": self.max_task_attempts <= task_cap
            and self.max_unit_attempts <= unit_cap,
            "no expired lease on an active task": self.expired_leases_on_active == 0,
            "no streamed event missing from execution_logs": self.events_missing_from_logs == 0,
        }


def read_oracle(psycopg_url: str, redis_url: str, types_per_concept: int) -> Oracle:
    found = Oracle()
    with psycopg.connect(psycopg_url) as db:
        rows = db.execute(
            "SELECT id::text, status, attempt - attempt_floor, roadmap_id FROM tasks WHERE kind = 'roadmap'"
        ).fetchall()
        found.tasks = len(rows)
        for task_id, status, attempts, _ in rows:
            found.terminal += status in TERMINAL
            found.completed += status == "completed"
            found.partial += status == "partial_failure"
            found.failed += status == "failed"
            found.max_task_attempts = max(found.max_task_attempts, int(attempts))
            if status not in TERMINAL:
                found.stuck.append(task_id)
        _content(db, found, types_per_concept)
        active_expired = "SELECT count(*) FROM tasks WHERE status NOT IN %s AND lease_expires_at < now()"
        found.expired_leases_on_active = int(_one(db, active_expired % (TERMINAL,)))
        _events(db, redis_url, found)
    return found


def _one(db: psycopg.Connection[Any], query: str) -> Any:
    row = db.execute(query).fetchone()  # noqa: S608 - constant queries of this file
    return row[0] if row else 0


def _content(db: psycopg.Connection[Any], found: Oracle, types_per_concept: int) -> None:
    concepts = int(_one(db, "SELECT count(*) FROM concepts"))
    found.units = concepts * types_per_concept
    found.units_settled = int(
        _one(db, "SELECT count(*) FROM concept_contents WHERE status IN ('completed', 'failed')")
    )
    found.cells_with_duplicates = int(
        _one(db, "SELECT count(*) FROM (SELECT 1 FROM concept_contents GROUP BY roadmap_id, concept_id, "
                 "content_type HAVING count(*) > 1) d")
    )  # fmt: skip
    found.cells_missing = found.units - int(
        _one(db, "SELECT count(*) FROM (SELECT DISTINCT roadmap_id, concept_id, content_type "
                 "FROM concept_contents) c")
    )  # fmt: skip
    found.claims = int(_one(db, "SELECT coalesce(sum(attempts), 0) FROM concept_contents"))
    found.units_paid_twice = int(_one(db, "SELECT count(*) FROM concept_contents WHERE attempts > 1"))
    found.max_unit_attempts = int(_one(db, "SELECT coalesce(max(attempts), 0) FROM concept_contents"))


def _events(db: psycopg.Connection[Any], redis_url: str, found: Oracle) -> None:
    """Every event still on a task's live stream must be in execution_logs."""
    client = redis.Redis.from_url(redis_url)
    try:
        for key in client.scan_iter(match="waymark:events:*", count=500):
            task_id = key.decode().rsplit(":", 1)[1]
            entries = {entry_id.decode(): fields for entry_id, fields in client.xrange(key)}
            streamed = set(entries)
            logged = {
                row[0]
                for row in db.execute("SELECT event_id FROM execution_logs WHERE task_id = %s", (task_id,))
            }
            found.events_streamed += len(streamed)
            missing = sorted(streamed - logged)
            found.events_missing_from_logs += len(missing)
            for entry_id in missing[:3]:
                event = json.loads(entries[entry_id][b"event"])
                found.missing_examples.append(
                    f"{task_id[:8]} {entry_id} {event.get('type')} {event.get('step')}"
                )
    finally:
        client.close()
