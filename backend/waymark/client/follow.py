"""Following a task to its end: the event stream drives the progress line, a review pauses
it for the learner's decision, and GET /tasks/{id} stays the source of truth throughout."""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Mapping
from contextlib import closing
from typing import Any

from waymark.client.events import EventReader, Heartbeat, TaskEvent
from waymark.client.http import ApiClient, ApiError
from waymark.client.progress import TERMINAL_STATUSES, ProgressPrinter, ProgressState
from waymark.client.review import Reviewer

IDLE_CHECK_S = 20.0  # only heartbeats for this long: ask the API whether we missed something
EMPTY_STREAM_PAUSE_S = 1.0
REFRESH_RETRY_DELAYS_S = (0.5, 1.0, 2.0, 4.0, 8.0)


class TaskFollower:
    def __init__(
        self,
        api: ApiClient,
        task_id: str,
        printer: ProgressPrinter,
        reviewer: Reviewer,
        *,
        reader: EventReader | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.api = api
        self.task_id = task_id
        self.printer = printer
        self.reviewer = reviewer
        self.reader = reader or EventReader(api, task_id)
        self.state = ProgressState()
        self.clock = clock
        self.sleep = sleep

    def run(self) -> dict[str, Any]:
        """Returns the task as the API reports it once it is terminal."""
        task = self._refresh()
        while True:
            if task.get("status") == "awaiting_review" and task.get("review"):
                self.printer.finish()
                self.reviewer.handle(task)
                task = self._refresh()
                if task.get("status") == "awaiting_review":
                    self._stream()  # decided elsewhere or a new round: events tell us
                    task = self._refresh()
                continue
            if task.get("status") in TERMINAL_STATUSES:
                break
            if not self._stream():
                self.sleep(EMPTY_STREAM_PAUSE_S)
            task = self._refresh()
        self.state.seed(task)
        self.printer.update(self.state)
        self.printer.finish()
        return task

    def _refresh(self) -> dict[str, Any]:
        task = self._get_task()
        self.state.seed(task)
        self.printer.update(self.state)
        return task

    def _get_task(self) -> dict[str, Any]:
        """GET the task, riding out a short outage (an API restart) like the stream does."""
        retries = 0
        while True:
            try:
                return self.api.get_task(self.task_id)
            except ApiError as error:
                transient = error.status is None or error.status >= 500
                if not transient or retries == len(REFRESH_RETRY_DELAYS_S):
                    raise
                self.sleep(REFRESH_RETRY_DELAYS_S[retries])
                retries += 1

    def _stream(self) -> int:
        """Reads events until a review is required, the task ends, or the stream closes;
        returns how many events it saw."""
        seen = 0
        last_activity = self.clock()
        events: Generator[TaskEvent | Heartbeat, None, None] = self.reader.events()
        with closing(events):  # leaving early closes the HTTP response
            for item in events:
                if isinstance(item, Heartbeat):
                    if self.clock() - last_activity >= IDLE_CHECK_S:
                        last_activity = self.clock()
                        if self._needs_attention(self._get_task()):
                            return seen
                    continue
                seen += 1
                last_activity = self.clock()
                self.state.apply(item)
                self._announce(item)
                self.printer.update(self.state)
                if item.type == "review_required":
                    return seen
        return seen

    @staticmethod
    def _needs_attention(task: Mapping[str, Any]) -> bool:
        return task.get("status") == "awaiting_review" or task.get("status") in TERMINAL_STATUSES

    def _announce(self, event: TaskEvent) -> None:
        """Problems get a line of their own; routine events only move the bar."""
        data = event.data
        if event.type == "concept" and data.get("state") == "failed":
            reason = f": {data['error']}" if data.get("error") else ""
            self.printer.message(f"{data.get('content_type')} for {data.get('concept_id')} failed{reason}")
        elif event.type == "failed" or (event.level in ("warning", "error") and event.message):
            self.printer.message(f"{event.level}: {event.message or event.type}")
