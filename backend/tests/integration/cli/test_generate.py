"""``waymark generate`` end to end, then ``tasks`` and ``export`` on what it made."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

import pytest

from tests.fixtures.sim import Simulator
from tests.integration.cli.conftest import Cli, assert_no_traceback, field_after

pytestmark = pytest.mark.timeout(240)

GOAL = "Learn Rust for embedded work"


def test_generate_with_auto_approve_runs_to_completion_and_prints_the_tree(cli: Cli, sim: Simulator) -> None:
    result = cli.run("generate", GOAL, "--level", "intermediate", "--hours", "6", "--auto-approve")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_traceback(result)
    out = result.stdout
    task_id = field_after(out, "Task ")
    roadmap_id = field_after(out, "Roadmap ")
    assert "Proposed roadmap (review round 1):" in out
    assert "Approved automatically" in out
    assert "Status: completed" in out
    assert "Usage: " in out and "LLM calls" in out
    assert "\r" not in out  # not a terminal: one line per step, no redraws
    assert "Generating content" in out

    task = cli.api_get(f"/api/v1/tasks/{task_id}")
    assert (task["status"], task["roadmap_id"]) == ("completed", roadmap_id)
    roadmap = cli.api_get(f"/api/v1/roadmaps/{roadmap_id}")
    assert len(roadmap["concepts"]) == 2 * 2 * 3
    tree = out[out.index(f"Roadmap {roadmap_id}:") :]
    assert roadmap["title"] in tree
    for concept in roadmap["concepts"]:  # every concept, with all three contents done
        line = next(line for line in tree.splitlines() if concept["title"] in line)
        assert "tutorial ✓ resources ✓ quiz ✓" in line, line

    listed = cli.run("tasks")
    assert listed.returncode == 0, listed.stderr
    row = next(line for line in listed.stdout.splitlines() if line.startswith(task_id))
    assert row.split()[1:4] == ["completed", "done", "100%"]
    assert "1 of 1 tasks (completed 1)" in listed.stdout
    assert cli.run("tasks", "--status", "running").stdout.strip().splitlines() == ["No tasks."]

    markdown = cli.run("export", roadmap_id, "--format", "markdown")
    assert markdown.returncode == 0, markdown.stderr
    assert roadmap["title"] in markdown.stdout
    target = cli.config_dir.parent / "roadmap.json"
    exported = cli.run("export", roadmap_id, "--format", "json", "-o", str(target))
    assert exported.returncode == 0, exported.stderr
    assert exported.stdout == ""
    assert roadmap["title"] in json.dumps(json.loads(target.read_text()))


def test_no_wait_prints_the_id_and_watch_follows_it(cli: Cli, sim: Simulator) -> None:
    created = cli.run(
        "generate",
        GOAL,
        "--no-wait",
        "--skip-review",
        "--content-types",
        "tutorial",
        "--idempotency-key",
        "k-1",
    )
    assert created.returncode == 0, created.stderr
    task_id = created.stdout.strip()
    assert len(task_id) == 36
    same = cli.run("generate", GOAL, "--no-wait", "--skip-review", "--idempotency-key", "k-1")
    assert same.stdout.strip() == task_id  # the key makes the retry the same task

    watched = cli.run("watch", task_id)
    assert watched.returncode == 0, watched.stdout + watched.stderr
    assert "Proposed roadmap" not in watched.stdout  # --skip-review: no review at all
    assert "Status: completed" in watched.stdout
    assert "tutorial ✓" in watched.stdout and "quiz" not in watched.stdout


def test_bad_input_is_exit_2_with_the_reason(cli: Cli) -> None:
    short = cli.run("generate", "ab", "--no-wait")
    assert short.returncode == 2
    assert "goal" in short.stderr and "HTTP 422" in short.stderr
    assert_no_traceback(short)
    hours = cli.run("generate", GOAL, "--hours", "100")
    assert hours.returncode == 2
    assert "weekly hours must be between 1 and 80" in hours.stderr
    missing = cli.run("export", "00000000-0000-0000-0000-000000000000")
    assert missing.returncode == 2
    assert "not found" in missing.stderr.lower()


def test_input_ending_at_the_review_prompt_leaves_the_task_waiting(cli: Cli, sim: Simulator) -> None:
    result = cli.run("generate", GOAL, "--content-types", "tutorial", stdin="")
    assert result.returncode == 2
    assert "[a]pprove / [r]eject with feedback / [e]dit in $EDITOR" in result.stdout
    task_id = field_after(result.stdout, "Task ")
    assert f"run `waymark watch {task_id}` to review it" in result.stderr
    assert_no_traceback(result)
    assert cli.api_get(f"/api/v1/tasks/{task_id}")["status"] == "awaiting_review"

    resumed = cli.run("watch", task_id, "--auto-approve")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Status: completed" in resumed.stdout


def test_on_a_terminal_the_progress_line_is_redrawn_in_place(cli: Cli, sim: Simulator) -> None:
    primary, secondary = pty.openpty()
    args = ["generate", GOAL, "--skip-review", "--content-types", "tutorial"]
    process = subprocess.Popen(
        [sys.executable, "-m", "waymark", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.PIPE,
        env=cli.env(),
    )
    os.close(secondary)
    received = bytearray()
    while True:
        try:
            data = os.read(primary, 4096)
        except OSError:  # EIO: the CLI exited and the terminal closed
            break
        if not data:
            break
        received += data
    os.close(primary)
    assert process.wait(timeout=30) == 0, process.stderr.read() if process.stderr else ""
    screen = received.decode()
    redraws = screen.count("\r[")
    assert redraws >= 5, screen  # queued → ... → content items → done, all on one line
    assert "\x1b[K" in screen
    assert screen.count("Generating content") >= 2
    assert "100%  Done · 12/12 items" in screen
    assert "Status: completed" in screen
