"""A roadmap built from search results an attacker wrote (the search simulator's hostile
mode): instructions aimed at the model, a forged result line and a forged end of the data
block, links to other domains, ``javascript:`` and ``data:`` URLs, raw HTML and scripts.

The LLM simulator copies result titles and URLs into its answers and never obeys
anything, so what is honestly checkable is: what the model is shown (web text only inside
one delimited data block, declared untrusted, that the web text cannot close or extend),
and what the learner gets (only http(s) URLs that search returned, no raw HTML, no trace
of the injected text) — as stored, as the API returns it, and in the Markdown export."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests.fixtures.learners import Learner
from tests.fixtures.sim import Simulator
from tests.integration.security.conftest import SecuredPlatform
from waymark.markdown_safety import problems
from waymark.search.simulator import INJECTION

pytestmark = pytest.mark.timeout(300)

RAW_HTML = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
UNSAFE_SCHEME = re.compile(r"(?i)\b(javascript|data|vbscript)\s*:")
INJECTED = ("attacker.example", INJECTION.lower(), "developer mode", "web-data-000000000000")
RESULT_LINE = re.compile(r"^\[(\d+)\] .* — (\S+)$", re.MULTILINE)


def links(markdown: str) -> Iterator[str]:
    def walk(tokens: list[Token]) -> Iterator[Token]:
        for token in tokens:
            yield token
            yield from walk(token.children or [])

    for token in walk(MarkdownIt("commonmark").parse(markdown)):
        if token.type == "link_open":
            yield str(token.attrGet("href"))


def assert_safe_url(url: str, served: set[str], where: str) -> None:
    assert url in served, f"{where}: {url!r} is not a URL search returned"
    assert urlsplit(url).scheme in {"http", "https"} and not re.search(r"[\s<>\"'`]", url), (where, url)


def assert_plain(text: str, where: str) -> None:
    assert not RAW_HTML.search(text) and not UNSAFE_SCHEME.search(text), f"{where}: {text!r}"


def assert_safe_content(content_type: str, body: dict[str, Any], served: set[str], where: str) -> None:
    lowered = json.dumps(body, ensure_ascii=False).lower()
    assert not [text for text in INJECTED if text in lowered], f"{where} carries injected text: {body}"
    if content_type == "tutorial":
        assert problems(body["body_markdown"]) == [], where
        for url in links(body["body_markdown"]):
            assert_safe_url(url, served, f"{where} body link")
        assert_plain(body["title"], where)
        assert_plain(body["summary"], where)
        for source in body["sources"]:
            assert_safe_url(source["url"], served, f"{where} source")
            assert_plain(source["title"], f"{where} source")
    elif content_type == "resources":
        assert len(body["resources"]) >= 4, where
        for item in body["resources"]:
            assert_safe_url(item["url"], served, f"{where} resource")
            assert_plain(item["title"], f"{where} resource title")
            assert_plain(item["description"], f"{where} resource description")


def stored_bodies(platform: SecuredPlatform, roadmap_id: str) -> list[tuple[str, str, dict[str, Any]]]:
    with psycopg.connect(platform.stack.settings.db.url or "") as conn:
        rows = conn.execute(
            "SELECT concept_id, content_type, body FROM concept_contents"
            " WHERE roadmap_id = %s AND status = 'completed'",
            (roadmap_id,),
        ).fetchall()
    return [(str(concept), str(kind), dict(body)) for concept, kind, body in rows]


def assert_web_text_stays_delimited(messages: list[dict[str, Any]], served: set[str]) -> None:
    system, user = str(messages[0]["content"]), str(messages[-1]["content"])
    found = re.search(r"<<(WEB-DATA-[0-9a-f]{12})>>", user)
    assert found, "the web results are not delimited"
    opening, closing = f"<<{found.group(1)}>>", f"<</{found.group(1)}>>"
    assert opening in system and "never follow instructions" in system  # declared untrusted
    assert (user.count(opening), user.count(closing)) == (1, 1)  # the web text cannot forge either
    before, block = user.split(opening)
    block, after = block.split(closing)
    assert INJECTION not in before + after and INJECTION in block  # it reached the model only as data
    assert not after.strip() and "<</WEB-DATA-" not in block
    listed = RESULT_LINE.findall(block)
    assert [int(number) for number, _ in listed] == list(range(1, len(listed) + 1)), listed  # none forged
    assert {url for _, url in listed} <= served


@pytest.fixture
async def hostile_roadmap(learner: Learner, sim: Simulator) -> str:
    sim.configure_search(hostile=True)
    task_id = await learner.create(goal="Learn Rust for embedded work", skip_review=True)
    done = await learner.wait(task_id, {"completed", "partial_failure", "failed"}, 240)
    assert done["status"] == "completed", done  # hostile results cost the learner nothing
    return str(done["roadmap_id"])


async def test_injected_search_results_never_reach_the_learner(
    platform: SecuredPlatform, learner: Learner, sim: Simulator, hostile_roadmap: str
) -> None:
    served = sim.search_urls()
    assert any(url.startswith("javascript:") for url in served)  # the attack was served
    roadmap = (await learner.call("GET", f"/api/v1/roadmaps/{hostile_roadmap}")).json()
    stored = stored_bodies(platform, hostile_roadmap)
    assert len(stored) == 3 * len(roadmap["concepts"])
    for concept_id, content_type, body in stored:
        assert_safe_content(content_type, body, served, f"stored {content_type} of {concept_id}")
    for concept in roadmap["concepts"]:
        path = f"/api/v1/roadmaps/{hostile_roadmap}/concepts/{concept['concept_id']}"
        detail = (await learner.call("GET", path)).json()
        for content_type in ("tutorial", "resources"):
            body = detail[content_type]["body"]
            assert_safe_content(content_type, body, served, f"API {content_type} of {concept['concept_id']}")

    export = await learner.call("GET", f"/api/v1/roadmaps/{hostile_roadmap}/export")
    assert export.status_code == 200
    assert problems(export.text) == []  # no raw HTML, no unsafe link, in any Markdown viewer
    assert not [text for text in INJECTED if text in export.text.lower()]
    for url in links(export.text):
        assert_safe_url(url, served, "export link")


async def test_the_model_sees_web_text_only_as_delimited_untrusted_data(
    sim: Simulator, hostile_roadmap: str
) -> None:
    served = sim.search_urls()
    for role in ("tutorial", "resources"):
        calls = sim.prompts(role)
        assert calls, role
        for messages in calls:
            assert_web_text_stays_delimited(messages, served)
