"""The id alphabet of stages, modules and concepts, and the deterministic repair of the ids a
model writes (docs/architecture.md §5).

An id is 1–64 characters of ``a-z``, ``0-9``, ``_`` and ``-``, starting with a letter or a
digit: it is a URL path segment, a database key and a prerequisite reference as written.
A learner who sends another id gets a 422. A model's framework is repaired before it is
validated: each id is slugified (accents dropped, other characters folded to ``-``) and
made unique within its kind (``-2``, ``-3`` …, an id already valid keeps its value), and
every prerequisite is rewritten to the repaired id of the concept it named.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

SAFE_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
SAFE_ID = re.compile(SAFE_ID_PATTERN)
MAX_ID_LENGTH = 64
_KINDS = ("stage", "module", "concept")


def slugify(value: object) -> str:
    """``value`` in the id alphabet, or "" when nothing of it is left."""
    text = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9_]+", "-", text).lstrip("-_")
    return text[:MAX_ID_LENGTH].rstrip("-_")


def _nodes(framework: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(kind, node) for every stage, module and concept, in reading order; what is not
    shaped like a framework is skipped (validation reports it)."""
    for stage in _dicts(framework.get("stages")):
        yield "stage", stage
        for module in _dicts(stage.get("modules")):
            yield "module", module
            for concept in _dicts(module.get("concepts")):
                yield "concept", concept


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _unique(base: str, taken: set[str]) -> str:
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = f"{base[: MAX_ID_LENGTH - len(suffix)]}{suffix}"
        number += 1
    return candidate


def repair_ids(data: Any) -> Any:
    """A copy of a model's framework with every id in the alphabet and unique in its kind,
    prerequisites pointing at the repaired ids. Ids already valid and unique are kept."""
    if not isinstance(data, dict):
        return data
    framework = copy.deepcopy(data)
    nodes = list(_nodes(framework))
    taken: dict[str, set[str]] = {kind: set() for kind in _KINDS}
    renamed: dict[str, str] = {}  # a concept id as written → the id its first holder ends with
    pending = []
    for kind, node in nodes:  # valid ids first, so that no repaired id takes one of them
        raw = node.get(f"{kind}_id")
        if isinstance(raw, str) and SAFE_ID.match(raw) and raw not in taken[kind]:
            taken[kind].add(raw)
            if kind == "concept":
                renamed.setdefault(raw, raw)
        else:
            pending.append((kind, node, raw))
    for kind, node, raw in pending:
        written = raw if isinstance(raw, str | int) else node.get("title", "")
        repaired = _unique(slugify(written) or kind, taken[kind])
        taken[kind].add(repaired)
        node[f"{kind}_id"] = repaired
        if kind == "concept" and isinstance(raw, str | int):
            renamed.setdefault(str(raw), repaired)
    for kind, node in nodes:
        if kind == "concept" and isinstance(node.get("prerequisites"), list):
            node["prerequisites"] = _repaired_prerequisites(node["prerequisites"], renamed, taken["concept"])
    return framework


def _repaired_prerequisites(written: list[Any], renamed: dict[str, str], known: set[str]) -> list[str]:
    """Each prerequisite as the id of the concept it named (by its id as written, or by that
    id's slug); one that names nothing is slugified and left for the rules to report."""
    repaired = []
    for prerequisite in written:
        text = str(prerequisite)
        slug = slugify(text)
        target = renamed.get(text) or (slug if slug in known else renamed.get(slug)) or slug
        if target:
            repaired.append(target)
    return repaired
