"""Markdown that is safe wherever it is rendered: no raw HTML, no link with an unsafe scheme.

Text written by a model, a search result or a learner reaches Markdown in three ways:
- as Markdown (a tutorial body): ``sanitize_markdown`` parses it as CommonMark does
  (markdown-it-py), so a line that only looks like a fence hides nothing, and checks every
  link, image, autolink and reference definition (used or not: another document joined to
  this one may use it) after entity decoding, the way a browser would read it;
  ``sanitize_part`` also closes what the body leaves open, for Markdown joined with more;
- as plain text inside Markdown (a title, a description, a quiz option): ``escape_text``
  backslash-escapes it, so it can never become a link, HTML or structure;
- as a URL inside a link (a search result): ``link_destination`` percent-encodes every
  character that could end or open Markdown syntax, so the link ends where it should.
"""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterator
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these before reading a scheme
# what could end a link or an attribute around a URL: spaces, quotes, angle brackets, controls
_NOT_IN_WEB_URLS = re.compile(r"[\x00-\x20\x7f<>\"'`\\]")
# what a link destination keeps as written: RFC 3986's characters, less ( ) [ ] (they end or
# open Markdown links); everything else is percent-encoded (an existing %XX stays as it is)
_DESTINATION_SAFE = string.ascii_letters + string.digits + "-._~:/?#@!$&*+,;=%"
# what can start a link, HTML, an entity, emphasis, code or a table cell anywhere in a line
_INLINE_SYNTAX = re.compile(r"([\\`*_{}\[\]<>&~|!#])")
# what can start a block (a list, a quote, a setext underline) at the start of a line
_BLOCK_START = re.compile(r"^(\d{1,9}(?=[.)])|[-+=])")


def _parser() -> MarkdownIt:
    """CommonMark plus GFM tables and strikethrough, raw HTML recognised (so it can be found),
    every link kept as a link token whatever its scheme and every reference definition as a
    token with its place (so both can be judged)."""
    options = {"html": True, "inline_definitions": True}
    parser = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_MD = _parser()


def url_is_safe(url: str) -> bool:
    """http, https, mailto or a relative reference, judged as a browser would read it."""
    readable = _IGNORED_IN_URLS.sub("", html.unescape(url))
    match = _SCHEME.match(readable)
    return match is None or match.group(1).lower() in SAFE_SCHEMES


def escape_text(text: str) -> str:
    """Plain text for inline Markdown: line breaks folded and every character that could
    open a link, HTML, an entity, emphasis or a block backslash-escaped (CommonMark renders
    an escaped character as itself), so the text reads the same and can start nothing."""
    escaped = _INLINE_SYNTAX.sub(r"\\\1", " ".join(text.split()))
    block = _BLOCK_START.match(escaped)
    if block is None:
        return escaped
    if block.group(1)[0].isdigit():  # "1. text" would become a list item
        end = block.end()
        return f"{escaped[:end]}\\{escaped[end:]}"
    return f"\\{escaped}"


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL with a host and nothing that could end a link or an attribute
    around it: the only URLs Waymark keeps from search and makes into live links."""
    if _NOT_IN_WEB_URLS.search(url):
        return False
    try:
        parts = urlsplit(url)
        return parts.scheme in {"http", "https"} and bool(parts.hostname)
    except ValueError:  # e.g. an unbalanced IPv6 bracket in the host
        return False


def link_destination(url: str) -> str | None:
    """A web URL as the destination of ``[text](…)``, or None when it is not safe to make it a
    live link. Parentheses, brackets and anything outside RFC 3986 are percent-encoded, so
    ``https://x.example/a)[click](javascript:…)`` stays one link to the page search returned
    (a server reads ``%29`` as ``)``)."""
    return quote(url, safe=_DESTINATION_SAFE) if is_web_url(url) else None


def link_target(url: str) -> str | None:
    """A URL as a Markdown autolink, or None when it is not safe to make it a live link."""
    destination = link_destination(url)
    return f"<{destination}>" if destination else None


def _tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _tokens(token.children)


def _is_unsafe_definition(token: Token) -> bool:
    return token.type == "definition" and not url_is_safe(str(token.meta.get("url", "")))


def problems(markdown: str) -> list[str]:
    """What makes this Markdown unsafe: raw HTML, and links, images or reference definitions
    (used or not) with an unsafe scheme."""
    found = []
    for token in _tokens(_MD.parse(markdown)):
        if token.type in ("html_block", "html_inline"):
            found.append(f"raw HTML {token.content.strip()[:40]!r}")
        elif token.type in ("link_open", "image"):
            target = str(token.attrGet("href") or token.attrGet("src") or "")
            if not url_is_safe(target):
                found.append(f"unsafe link {target[:40]!r}")
        elif _is_unsafe_definition(token):
            found.append(f"unsafe reference definition {str(token.meta.get('url'))[:40]!r}")
    return found


_INLINE_DESTINATION = re.compile(r"\]\(\s*(<[^>\n]*>|[^\s)]*)")


def _defuse_line(line: str, *, every_link: bool) -> str:
    """``<`` can no longer open HTML or an autolink; an unsafe (or, with ``every_link``,
    any) inline link no longer forms one."""
    line = line.replace("<", "&lt;")

    def inline(match: re.Match[str]) -> str:
        target = match.group(1).strip("<>").replace("&lt;", "<")
        return "]\\(" + match.group(0)[2:] if every_link or not url_is_safe(target) else match.group(0)

    return _INLINE_DESTINATION.sub(inline, line)


def _places(markdown: str, *, every_link: bool) -> tuple[set[int], set[int]]:
    """As CommonMark reads the text: the lines inside fenced or indented code blocks, and the
    first line of each unsafe (or, with ``every_link``, each) reference definition, wherever
    it sits (a quote, a list item) and however many lines it spans."""
    code: set[int] = set()
    definitions: set[int] = set()
    for token in _MD.parse(markdown):
        if token.type in ("fence", "code_block") and token.map:
            code.update(range(*token.map))
        elif token.type == "definition" and token.map and (every_link or _is_unsafe_definition(token)):
            definitions.add(token.map[0])
    return code, definitions


def _defused(markdown: str, *, every_link: bool) -> str:
    code, definitions = _places(markdown, every_link=every_link)
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if number in code:
            continue
        line = _defuse_line(line, every_link=every_link)
        if number in definitions:  # the label's bracket escaped: the line is text, defining nothing
            line = line.replace("[", "\\[", 1)
        lines[number] = line
    return "\n".join(lines)


def _as_code_block(markdown: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", markdown)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{markdown}\n{fence}"


def sanitize_markdown(markdown: str) -> str:
    """The same Markdown when it is safe. Otherwise raw HTML is shown as text and unsafe
    links are made inert (safe ones stay links); if the result still had a problem, every
    link is made inert; and if even that were not enough, the whole text is shown as a
    code block. Each step is checked by parsing again, as CommonMark does."""
    if not problems(markdown):
        return markdown
    for every_link in (False, True):
        cleaned = _defused(markdown, every_link=every_link)
        if not problems(cleaned):
            return cleaned
    return _as_code_block(markdown)


_END_OF_PART = "waymark-end-of-part"


def _closed(markdown: str) -> bool:
    """Would a paragraph after this Markdown be read as a paragraph of its own (not inside a
    fence, a list or a quote that this Markdown left open)?"""
    found = _MD.parse(f"{markdown}\n\n{_END_OF_PART}")
    return (
        len(found) >= 3
        and found[-2].content == _END_OF_PART
        and found[-3].type == "paragraph_open"
        and found[-3].level == 0
    )


def sanitize_part(markdown: str) -> str:
    """``sanitize_markdown`` for Markdown that more Markdown will follow in one document (a
    tutorial in the export): a fence it leaves open is closed, so the next part is read as
    written and cannot close it to let what follows out of the code block."""
    clean = sanitize_markdown(markdown)
    if _closed(clean):
        return clean
    fences = [token for token in _MD.parse(clean) if token.type == "fence"]
    if fences:
        closed = f"{clean}\n{fences[-1].markup}"
        if _closed(closed) and not problems(closed):
            return closed
    return _as_code_block(clean)


_ATX = re.compile(r"^\s{0,3}(#{1,6})(?=\s|$)")


def demote_headings(markdown: str, levels: int) -> str:
    """Push ATX headings ``levels`` deeper (at most to level 6, below a page's own
    headings); lines inside code blocks are never touched."""
    lines = markdown.split("\n")
    for token in _MD.parse(markdown):
        if token.type == "heading_open" and token.markup.startswith("#") and token.map:
            number = token.map[0]
            match = _ATX.match(lines[number])
            if match:
                depth = min(6, len(match.group(1)) + levels)
                lines[number] = "#" * depth + lines[number][match.end() :]
    return "\n".join(lines)
