"""The Markdown export, downloaded through the API, is safe in any Markdown viewer: read as
CommonMark reads it (the whole file at once, where reference definitions and fences span
every tutorial), it holds no raw HTML and no link, image, autolink or reference definition
with an unsafe scheme — whatever the stored tutorials, titles and search URLs say."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from tests.integration.roadmaps.conftest import Owner, framework_of, stored_roadmap
from tests.unit.test_markdown_safety import live_content
from tests.xss_corpus import LINK_BREAKING_URLS, MARKDOWN, SPLIT, TITLES
from waymark.markdown_safety import is_web_url
from waymark.statuses import ContentType

SAFE_SCHEMES = {None, "http", "https", "mailto"}
SAFE_DOCS = "https://docs.example/guide"


def commonmark() -> MarkdownIt:
    """A permissive reader: raw HTML recognised, every link kept whatever its scheme, GFM
    tables and strikethrough, reference definitions as tokens."""
    parser = MarkdownIt("commonmark", {"html": True, "inline_definitions": True})
    parser.enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


def tokens(markdown: str) -> Iterator[Token]:
    def walk(found: list[Token]) -> Iterator[Token]:
        for token in found:
            yield token
            yield from walk(token.children or [])

    yield from walk(commonmark().parse(markdown))


def scheme(url: str) -> str | None:
    """The scheme a browser reads: entities decoded, controls and spaces dropped."""
    readable = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url))
    match = re.match(r"([A-Za-z][A-Za-z0-9+.\-]*):", readable)
    return match.group(1).lower() if match else None


def unsafe(markdown: str) -> list[str]:
    found = []
    for token in tokens(markdown):
        if token.type in ("html_block", "html_inline"):
            found.append(f"raw HTML {token.content[:60]!r}")
        target = None
        if token.type in ("link_open", "image"):
            target = str(token.attrGet("href") or token.attrGet("src") or "")
        elif token.type == "definition":
            target = str(token.meta["url"])
        if target is not None and scheme(target) not in SAFE_SCHEMES:
            found.append(f"{token.type} to {target[:60]!r}")
    return found


def links(markdown: str) -> list[str]:
    return [str(t.attrGet("href")) for t in tokens(markdown) if t.type == "link_open"]


def concept(number: int) -> dict[str, Any]:
    return {
        "concept_id": f"c{number}",
        "title": TITLES[number % len(TITLES)],
        "description": TITLES[(number + 1) % len(TITLES)],
        "estimated_hours": 1,
        "prerequisites": [],
    }


def tutorial(body: str) -> dict[str, Any]:
    return {"title": "T", "summary": "S", "body_markdown": body, "estimated_minutes": 30, "sources": []}


def resources(urls: list[str]) -> dict[str, Any]:
    return {
        "resources": [
            {"title": TITLES[n % len(TITLES)], "url": url, "type": "article",
             "description": TITLES[(n + 2) % len(TITLES)], "relevance": 0.9}
            for n, url in enumerate(urls)
        ]
    }  # fmt: skip


def quiz() -> dict[str, Any]:
    question = {"id": "q1", "type": "single", "prompt": TITLES[1], "options": TITLES[:4], "answer": [0],
                "explanation": "e", "difficulty": "easy"}  # fmt: skip
    return {"questions": [question]}


def hostile_roadmap() -> tuple[dict[str, Any], dict[str, dict[ContentType, dict[str, Any]]]]:
    """One concept per Markdown vector, two per split pair, the link-breaking URLs as one
    concept's resources; every title, description and quiz text hostile."""
    bodies = [*MARKDOWN, *(part for pair in SPLIT for part in pair)]
    concepts = [concept(n) for n in range(len(bodies) + 1)]
    content: dict[str, dict[ContentType, dict[str, Any]]] = {
        f"c{n}": {ContentType.TUTORIAL: tutorial(body), ContentType.QUIZ: quiz()}
        for n, body in enumerate(bodies)
    }
    content[f"c{len(bodies)}"] = {ContentType.RESOURCES: resources([*LINK_BREAKING_URLS, SAFE_DOCS])}
    framework = framework_of(concepts, title=TITLES[1])
    framework["stages"][0]["title"], framework["stages"][0]["description"] = TITLES[3], TITLES[4]
    return framework, content


async def test_the_downloaded_markdown_has_no_raw_html_and_no_unsafe_link(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    framework, content = hostile_roadmap()
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework, content)

    response = await owner.call("GET", f"/api/v1/roadmaps/{roadmap_id}/export")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    markdown = response.text
    assert unsafe(markdown) == []
    assert live_content(markdown) == []  # rendered by a permissive renderer, nothing runs
    assert "See the" in markdown and "Code:" in markdown  # the tutorials are still there


async def test_each_search_url_is_one_link_to_the_page_search_returned(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    framework, content = hostile_roadmap()
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework, content)

    markdown = (await owner.call("GET", f"/api/v1/roadmaps/{roadmap_id}/export")).text
    kept = [url for url in LINK_BREAKING_URLS if is_web_url(url)]  # what the search client keeps
    found = [href for href in links(markdown) if urlsplit(href).hostname == "x.example"]
    assert sorted(unquote(href) for href in found) == sorted(unquote(url) for url in kept)
    assert SAFE_DOCS in links(markdown)  # a plain URL stays exactly as search gave it


async def test_notes_with_every_vector_leave_the_export_safe(
    owner: Owner, sessionmaker: async_sessionmaker[AsyncSession]
) -> None:
    """Notes are the learner's own Markdown (or a saved mentor answer): each is sanitised and
    closed like a tutorial, on a concept and on the whole roadmap, split pairs included."""
    framework, content = hostile_roadmap()
    roadmap_id = await stored_roadmap(sessionmaker, owner.id, framework, content)
    bodies = [*MARKDOWN, *(part for pair in SPLIT for part in pair)]
    for number, body in enumerate(bodies):
        note = {"body": body, "concept_id": "c0"} if number % 2 else {"body": body}
        created = await owner.call("POST", f"/api/v1/roadmaps/{roadmap_id}/notes", json=note)
        assert created.status_code == 201, created.text

    markdown = (await owner.call("GET", f"/api/v1/roadmaps/{roadmap_id}/export")).text
    assert "**My notes**" in markdown and "## Notes on the whole roadmap" in markdown
    assert unsafe(markdown) == []
    assert live_content(markdown) == []
