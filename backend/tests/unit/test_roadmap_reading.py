"""Pure logic a learner meets when reading a roadmap: grading, answer hiding, export, estimates."""

from __future__ import annotations

import pytest

from waymark.db.repositories.role_stats import RoleAverage
from waymark.roadmaps.export import to_markdown
from waymark.roadmaps.quiz import UnknownQuestionError, grade, without_answers
from waymark.settings import LLMSettings
from waymark.tasks.estimate import estimate_content

QUIZ = {
    "questions": [
        {"id": "q1", "type": "single", "prompt": "1+1?", "options": ["1", "2"], "answer": [1],
         "explanation": "sum"},
        {"id": "q2", "type": "multiple", "prompt": "even?", "options": ["2", "3", "4"], "answer": [0, 2],
         "explanation": "2 and 4"},
    ]
}  # fmt: skip


def test_a_question_is_right_only_with_exactly_the_keyed_options() -> None:
    graded = {g.question_id: g for g in grade(QUIZ, {"q1": [1], "q2": [0]})}
    assert graded["q1"].correct and not graded["q2"].correct  # one of two keyed options is not enough
    assert graded["q2"].answer == [0, 2] and graded["q2"].your_answer == [0]
    assert [g.correct for g in grade(QUIZ, {"q2": [2, 0, 2]})] == [False, True]  # unanswered is wrong
    with pytest.raises(UnknownQuestionError, match="q9"):
        grade(QUIZ, {"q9": [0]})


def test_questions_go_out_without_answers_or_explanations() -> None:
    public = without_answers(QUIZ)
    assert [set(q) for q in public["questions"]] == [{"id", "type", "prompt", "options"}] * 2
    assert QUIZ["questions"][0]["answer"] == [1]  # the stored quiz is untouched


def test_markdown_export_nests_tutorial_headings_but_not_code() -> None:
    framework = {
        "title": "Rust", "summary": "s", "total_estimated_hours": 10, "recommended_weeks": 2,
        "stages": [{"stage_id": "s1", "title": "Basics", "order": 0, "modules": [
            {"module_id": "m1", "title": "Syntax", "concepts": [
                {"concept_id": "c1", "title": "Ownership", "estimated_hours": 2, "difficulty": "easy"}]}]}],
    }  # fmt: skip
    tutorial = {"body_markdown": "# Intro\n```sh\n# a shell comment\n```\n## More"}
    markdown = to_markdown(framework, {"c1": {"tutorial": tutorial, "quiz": QUIZ}})
    assert "## Basics\n" in markdown and "### Syntax\n" in markdown and "#### Ownership\n" in markdown
    assert "\n##### Intro\n" in markdown and "\n###### More" in markdown
    assert "\n# a shell comment\n" in markdown
    assert "1+1?" in markdown and "sum" not in markdown  # questions, never explanations


def test_the_estimate_uses_measured_averages_and_says_when_it_cannot() -> None:
    measured = {
        "tutorial": RoleAverage(items=4, calls=1.5, prompt_tokens=1000, completion_tokens=2000, cost_usd=0.01)
    }
    settings = LLMSettings()
    only_tutorials = estimate_content(10, ["tutorial"], measured, settings)
    assert only_tutorials == {
        "basis": "measured", "concepts": 10, "content_types": ["tutorial"], "llm_calls": 15,
        "prompt_tokens": 10_000, "completion_tokens": 20_000, "cost_usd": 0.1,
        "tested_out": 0, "saved_cost_usd": 0.0,
    }  # fmt: skip
    # concepts a placement check tested out are left out, and what that saves is said
    skipping = estimate_content(10, ["tutorial"], measured, settings, tested_out=4)
    assert (skipping["concepts"], skipping["cost_usd"], skipping["saved_cost_usd"]) == (6, 0.06, 0.04)
    assert estimate_content(10, ["tutorial", "quiz"], measured, settings)["basis"] == "partly_measured"
    prior = estimate_content(10, ["quiz"], {}, settings)
    assert prior["basis"] == "default" and prior["llm_calls"] == 10 and prior["cost_usd"] > 0


def test_the_markdown_export_makes_every_written_field_inert() -> None:
    from tests.unit.test_markdown_safety import live_content

    hostile = "[x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    framework = {
        "title": hostile, "summary": hostile, "total_estimated_hours": 2, "recommended_weeks": 1,
        "stages": [{"stage_id": "s1", "title": hostile, "description": hostile, "order": 0, "modules": [
            {"module_id": "m1", "title": hostile, "description": hostile, "concepts": [
                {"concept_id": "c1", "title": hostile, "description": hostile, "estimated_hours": 2,
                 "prerequisites": [hostile]}]}]}],
    }  # fmt: skip
    content = {
        "c1": {
            "tutorial": {"body_markdown": f"# T\n\n{hostile}\n\n[ok](https://docs.example/)"},
            "resources": {"resources": [
                {"title": hostile, "url": "javascript:alert(1)", "type": "article", "description": hostile},
                {"title": "Docs", "url": "https://docs.example/a", "type": "book", "description": "d"},
            ]},
            "quiz": {"questions": [{"id": "q1", "prompt": hostile, "options": [hostile, "fine"]}]},
        }
    }  # fmt: skip
    markdown = to_markdown(framework, content)
    assert live_content(markdown) == []  # a title could once inject a link or HTML
    assert "[Docs](https://docs.example/a)" in markdown  # safe links stay links
    assert "[ok](https://docs.example/)" in markdown
