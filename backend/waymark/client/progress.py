"""The live progress of a task: state folded from events, one line rendered from the state,
and a printer that redraws that line on a terminal or prints one line per step elsewhere."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TextIO

from waymark.client.events import TaskEvent
from waymark.client.render import CONTENT_TYPES, UNICODE, Glyphs

STEP_LABELS = {
    "queued": "Queued",
    "intent_analysis": "Analysing the goal",
    "curriculum_design": "Designing the curriculum",
    "structure_validation": "Checking the structure",
    "roadmap_edit": "Revising the roadmap",
    "human_review": "Waiting for review",
    "content_generation_queued": "Queueing content",
    "content_generation": "Generating content",
    "finalizing": "Finalizing",
    "done": "Done",
}
TERMINAL_STATUSES = frozenset({"completed", "partial_failure", "failed", "cancelled"})
BAR_WIDTH = 24


@dataclass
class ProgressState:
    step: str = "queued"
    progress: int = 0
    step_progress: int = 0  # as of the last step event (the API's stored value may be newer)
    status: str = "queued"
    content_types: int = len(CONTENT_TYPES)
    content_total: int = 0
    seeded_done: int = 0
    seeded_failed: int = 0
    settled: dict[tuple[str, str], str] = field(default_factory=dict)

    def seed(self, task: Mapping[str, Any]) -> None:
        """Start from GET /tasks/{id} (events then refine it)."""
        self.status = str(task.get("status") or self.status)
        self.step = str(task.get("current_step") or self.step)
        self.progress = int(task.get("progress") or 0)
        wanted = (task.get("preferences") or {}).get("content_types")
        if wanted:
            self.content_types = len(wanted)
        content = task.get("content") or {}
        self.content_total = max(self.content_total, int(content.get("total") or 0))
        self.seeded_done = int(content.get("completed") or 0)
        self.seeded_failed = int(content.get("failed") or 0)

    def apply(self, event: TaskEvent) -> None:
        data = event.data
        if event.type == "step" and event.step:
            self.step = event.step
            if isinstance(data.get("progress"), int | float):
                self.progress = self.step_progress = int(data["progress"])
            if isinstance(data.get("concepts_queued"), int):
                self.content_total = max(self.content_total, data["concepts_queued"] * self.content_types)
        elif event.type == "status" and data.get("status"):
            self.status = str(data["status"])
        elif event.type == "review_required":
            self.status, self.step = "awaiting_review", "human_review"
        elif event.type == "concept" and data.get("state") in ("completed", "failed"):
            self.settled[(str(data.get("concept_id")), str(data.get("content_type")))] = data["state"]
        elif event.terminal:
            self.status = str(data.get("status") or event.type)
            if self.status == "completed":
                self.step, self.progress = "done", 100

    @property
    def content_failed(self) -> int:
        return max(self.seeded_failed, sum(1 for state in self.settled.values() if state == "failed"))

    @property
    def content_done(self) -> int:
        counted = sum(1 for state in self.settled.values() if state == "completed")
        return max(self.seeded_done, counted) + self.content_failed

    @property
    def content_quarter(self) -> int:
        """0-4: how many quarters of the content items are settled (log lines mark each)."""
        return 4 * self.content_done // self.content_total if self.content_total else 0

    @property
    def percent(self) -> int:
        """During content generation the bar moves with the items settled, from the last
        step's progress towards 99 (the API stores finer progress but sends no event for it)."""
        if self.step == "content_generation" and self.content_total:
            share = min(1.0, self.content_done / self.content_total)
            base = self.step_progress
            return min(99, max(self.progress, int(base + (99 - base) * share)))
        return max(0, min(100, self.progress))


def progress_line(state: ProgressState, g: Glyphs = UNICODE, width: int = BAR_WIDTH) -> str:
    filled = width * state.percent // 100
    bar = g.bar_full * filled + g.bar_empty * (width - filled)
    text = f"[{bar}] {state.percent:3d}%  {STEP_LABELS.get(state.step, state.step)}"
    if state.step in ("content_generation", "finalizing", "done") and state.content_total:
        text += f" {g.dot} {state.content_done}/{state.content_total} items"
        if state.content_failed:
            text += f" ({state.content_failed} failed)"
    if state.status in TERMINAL_STATUSES | {"awaiting_review"} and state.status != "completed":
        text += f" {g.dot} {state.status}"
    return text


class ProgressPrinter:
    """On a terminal, one line redrawn in place; elsewhere (logs, pipes) a line per step or
    status change, and one per quarter of the content items done."""

    def __init__(self, out: TextIO, *, tty: bool, glyphs: Glyphs = UNICODE) -> None:
        self.out = out
        self.tty = tty
        self.glyphs = glyphs
        self._drawn = False
        self._last_key: tuple[str, str, int] | None = None
        self._last_line = ""

    def update(self, state: ProgressState) -> None:
        line = progress_line(state, self.glyphs)
        if self.tty:
            if line != self._last_line or not self._drawn:
                self.out.write("\r" + line + "\x1b[K")
                self.out.flush()
                self._drawn, self._last_line = True, line
            return
        key = (state.step, state.status, state.content_quarter)
        if key != self._last_key:
            self.out.write(line + "\n")
            self.out.flush()
            self._last_key = key

    def message(self, text: str) -> None:
        """A line of its own, above the bar; the bar is drawn again by the next update."""
        if self.tty and self._drawn:
            self.out.write("\r\x1b[K")
            self._drawn, self._last_line = False, ""
        self.out.write(text + "\n")
        self.out.flush()

    def finish(self) -> None:
        if self.tty and self._drawn:
            self.out.write("\n")
            self.out.flush()
        self._drawn, self._last_line = False, ""
