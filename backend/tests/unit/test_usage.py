from __future__ import annotations

import pytest

from waymark.llm.usage import Usage, price_call


def test_known_model_is_priced_per_million_tokens() -> None:
    usage = price_call("gpt-4o-mini", 1_000_000, 1_000_000)
    assert usage.cost_usd == pytest.approx(0.75)
    assert usage.cost_known


def test_dated_model_names_use_their_family_price() -> None:
    assert price_call("gpt-4o-mini-2024-07-18", 1_000_000, 0).cost_usd == pytest.approx(0.15)


def test_unknown_model_costs_zero_and_is_flagged() -> None:
    usage = price_call("llama3:8b", 5000, 5000)
    assert usage.cost_usd == 0
    assert not usage.cost_known


def test_usage_sums_per_task() -> None:
    total = Usage()
    total.add(price_call("gpt-4o", 1000, 500))
    total.add(price_call("mystery", 10, 10))
    assert total.calls == 2
    assert total.prompt_tokens == 1010
    assert not total.cost_known
