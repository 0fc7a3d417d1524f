"""The roadmap tree, review summaries and the tasks table, as the user reads them."""

from __future__ import annotations

from typing import Any

from waymark.client.render import (
    ASCII,
    UNICODE,
    content_statuses,
    estimate_line,
    glyphs_for,
    roadmap_tree,
    tasks_table,
    usage_line,
    validation_summary,
)


def concept(cid: str, title: str, hours: float, difficulty: str = "easy") -> dict[str, Any]:
    return {
        "concept_id": cid,
        "title": title,
        "description": "",
        "estimated_hours": hours,
        "difficulty": difficulty,
        "prerequisites": [],
        "keywords": [],
    }


FRAMEWORK: dict[str, Any] = {
    "title": "Rust for embedded work",
    "summary": "From ownership to interrupts.",
    "total_estimated_hours": 10.5,
    "recommended_weeks": 3,
    "stages": [
        {
            "stage_id": "s2",
            "title": "Hardware",
            "description": "",
            "order": 2,
            "modules": [
                {
                    "module_id": "m3",
                    "title": "GPIO",
                    "description": "",
                    "concepts": [concept("c4", "Pins", 2)],
                }
            ],
        },
        {
            "stage_id": "s1",
            "title": "Language",
            "description": "",
            "order": 1,
            "modules": [
                {
                    "module_id": "m1",
                    "title": "Ownership",
                    "description": "",
                    "concepts": [concept("c1", "Moves", 1.5), concept("c2", "Borrowing", 3, "medium")],
                },
                {
                    "module_id": "m2",
                    "title": "Traits",
                    "description": "",
                    "concepts": [concept("c3", "Generics", 4, "hard")],
                },
            ],
        },
    ],
}


def test_the_tree_lists_stages_in_order_with_modules_and_concepts() -> None:
    assert roadmap_tree(FRAMEWORK) == [
        "Rust for embedded work · 10.5h over 3 weeks",
        "├─ Stage 1: Language",
        "│  ├─ Module: Ownership",
        "│  │  ├─ Moves  (1.5h · easy)",
        "│  │  └─ Borrowing  (3h · medium)",
        "│  └─ Module: Traits",
        "│     └─ Generics  (4h · hard)",
        "└─ Stage 2: Hardware",
        "   └─ Module: GPIO",
        "      └─ Pins  (2h · easy)",
    ]


def test_the_tree_shows_content_status_per_type_from_the_roadmap() -> None:
    roadmap = {
        "concepts": [
            {
                "concept_id": "c1",
                "content": {"tutorial": {"status": "completed", "version": 1}, "quiz": None},
            },
            {"concept_id": "c4", "content": {"tutorial": {"status": "failed", "version": 1}}},
        ]
    }
    statuses = content_statuses(roadmap)
    assert statuses == {"c1": {"tutorial": "completed", "quiz": None}, "c4": {"tutorial": "failed"}}
    tree = roadmap_tree(FRAMEWORK, statuses)
    assert "│  │  ├─ Moves  (1.5h · easy)  tutorial ✓ quiz –" in tree
    assert "      └─ Pins  (2h · easy)  tutorial ✗" in tree
    assert "│  │  └─ Borrowing  (3h · medium)" in tree  # no content known: nothing claimed


def test_ascii_output_where_the_terminal_cannot_encode_box_drawing() -> None:
    assert glyphs_for("utf-8") is UNICODE
    assert glyphs_for("ascii") is ASCII
    assert glyphs_for("no-such-codec") is ASCII
    tree = roadmap_tree(FRAMEWORK, {"c4": {"tutorial": "completed"}}, ASCII)
    assert tree[1] == "|- Stage 1: Language"
    assert tree[-1] == "      `- Pins  (2h - easy)  tutorial ok"
    assert all(line.isascii() for line in tree)


def test_validation_summary_lists_issues_and_quality() -> None:
    validation = {
        "valid": False,
        "issues": [{"code": "hours_mismatch", "message": "total hours differ", "location": "s1"}],
        "quality": {"overall": 7.5, "scores": {"coverage": 8, "clarity": 7}, "issues": ["thin on testing"]},
    }
    assert validation_summary(validation) == [
        "Validation: needs attention",
        "  - total hours differ [s1]",
        "Quality: 7.5/10 (coverage 8, clarity 7)",
        "  - thin on testing",
    ]
    assert validation_summary({"valid": True, "issues": [], "quality": None}) == ["Validation: passed"]
    assert validation_summary(None) == ["Validation: not available"]


def test_estimate_and_usage_lines() -> None:
    estimate = {
        "basis": "measured",
        "concepts": 12,
        "llm_calls": 36,
        "prompt_tokens": 9000,
        "completion_tokens": 4000,
        "cost_usd": 0.01234,
    }
    assert estimate_line(estimate) == (
        "Estimate for content (measured): 12 concepts, ~36 LLM calls, "
        "~9000 prompt + 4000 completion tokens, ~$0.0123"
    )
    assert estimate_line(None) is None
    usage = {"llm_calls": 4, "prompt_tokens": 100, "completion_tokens": 50, "cost_usd": 0}
    assert usage_line(usage) == "Usage: 4 LLM calls, 100 prompt + 50 completion tokens, $0.0000"


def test_tasks_table_aligns_columns_and_sums_up() -> None:
    page = {
        "items": [
            {
                "id": "a1",
                "goal": "Learn Rust for embedded work and much more besides that",
                "status": "completed",
                "current_step": "done",
                "progress": 100,
                "created_at": "2025-01-02T03:04:05Z",
            },
            {
                "id": "b2",
                "goal": "Go",
                "status": "running",
                "current_step": "content_generation",
                "progress": 45,
                "created_at": "2025-01-03T00:00:00Z",
            },
        ],
        "total": 5,
        "status_counts": {"completed": 4, "running": 1, "failed": 0},
    }
    lines = tasks_table(page, goal_width=20)
    assert lines[0].split() == ["ID", "STATUS", "STEP", "PROG", "CREATED", "GOAL"]
    assert lines[1].split()[:5] == ["a1", "completed", "done", "100%", "2025-01-02"]
    assert lines[1].endswith("Learn Rust for embe…")
    assert lines[2].index("running") == lines[1].index("completed")
    assert lines[-1] == "2 of 5 tasks (completed 4, running 1)"
    assert tasks_table({"items": [], "total": 0}) == ["No tasks."]
