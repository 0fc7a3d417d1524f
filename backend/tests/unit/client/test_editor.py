"""Editing a framework in $EDITOR: the command line, the round trip, and bad JSON."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from waymark.client.http import ApiClient
from waymark.client.review import Reviewer, editor_command


def test_editor_command_is_split_like_a_shell_and_defaults_to_vi() -> None:
    assert editor_command({"EDITOR": "code --wait"}) == ["code", "--wait"]
    assert editor_command({"EDITOR": "'/opt/my editor/bin/ed' -n"}) == ["/opt/my editor/bin/ed", "-n"]
    assert editor_command({}) == ["vi"]
    assert editor_command({"EDITOR": "  "}) == ["vi"]


@pytest.fixture
def reviewer() -> Reviewer:
    return Reviewer(ApiClient("http://127.0.0.1:9"), io.StringIO(), auto_approve=False)


def test_the_edit_round_trips_through_the_editor(
    reviewer: Reviewer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = tmp_path / "upper.py"
    script.write_text(
        "import json, sys\n"
        "p = sys.argv[1]\n"
        "d = json.load(open(p))\n"
        "d['title'] = d['title'].upper()\n"
        "json.dump(d, open(p, 'w'))\n"
    )
    monkeypatch.setenv("EDITOR", f"{sys.executable} {script}")
    edited = reviewer._edit(json.dumps({"title": "rust"}))
    assert reviewer._parse(edited) == {"title": "RUST"}


def test_a_failing_editor_keeps_the_text_and_says_so(
    reviewer: Reviewer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", f"{sys.executable} -c 'raise SystemExit(3)'")
    assert reviewer._edit("{}") == "{}"
    monkeypatch.setenv("EDITOR", "/no/such/editor")
    assert reviewer._edit("{}") == "{}"
    said = reviewer.out.getvalue()  # type: ignore[attr-defined]
    assert "exited with status 3" in said
    assert "Cannot run the editor '/no/such/editor'" in said


def test_bad_json_is_explained_not_raised(reviewer: Reviewer) -> None:
    assert reviewer._parse('{"title": ') is None
    assert reviewer._parse("[1, 2]") is None
    said = reviewer.out.getvalue()  # type: ignore[attr-defined]
    assert "not valid JSON (line 1, column 11" in said
    assert "must be a JSON object" in said
