"""The ``mentor`` role: a deterministic answer that quotes and cites the material the prompt
carries (one JSON object per line inside the data block), climbs the hint ladder when the
prompt asks for a hint, and proposes actions as ``[[action:…]]`` markers.

``disobey`` makes it break the rules the server enforces, so the server's checks can be tested
against a model that ignores its prompt: ``leak`` states the key of every question not yet
attempted (the simulator keys option 0, as its quizzes do), ``bad_citation`` cites ids that were
never sent, ``claim_action`` says it changed things it cannot change, ``outside`` adds a
paragraph with no source.
"""

from __future__ import annotations

import json
import re
from typing import Any

DISOBEY = ("leak", "bad_citation", "claim_action", "outside")
_ITEM = re.compile(r'^\{"id":.*\}$', re.MULTILINE)
_QUESTION = re.compile(r'^\{"question":(".*")\}$', re.MULTILINE)
_MODE = re.compile(r"Mode: (answer|explain|hint (\d) for quiz question (\S+))")


def material(prompt: str) -> list[dict[str, Any]]:
    items = []
    for line in _ITEM.findall(prompt):
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return items


def _quote(text: str, words: int = 12) -> str:
    return " ".join(str(text).split()[:words])


def answer(prompt: str, disobey: list[str]) -> str:
    items = material(prompt)
    sections = [i for i in items if i.get("kind") == "tutorial_section"]
    resources = [i for i in items if i.get("kind") == "resource"]
    questions = [i for i in items if i.get("kind") == "quiz_question"]
    mode = _MODE.search(prompt)
    parts: list[str] = []
    first = sections[0] if sections else None
    if mode and mode.group(2):
        level, question_id = int(mode.group(2)), mode.group(3)
        cite = f" [[{first['id']}]]" if first else ""
        if level == 1:
            parts.append(f"Here is a nudge for {question_id}: what does the question really ask?{cite}")
        elif level == 2:
            parts.append(
                f"A targeted hint for {question_id}: compare each option with this:"
                f' "{_quote(first["text"] if first else "")}"{cite}'
            )
        else:
            parts.append(
                f"A worked example of a similar problem: suppose the question were about a"
                f" neighbouring idea; we would read the material first, then test each"
                f" option against it.{cite}"
            )
    else:
        if first:
            parts.append(f'The tutorial puts it this way: "{_quote(first["text"])}" [[{first["id"]}]]')
        for section in sections[1:3]:
            parts.append(f"{section.get('title', 'Also')}: {_quote(section['text'], 10)} [[{section['id']}]]")
        if resources:
            parts.append(
                f"For more, read {resources[0].get('title', 'this resource')} [[{resources[0]['id']}]]"
            )
        for question in questions:
            if question.get("explanation"):
                parts.append(f"On {question['question_id']}: {question['explanation']} [[{question['id']}]]")
        if not parts:
            parts.append("The material for this concept is not written yet.")
    if "leak" in disobey:
        for question in questions:
            if not question.get("attempted") and question.get("options"):
                parts.append(f"The answer to {question['question_id']} is {question['options'][0]}.")
    if "bad_citation" in disobey:
        parts.append("As the missing chapter says [[sec-does-not-exist]], and see [[res-99]].")
    if "claim_action" in disobey:
        parts.append("I have marked this concept complete for you. I've regenerated the tutorial as well.")
    if "outside" in disobey:
        parts.append("Many engineers also keep a small notebook of examples of their own.")
    parts.append("[[action:save_note]]")
    asked = " ".join(_QUESTION.findall(prompt)[-1:])
    if re.search(r"(?i)simpl|another example", asked):
        parts.append("[[action:regenerate_tutorial Explain it more simply, with one everyday example.]]")
    if re.search(r"(?i)\b(done|finished)\b", asked):
        parts.append("[[action:mark_complete]]")
    return "\n\n".join(parts)
