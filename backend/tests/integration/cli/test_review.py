"""Reviewing at the prompt: reject with feedback then approve, and editing in $EDITOR."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tests.fixtures.sim import Simulator
from tests.integration.cli.conftest import Cli, assert_no_traceback, field_after

pytestmark = pytest.mark.timeout(240)

GOAL = "Learn Rust for embedded work"
PROMPT = "[a]pprove / [r]eject with feedback / [e]dit in $EDITOR: "
NEW_TITLE = "Ownership, renamed in my editor"

# An $EDITOR that gets it wrong twice before getting it right: first broken JSON, then a
# roadmap the API refuses (no stages), then the first concept renamed. The CLI appends the
# file to edit to $EDITOR's words: argv is [calls file, new title, file].
EDITOR_SCRIPT = """
import json, pathlib, sys
state, new_title, target = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
calls = int(state.read_text()) + 1 if state.exists() else 1
state.write_text(str(calls))
original = state.with_suffix(".original.json")
if calls == 1:
    original.write_text(target.read_text())
    target.write_text('{"title": "half a roadmap",')
    sys.exit(0)
framework = json.loads(original.read_text())
if calls == 2:
    del framework["stages"]
else:
    framework["stages"][0]["modules"][0]["concepts"][0]["title"] = new_title
target.write_text(json.dumps(framework, indent=2))
"""


def test_reject_with_feedback_then_approve(cli: Cli, sim: Simulator) -> None:
    answers = "maybe\nr\n\nMore hands-on projects, please\na\n"
    result = cli.run("generate", GOAL, "--content-types", "tutorial", stdin=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_traceback(result)
    out = result.stdout
    assert "Please answer a, r or e." in out
    assert out.count("What should change? ") == 2  # empty feedback is asked again
    assert "Rejected; the roadmap will be revised with your feedback." in out
    round_one, round_two = out.index("review round 1"), out.index("review round 2")
    assert round_one < out.index("Revising the roadmap") < round_two  # the editor ran on the feedback
    assert out.count(PROMPT) == 3
    assert "Approved; generating content." in out[round_two:]
    assert "Status: completed" in out
    assert sim.calls("editor") >= 1


def test_edit_in_editor_stores_the_edited_roadmap(cli: Cli, sim: Simulator, tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(EDITOR_SCRIPT)
    editor = shlex.join([sys.executable, str(script), str(tmp_path / "calls"), NEW_TITLE])
    result = cli.run("generate", GOAL, "--content-types", "tutorial", stdin="e\ne\ne\n", EDITOR=editor)
    assert result.returncode == 0, result.stdout + result.stderr
    assert_no_traceback(result)
    out = result.stdout
    assert "That is not valid JSON (line 1" in out
    assert "stages: Field required (HTTP 422)" in out
    assert out.index("Not accepted: ") < out.index("Edited roadmap submitted.")
    assert "Edited roadmap submitted." in out
    assert (tmp_path / "calls").read_text() == "3"
    assert "Status: completed" in out

    roadmap_id = field_after(out, "Roadmap ")
    roadmap = cli.api_get(f"/api/v1/roadmaps/{roadmap_id}")
    first = roadmap["framework"]["stages"][0]["modules"][0]["concepts"][0]
    assert first["title"] == NEW_TITLE
    stored = next(c for c in roadmap["concepts"] if c["concept_id"] == first["concept_id"])
    assert stored["title"] == NEW_TITLE
    assert stored["content"]["tutorial"]["status"] == "completed"
    assert any(NEW_TITLE in line and "tutorial ✓" in line for line in out.splitlines())
