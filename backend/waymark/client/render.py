"""Terminal text for tasks and roadmaps: the roadmap tree, review summaries, the tasks table.
Pure functions from API JSON to lines; the caller writes them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

CONTENT_TYPES = ("tutorial", "resources", "quiz")


@dataclass(frozen=True)
class Glyphs:
    branch: str
    last: str
    pipe: str
    blank: str
    status: Mapping[str | None, str]
    bar_full: str
    bar_empty: str
    dot: str


UNICODE = Glyphs(
    branch="├─ ",
    last="└─ ",
    pipe="│  ",
    blank="   ",
    status={"completed": "✓", "failed": "✗", "generating": "…", "pending": "·", None: "–"},
    bar_full="█",
    bar_empty="░",
    dot="·",
)
ASCII = Glyphs(
    branch="|- ",
    last="`- ",
    pipe="|  ",
    blank="   ",
    status={"completed": "ok", "failed": "FAILED", "generating": "...", "pending": "pending", None: "-"},
    bar_full="#",
    bar_empty="-",
    dot="-",
)


def glyphs_for(encoding: str | None) -> Glyphs:
    """Box drawing only where the output can encode it."""
    try:
        "".join([UNICODE.branch, UNICODE.pipe, UNICODE.bar_full, *UNICODE.status.values()]).encode(
            encoding or "ascii"
        )
    except (UnicodeEncodeError, LookupError):
        return ASCII
    return UNICODE


def hours(value: Any) -> str:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return "?h"
    return f"{number:g}h"


ContentStatuses = dict[str, dict[str, str | None]]


def content_statuses(roadmap: Mapping[str, Any]) -> ContentStatuses:
    """concept_id → content type → status, from GET /roadmaps/{id}'s ``concepts``."""
    statuses: ContentStatuses = {}
    for concept in roadmap.get("concepts") or []:
        content = concept.get("content") or {}
        statuses[str(concept.get("concept_id"))] = {
            kind: (content.get(kind) or {}).get("status") for kind in CONTENT_TYPES if kind in content
        }
    return statuses


def _concept_line(concept: Mapping[str, Any], statuses: ContentStatuses | None, g: Glyphs) -> str:
    details = [hours(concept.get("estimated_hours"))]
    if concept.get("difficulty"):
        details.append(str(concept["difficulty"]))
    line = f"{concept.get('title', '?')}  ({f' {g.dot} '.join(details)})"
    if statuses is not None:
        mine = statuses.get(str(concept.get("concept_id")), {})
        if mine:
            line += "  " + " ".join(
                f"{kind} {g.status.get(status, status or '?')}" for kind, status in mine.items()
            )
    return line


def roadmap_tree(
    framework: Mapping[str, Any], statuses: ContentStatuses | None = None, g: Glyphs = UNICODE
) -> list[str]:
    """Stages → modules → concepts, with hours, difficulty and (when given) content status."""
    header = str(framework.get("title") or "Untitled roadmap")
    if framework.get("total_estimated_hours") is not None:
        header += f" {g.dot} {hours(framework['total_estimated_hours'])}"
    if framework.get("recommended_weeks"):
        header += f" over {framework['recommended_weeks']} weeks"
    lines = [header]
    stages = sorted(framework.get("stages") or [], key=lambda s: s.get("order", 0))
    for s_index, stage in enumerate(stages):
        s_last = s_index == len(stages) - 1
        lines.append((g.last if s_last else g.branch) + f"Stage {s_index + 1}: {stage.get('title', '?')}")
        s_pad = g.blank if s_last else g.pipe
        modules = stage.get("modules") or []
        for m_index, module in enumerate(modules):
            m_last = m_index == len(modules) - 1
            lines.append(s_pad + (g.last if m_last else g.branch) + f"Module: {module.get('title', '?')}")
            m_pad = s_pad + (g.blank if m_last else g.pipe)
            concepts = module.get("concepts") or []
            for c_index, concept in enumerate(concepts):
                branch = g.last if c_index == len(concepts) - 1 else g.branch
                lines.append(m_pad + branch + _concept_line(concept, statuses, g))
    return lines


def validation_summary(validation: Mapping[str, Any] | None) -> list[str]:
    if not validation:
        return ["Validation: not available"]
    issues = validation.get("issues") or []
    lines = [f"Validation: {'passed' if validation.get('valid') else 'needs attention'}"]
    for issue in issues:
        if isinstance(issue, Mapping):
            where = f" [{issue['location']}]" if issue.get("location") else ""
            lines.append(f"  - {issue.get('message') or issue.get('code')}{where}")
        else:
            lines.append(f"  - {issue}")
    quality = validation.get("quality")
    if isinstance(quality, Mapping) and quality.get("overall") is not None:
        scores = quality.get("scores") or {}
        detail = ", ".join(
            f"{name} {value:g}" for name, value in scores.items() if isinstance(value, int | float)
        )
        lines.append(f"Quality: {quality['overall']:g}/10" + (f" ({detail})" if detail else ""))
        lines.extend(f"  - {issue}" for issue in quality.get("issues") or [])
    return lines


def money(value: Any) -> str:
    try:
        return f"${float(value):.4f}"
    except (TypeError, ValueError):
        return "$?"


def estimate_line(estimate: Mapping[str, Any] | None) -> str | None:
    if not estimate:
        return None
    basis = f" ({estimate['basis']})" if estimate.get("basis") else ""
    return (
        f"Estimate for content{basis}: {estimate.get('concepts', '?')} concepts, "
        f"~{estimate.get('llm_calls', '?')} LLM calls, "
        f"~{estimate.get('prompt_tokens', '?')} prompt + {estimate.get('completion_tokens', '?')} "
        f"completion tokens, ~{money(estimate.get('cost_usd'))}"
    )


def usage_line(usage: Mapping[str, Any] | None) -> str:
    usage = usage or {}
    return (
        f"Usage: {usage.get('llm_calls', 0)} LLM calls, {usage.get('prompt_tokens', 0)} prompt + "
        f"{usage.get('completion_tokens', 0)} completion tokens, {money(usage.get('cost_usd', 0))}"
    )


def _cell(text: Any, width: int) -> str:
    value = "" if text is None else str(text)
    return value if len(value) <= width else value[: width - 1] + "…"


def tasks_table(page: Mapping[str, Any], goal_width: int = 40) -> list[str]:
    items = page.get("items") or []
    if not items:
        return ["No tasks."]
    columns = ("ID", "STATUS", "STEP", "PROG", "CREATED", "GOAL")
    rows = [
        (
            str(item.get("id", "")),
            str(item.get("status", "")),
            str(item.get("current_step") or ""),
            f"{item.get('progress') or 0}%",
            str(item.get("created_at") or "")[:16].replace("T", " "),
            _cell(item.get("goal"), goal_width),
        )
        for item in items
    ]
    widths = [max(len(col), *(len(row[i]) for row in rows)) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(w) for col, w in zip(columns, widths, strict=True)).rstrip()]
    lines.extend("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in rows)
    counts = page.get("status_counts") or {}
    summary = ", ".join(f"{status} {n}" for status, n in sorted(counts.items()) if n)
    shown = f"{len(items)} of {page.get('total', len(items))} tasks"
    lines.append(f"{shown}" + (f" ({summary})" if summary else ""))
    return lines
