"""Reviewing a proposed roadmap at the prompt: approve, reject with feedback, or edit the
framework as JSON in ``$EDITOR``. Every wrong answer (bad JSON, a 422) asks again."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TextIO

from waymark.client.http import EXIT_USAGE, ApiClient, ApiError
from waymark.client.render import UNICODE, Glyphs, estimate_line, roadmap_tree, validation_summary

PROMPT = "[a]pprove / [r]eject with feedback / [e]dit in $EDITOR: "
ANSWERS = {
    "a": "approve",
    "approve": "approve",
    "r": "reject",
    "reject": "reject",
    "e": "edit",
    "edit": "edit",
}


def editor_command(environ: Mapping[str, str] = os.environ) -> list[str]:
    """``$EDITOR`` split like a shell would (so ``code --wait`` works), else vi."""
    return shlex.split(environ.get("EDITOR") or "") or ["vi"]


class Reviewer:
    def __init__(
        self,
        api: ApiClient,
        out: TextIO,
        *,
        auto_approve: bool,
        ask: Callable[[str], str] = input,
        glyphs: Glyphs = UNICODE,
    ) -> None:
        self.api = api
        self.out = out
        self.auto_approve = auto_approve
        self.ask = ask
        self.glyphs = glyphs

    def write(self, line: str = "") -> None:
        self.out.write(line + "\n")
        self.out.flush()

    def handle(self, task: Mapping[str, Any]) -> None:
        """Decide on the task's pending review; returns once a decision is accepted (or the
        task turns out to have been decided elsewhere)."""
        review = task.get("review")
        if not review:
            return
        task_id = str(task["id"])
        framework = review.get("framework") or {}
        self.write(f"\nProposed roadmap (review round {review.get('round', '?')}):")
        for line in roadmap_tree(framework, g=self.glyphs):
            self.write("  " + line)
        for line in validation_summary(review.get("validation")):
            self.write(line)
        estimate = estimate_line(task.get("estimate"))
        if estimate:
            self.write(estimate)
        if self.auto_approve:
            if self._post(task_id, "approve"):
                self.write("Approved automatically (--auto-approve).")
            return
        self._interactive(task_id, framework)

    def _interactive(self, task_id: str, framework: Mapping[str, Any]) -> None:
        draft: str | None = None
        while True:
            decision = ANSWERS.get(self._ask(task_id, PROMPT).strip().lower())
            if decision == "approve" and self._post(task_id, "approve"):
                self.write("Approved; generating content.")
                return
            if decision == "reject":
                feedback = ""
                while not feedback:
                    feedback = self._ask(task_id, "What should change? ").strip()
                if self._post(task_id, "reject", feedback=feedback):
                    self.write("Rejected; the roadmap will be revised with your feedback.")
                    return
            if decision == "edit":
                draft = self._edit(draft or json.dumps(framework, indent=2, ensure_ascii=False) + "\n")
                edited = self._parse(draft)
                if edited is None:
                    continue
                if edited == framework:
                    self.write("No changes made; choose again.")
                    continue
                if self._post(task_id, "edit", framework=edited):
                    self.write("Edited roadmap submitted.")
                    return
            if decision is None:
                self.write("Please answer a, r or e.")

    def _ask(self, task_id: str, prompt: str) -> str:
        try:
            return self.ask(prompt)
        except EOFError:
            self.write()
            raise ApiError(
                f"no review decision (input closed); task {task_id} is still awaiting review: "
                f"run `waymark watch {task_id}` to review it",
                exit_code=EXIT_USAGE,
            ) from None

    def _post(self, task_id: str, decision: str, **fields: Any) -> bool:
        """True when the decision is in (or the review was already answered elsewhere)."""
        try:
            self.api.review(task_id, decision, **fields)
        except ApiError as error:
            if error.status == 409:
                self.write(f"The task is no longer awaiting review: {error.message}")
                return True
            if error.status == 422:
                self.write(f"Not accepted: {error.message}")
                return False
            raise
        return True

    def _edit(self, text: str) -> str:
        """The user's editor on ``text``; returns what they saved (``text`` if it failed)."""
        with tempfile.TemporaryDirectory(prefix="waymark-review-") as directory:
            path = Path(directory) / "roadmap.json"
            path.write_text(text)
            command = [*editor_command(), str(path)]
            try:
                # The user's own $EDITOR on a file we created: running it is the point.
                result = subprocess.run(command, check=False)  # noqa: S603
            except OSError as error:
                self.write(f"Cannot run the editor {command[0]!r}: {error}. Set $EDITOR.")
                return text
            if result.returncode != 0:
                self.write(f"The editor exited with status {result.returncode}; edit discarded.")
                return text
            return path.read_text()

    def _parse(self, text: str) -> dict[str, Any] | None:
        try:
            edited = json.loads(text)
        except json.JSONDecodeError as error:
            self.write(f"That is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg}).")
            self.write("Choose [e] to fix it (your text is kept), or approve/reject instead.")
            return None
        if not isinstance(edited, dict):
            self.write("The roadmap must be a JSON object.")
            return None
        return edited
