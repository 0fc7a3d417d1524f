"""Chat messages for every LLM role.

Each system prompt opens with a ``[waymark-role: …]`` tag: it names the role in logs and
lets the built-in simulator answer in kind.
"""

from __future__ import annotations

import json
from typing import Any

Messages = list[dict[str, str]]

ROLE_TAG = "[waymark-role: {role}]"


def system_message(role: str, text: str) -> dict[str, str]:
    return {"role": "system", "content": f"{ROLE_TAG.format(role=role)}\n{text.strip()}"}


def as_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
