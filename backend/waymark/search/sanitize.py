"""Untrusted web text into prompts and into what a learner reads.

Search results are "spotlighted" — wrapped between random boundary markers the page text
cannot forge, one result per numbered line with its text indented on one line below, and
introduced as data, never instructions — so a page can neither close the block nor add a
result of its own. Titles and descriptions become plain text (``plain_text``): no raw
HTML reaches a prompt, a stored field or the API. Markdown a model wrote after reading
the results is made safe by ``waymark.markdown_safety``.
"""

from __future__ import annotations

import re
import secrets

from waymark.search.result import SearchResult

# script and style elements go with their content; comments go whole
_INVISIBLE = re.compile(r"(?is)<(script|style)\b.*?(</\1\s*>|$)|<!--.*?(-->|$)")
_ELEMENTS = (
    "a|abbr|address|area|article|aside|audio|b|base|bdi|bdo|blockquote|body|br|button|canvas|caption|"
    "cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|div|dl|dt|em|embed|fieldset|"
    "figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hr|html|i|iframe|img|input|"
    "ins|kbd|label|legend|li|link|main|map|mark|marquee|math|menu|meta|meter|nav|noscript|object|ol|"
    "optgroup|option|output|p|param|picture|pre|progress|q|s|samp|section|select|slot|small|source|"
    "span|strike|strong|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|"
    "title|tr|track|u|ul|var|video|wbr|xmp"
)
# an HTML element's tag, or any tag-like text with attributes (<x onclick=…>)
_TAG = re.compile(rf"(?i)</?\s*(?:(?:{_ELEMENTS})\b[^<>]*|[a-z][\w:-]*\s[^<>]*=[^<>]*|[a-z][\w:-]*\s*/)>")


def plain_text(text: str) -> str:
    """``text`` as one line of plain text: HTML tags removed (scripts and styles with their
    content), what is left of ``<`` and ``>`` turned into ‹ and › so that nothing can form a
    tag again, and whitespace folded. ``Vec<T>`` reads ``Vec‹T›``."""
    text = _INVISIBLE.sub(" ", text)
    text = _TAG.sub(" ", text)
    return " ".join(text.replace("<", "‹").replace(">", "›").split())


def spotlight(results: list[SearchResult]) -> tuple[str, str]:
    """Render results as delimited untrusted data; returns (block, boundary)."""
    boundary = f"WEB-DATA-{secrets.token_hex(6)}"
    lines = [f"<<{boundary}>>"]
    for number, result in enumerate(results, start=1):
        title, body = (plain_text(text.replace(boundary, "")) for text in (result.title, result.content))
        lines.append(f"[{number}] {title} — {result.url}\n    {body}")
    lines.append(f"<</{boundary}>>")
    return "\n".join(lines), boundary
