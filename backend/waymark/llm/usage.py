"""Token usage and cost, per call and summed per task."""

from __future__ import annotations

from dataclasses import dataclass

# USD per one million tokens (input, output). Unknown models cost 0 and are flagged.
PRICES_PER_MTOK: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o4-mini": (1.10, 4.40),
}


@dataclass
class Usage:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float = 0.0
    cost_known: bool = True

    def add(self, other: Usage) -> None:
        self.calls += other.calls
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        self.cost_usd += other.cost_usd
        self.cost_known = self.cost_known and other.cost_known


def price_call(model: str, prompt_tokens: int, completion_tokens: int) -> Usage:
    prices = PRICES_PER_MTOK.get(model) or next(
        (
            p
            for name, p in sorted(PRICES_PER_MTOK.items(), key=lambda i: -len(i[0]))
            if model.startswith(name)
        ),
        None,
    )
    cost = 0.0 if prices is None else (prompt_tokens * prices[0] + completion_tokens * prices[1]) / 1e6
    return Usage(1, prompt_tokens, completion_tokens, round(cost, 8), cost_known=prices is not None)
