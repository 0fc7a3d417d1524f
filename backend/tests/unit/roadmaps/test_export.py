"""The Markdown export is checked once more as one document: should a tutorial ever reach it
unsanitised (a gap in the per-part sanitiser), the joined file is still inert."""

from __future__ import annotations

from typing import Any

import pytest

from tests.unit.test_markdown_safety import live_content
from tests.xss_corpus import MARKDOWN, SPLIT
from waymark.roadmaps import export


def roadmap(bodies: list[str]) -> tuple[dict[str, Any], dict[str, dict[str, dict[str, Any]]]]:
    concepts = [
        {"concept_id": f"c{n}", "title": f"Concept {n}", "estimated_hours": 1} for n in range(len(bodies))
    ]
    framework = {
        "title": "R", "total_estimated_hours": len(bodies), "recommended_weeks": 1,
        "stages": [{"stage_id": "s1", "title": "S", "order": 0, "modules": [
            {"module_id": f"m{n}", "title": f"M{n}", "concepts": concepts[n * 20 : n * 20 + 20]}
            for n in range((len(concepts) + 19) // 20)
        ]}],
    }  # fmt: skip
    content = {f"c{n}": {"tutorial": {"body_markdown": body}} for n, body in enumerate(bodies)}
    return framework, content


def test_the_joined_file_is_sanitised_as_one_document_when_a_part_was_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export, "sanitize_part", lambda markdown: markdown)  # a sanitiser gap
    framework, content = roadmap([*MARKDOWN, *(part for pair in SPLIT for part in pair)])
    assert live_content(export.to_markdown(framework, content)) == []


def test_a_safe_roadmap_is_exported_as_written() -> None:
    framework, content = roadmap(["# Intro\n\nRead [the book][b].\n\n[b]: https://doc.example/book"])
    markdown = export.to_markdown(framework, content)
    assert "##### Intro\n\nRead [the book][b].\n\n[b]: https://doc.example/book\n" in markdown
