"""Token usage and cost: per call (``Usage``) and summed per task (``UsageTotals``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from waymark.llm.pricing import PRICES_PER_MTOK, price_for

__all__ = ["PRICES_PER_MTOK", "Usage", "UsageTotals", "price_call"]


@dataclass
class Usage:
    """What one ``structured()`` call cost: every HTTP call it made, repairs included."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cost_known: bool = True

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cost_usd = round(self.cost_usd + other.cost_usd, 8)
        self.cost_known = self.cost_known and other.cost_known

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass
class UsageTotals(Usage):
    """A task's running total, with a breakdown per role."""

    by_role: dict[str, Usage] = field(default_factory=dict)

    def add(self, other: Usage, role: str | None = None) -> None:
        super().add(other)
        if role is not None:
            self.by_role.setdefault(role, Usage()).add(other)


def price_call(model: str, prompt_tokens: int, completion_tokens: int) -> Usage:
    """One HTTP call's usage; an unknown model costs 0 with ``cost_known=False``."""
    price = price_for(model)
    cost = 0.0 if price is None else price.cost(prompt_tokens, completion_tokens)
    return Usage(1, prompt_tokens, completion_tokens, round(cost, 8), cost_known=price is not None)
