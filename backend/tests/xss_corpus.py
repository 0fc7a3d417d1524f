"""Hostile text for the Markdown safety tests: the sanitiser (one body at a time) and the
export (every body, title and URL of a roadmap joined into one document) are run against
the same corpus. Each Markdown entry is live in a permissive CommonMark renderer as written
(the tests check that first), so an entry that stops being dangerous is noticed."""

from __future__ import annotations

# One tutorial body each: raw HTML, unsafe schemes in every spelling a browser accepts, and
# every place CommonMark reads a link (inline, reference, autolink, image, nested).
MARKDOWN = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "<a href=javascript:alert(1)>x</a>",
    "<svg onload=alert(1)>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<iframe src='https://evil.example'></iframe>",
    "<details open ontoggle=alert(1)>",
    "<scr<script>ipt>alert(1)</script>",
    "[a](javascript:alert(1))",
    "[a](JaVaScRiPt:alert(1))",
    "[a](JAVASCRIPT:alert(1))",
    "[a](&#106;avascript:alert(1))",
    "[a](&#x6A;avascript:alert(1))",
    "[a](&#x6a;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3a;alert(1))",
    "[a](javascript&colon;alert(1))",
    "[a](javascript&#58;alert(1))",
    "[a](&Tab;javascript:alert(1))",
    "[a]( javascript:alert(1))",
    "[a](\tjavascript:alert(1))",
    "[a](javascript:alert(1)\n)",
    "[a](javascript://%0Aalert(1))",
    "[a](<javascript:alert(1)>)",
    '[a](<javascript:alert(1)> "t")',
    '[a](javascript:alert(1) "title")',
    '[a](javascript:alert(1) "a \\" b)")',
    "[a](https://ok.example \"t\") [b](javascript:alert(1) 'x')",
    "[[a](javascript:alert(1))](https://ok.example)",
    "[![img](https://ok.example/i.png)](javascript:alert(1))",
    "***[a](javascript:alert(1))***",
    "~~[a](javascript:alert(1))~~",
    "# [x](javascript:alert(1))",
    "> - [x](javascript:alert(1))",
    "| a |\n|---|\n| [x](javascript:alert(1)) |",
    "<javascript:alert(1)>",
    "<JavaScript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a][r]\n\n[r]: &#106;avascript:alert(1)",
    '[a][r]\n\n[r]: javascript:alert(1) "t)"',
    "[a][r]\n\n[r]:\n  javascript:alert(1)",
    "> [a][r]\n>\n> [r]: javascript:alert(1)",
    "[a]\n\n- [a]: javascript:alert(1)",
    '[x]\n\n[x]: javascript:alert(1) "t"',
    "[x][]\n\n[x]: javascript:alert(1)",
    "![x](javascript:alert(1))",
    '![x](javascript:alert(1) "t")',
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "[a](vbscript:msgbox(1))",
    "[a](data:text/html,<script>alert(1)</script>)",
    "[a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "```js`x\n<script>alert(1)</script>\n```",  # not a fence to CommonMark: the HTML is live
    "````\n```\n````\n<script>alert(1)</script>",  # a longer fence is closed only by its own length
    "    ```\n<script>alert(1)</script>",  # an indented "fence" is a code block of one line
    "* item\n\n  <script>alert(1)</script>",
    "<!-- <script>alert(1)</script> -->",
    "<div>\n\n[a](javascript:alert(1))\n\n</div>",
    "`code` <b onmouseover=alert(1)>x</b>",
]

# Two bodies of two concepts: each is inert on its own, the pair is live once one document
# holds both (reference definitions apply to the whole document; a fence opened in one body
# is closed by the next).
SPLIT = [
    ("See the [guide][r].", "[r]: javascript:alert(1)"),
    ("See the [guide][r].", "[r]: &#106;avascript:alert(1)"),
    ("See the [guide][r].", "> [r]: javascript:alert(1)"),
    ("See the [guide][r].", "- [r]:\n  javascript:alert(1)"),
    ("![chart][img]", "[img]: data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"),
    ("[guide]", '[guide]: javascript:alert(1) "the guide"'),
    ("Code:\n\n```", "text\n```\n<script>alert(1)</script>"),
    ("Code:\n\n~~~~", "~~~~\n<img src=x onerror=alert(1)>"),
]

# URLs the search client keeps (absolute http(s), no whitespace, quote or angle bracket) that
# end a Markdown link destination early when written as ``[title](url)``.
LINK_BREAKING_URLS = [
    "https://x.example/a)[click](javascript:alert(1))",
    "https://x.example/a)](javascript:alert(1))",
    "https://x.example/(a))[x](javascript:alert(1)",
    "https://x.example/a%29)[x](javascript:alert(1))",
    "https://x.example/a)![x](javascript:alert(1))",
    "https://x.example/a)<script>alert(1)</script>",  # refused: angle brackets
    "https://x.example/a)\n[r]: javascript:alert(1)",  # refused: a line break
    "https://x.example/wiki/Rust_(programming_language)",  # harmless, and must stay one link
]

# Plain text a model, a search result or a learner wrote: titles, descriptions, options.
TITLES = [
    'A "quoted" title',
    "Close) the link](javascript:alert(1))",
    "[x](javascript:alert(1))",
    '"><script>alert(1)</script>',
    "<javascript:alert(1)>",
    "&#106;avascript:alert(1)",
    "[r]: javascript:alert(1)",
    "1. not a list",
    "```",
]
