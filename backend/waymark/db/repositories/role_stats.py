"""Running LLM usage totals per role: the basis of content cost estimates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from waymark.db.models import LLMRoleStats
from waymark.llm.usage import Usage


@dataclass(frozen=True)
class RoleAverage:
    """Mean usage of one unit of work of a role (a tutorial, a quiz, one validation…)."""

    items: int
    calls: float
    prompt_tokens: float
    completion_tokens: float
    cost_usd: float


async def record_role_usage(session: AsyncSession, role: str, usage: Usage) -> None:
    """Add one unit of work of ``role`` and what it cost."""
    values = {
        "items": 1,
        "calls": usage.calls,
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "cost_usd": Decimal(str(usage.cost_usd)),
    }
    statement = insert(LLMRoleStats).values(role=role[:32], **values)
    table = LLMRoleStats.__table__.c
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[LLMRoleStats.role],
            set_={name: table[name] + statement.excluded[name] for name in values}
            | {"updated_at": func.now()},
        )
    )


async def role_averages(session: AsyncSession) -> dict[str, RoleAverage]:
    rows = await session.execute(select(LLMRoleStats).where(LLMRoleStats.items > 0))
    return {
        row.role: RoleAverage(
            items=row.items,
            calls=row.calls / row.items,
            prompt_tokens=row.prompt_tokens / row.items,
            completion_tokens=row.completion_tokens / row.items,
            cost_usd=float(row.cost_usd) / row.items,
        )
        for row in rows.scalars()
    }
