"""The live progress line: folded from events, redrawn on a terminal, a line per step elsewhere."""

from __future__ import annotations

import io
from typing import Any

from waymark.client.events import TaskEvent
from waymark.client.progress import ProgressPrinter, ProgressState, progress_line
from waymark.client.render import ASCII


def step(name: str, **data: Any) -> TaskEvent:
    return TaskEvent(id=None, type="step", step=name, data=data)


def concept(cid: str, kind: str, state: str) -> TaskEvent:
    return TaskEvent(id=None, type="concept", data={"concept_id": cid, "content_type": kind, "state": state})


def test_steps_move_the_bar() -> None:
    state = ProgressState()
    state.apply(step("curriculum_design", progress=20))
    assert progress_line(state) == "[████░░░░░░░░░░░░░░░░░░░░]  20%  Designing the curriculum"
    assert progress_line(state, ASCII, width=10) == "[##--------]  20%  Designing the curriculum"


def test_content_items_count_and_push_the_bar_towards_the_end() -> None:
    state = ProgressState()
    state.seed(
        {
            "status": "running",
            "current_step": "queued",
            "progress": 0,
            "preferences": {"content_types": ["tutorial", "quiz"]},
        }
    )
    state.apply(step("content_generation_queued", progress=40))
    state.apply(step("content_generation", concepts_queued=5))
    assert state.content_total == 10
    for cid in ("c1", "c2", "c3"):
        state.apply(concept(cid, "tutorial", "started"))
        state.apply(concept(cid, "tutorial", "completed"))
    state.apply(concept("c4", "quiz", "failed"))
    state.apply(concept("c1", "tutorial", "completed"))  # a replayed event counts once
    assert (state.content_done, state.content_failed) == (4, 1)
    assert state.percent == 40 + (99 - 40) * 4 // 10
    assert progress_line(state, ASCII, width=10).endswith("Generating content - 4/10 items (1 failed)")
    state.seed({"status": "running", "current_step": "content_generation", "progress": 90})
    assert state.percent == 90  # the API's stored progress, when it is ahead, wins


def test_terminal_events_finish_the_line() -> None:
    state = ProgressState()
    state.apply(step("content_generation", progress=45))
    state.apply(TaskEvent(id=None, type="completed", data={"status": "completed"}))
    assert (state.percent, state.step) == (100, "done")
    failed = ProgressState()
    failed.apply(step("curriculum_design", progress=20))
    failed.apply(TaskEvent(id=None, type="failed", message="LLM unavailable"))
    assert progress_line(failed).endswith("Designing the curriculum · failed")


def test_review_required_shows_the_wait() -> None:
    state = ProgressState()
    state.apply(step("human_review", progress=35))
    state.apply(TaskEvent(id=None, type="review_required", data={"review_round": 1}))
    assert progress_line(state, ASCII).endswith("Waiting for review - awaiting_review")


def test_on_a_terminal_the_line_is_redrawn_in_place() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, tty=True, glyphs=ASCII)
    state = ProgressState()
    printer.update(state)
    printer.update(state)  # unchanged: nothing written
    state.apply(step("intent_analysis", progress=5))
    printer.update(state)
    printer.message("warning: slow provider")
    printer.update(state)
    printer.finish()
    text = out.getvalue()
    assert text.count("\r[") == 3
    assert "\r\x1b[Kwarning: slow provider\n" in text
    assert text.endswith("Analysing the goal\x1b[K\n")


def test_elsewhere_one_line_per_step_and_no_control_characters() -> None:
    out = io.StringIO()
    printer = ProgressPrinter(out, tty=False, glyphs=ASCII)
    state = ProgressState()
    for name, progress in [("intent_analysis", 5), ("intent_analysis", 8), ("curriculum_design", 20)]:
        state.apply(step(name, progress=progress))
        printer.update(state)
    state.apply(step("content_generation", progress=45, concepts_queued=2))
    printer.update(state)
    state.apply(concept("c1", "quiz", "completed"))
    printer.update(state)  # same step, under a quarter more done: no new line
    for cid in ("c2", "c3"):
        state.apply(concept(cid, "quiz", "completed"))
        printer.update(state)  # a quarter, then half, done: a line each
    printer.finish()
    lines = out.getvalue().splitlines()
    assert [line.split("%  ")[1] for line in lines] == [
        "Analysing the goal",
        "Designing the curriculum",
        "Generating content - 0/6 items",
        "Generating content - 2/6 items",
        "Generating content - 3/6 items",
    ]
    assert "\r" not in out.getvalue() and "\x1b" not in out.getvalue()
