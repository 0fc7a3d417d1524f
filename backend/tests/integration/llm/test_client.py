"""The production LLM client against the simulator over real HTTP."""

from __future__ import annotations

import httpx
import pytest
import redis.asyncio as aioredis

from tests.fixtures.sim import Simulator
from waymark.content import prompts as content_prompts
from waymark.content.schemas import Quiz
from waymark.llm.client import LLMClient
from waymark.llm.errors import LLMOutputError, LLMUnavailableError
from waymark.roadmaps.framework import RoadmapFramework, concepts
from waymark.roadmaps.rules import validate_framework
from waymark.settings import Settings
from waymark.workflow import prompts
from waymark.workflow.schemas import IntentAnalysis

GOAL = "Learn Rust for embedded work, 6 h/week"
PREFS = {"level": "beginner", "weekly_hours": 6}


async def test_every_role_returns_schema_valid_topic_aware_output(llm: LLMClient, sim: Simulator) -> None:
    intent = await llm.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert intent.output.topic == "Rust"
    framework = await llm.structured(
        "curriculum", prompts.curriculum_messages(GOAL, PREFS, intent.output.model_dump()), RoadmapFramework
    )
    titles = [c["title"] for c in concepts(framework.output.model_dump())]
    assert titles and all("Rust" in title for title in titles)
    assert validate_framework(framework.output.model_dump(), weekly_hours=6) == []
    quiz = await llm.structured(
        "quiz", content_prompts.quiz_messages({"title": titles[0]}, "Rust", "summary", None), Quiz
    )
    assert 4 <= len(quiz.output.questions) <= 8
    assert sim.calls("intent") == sim.calls("curriculum") == sim.calls("quiz") == 1
    assert intent.usage.calls == 1 and intent.usage.prompt_tokens > 0 and intent.usage.completion_tokens > 0


async def test_invalid_output_is_repaired_once(llm: LLMClient, sim: Simulator) -> None:
    sim.configure(fault_script=["invalid"])
    result = await llm.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert result.output.topic == "Rust"
    assert sim.calls("intent") == 2  # the bad answer, then the repaired one
    assert result.usage.calls == 2


async def test_malformed_json_is_repaired_once(llm: LLMClient, sim: Simulator) -> None:
    sim.configure(fault_script=["malformed"])
    result = await llm.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert result.output.level == "beginner"
    assert sim.calls("intent") == 2


async def test_persistent_invalid_output_fails_with_a_clear_error(llm: LLMClient, sim: Simulator) -> None:
    sim.configure(fault_script=["invalid", "invalid", "invalid"])
    with pytest.raises(LLMOutputError, match="intent: output did not match the schema after one repair"):
        await llm.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert sim.calls("intent") == 2  # one try, one repair, then stop


async def test_a_burst_of_429s_is_ridden_out(llm: LLMClient, sim: Simulator) -> None:
    sim.configure(fault_script=["429", "429", "429"], retry_after_s=0.05)
    result = await llm.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert result.output.topic == "Rust"
    assert sim.stats()["faults"]["429"] == 3
    assert sim.calls("intent") == 4


async def test_5xx_beyond_the_retry_budget_gives_up(
    sim_settings: Settings, async_redis: aioredis.Redis, sim: Simulator
) -> None:
    settings = sim_settings.llm.model_copy(update={"max_retries": 1})
    client = LLMClient(settings, async_redis)
    sim.configure(fault_script=["500", "500", "500"])
    with pytest.raises(LLMUnavailableError, match="gave up after 2 tries"):
        await client.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    await client.aclose()


async def test_falls_back_to_json_mode_when_json_schema_is_refused(
    sim_settings: Settings, async_redis: aioredis.Redis, sim: Simulator
) -> None:
    # a distinct base URL, so the remembered fallback does not leak into other tests
    settings = sim_settings.llm.model_copy(update={"base_url": sim.urls.llm_base_url + "/"})
    client = LLMClient(settings, async_redis)
    sim.configure(reject_json_schema=True)
    result = await client.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert result.output.topic == "Rust"
    second = await client.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert second.usage.calls == 1  # the fallback is remembered: no refused request first
    await client.aclose()


async def test_per_role_model_settings_reach_the_server(
    sim_settings: Settings, async_redis: aioredis.Redis
) -> None:
    settings = sim_settings.llm.model_copy(
        update={"roles": {"quiz": {"model": "quiz-model", "temperature": 0.9, "max_tokens": 99}}}
    )
    client = LLMClient(type(sim_settings.llm).model_validate(settings.model_dump()), async_redis)
    assert client.role_config("quiz").model == "quiz-model"
    assert client.role_config("quiz").max_tokens == 99
    assert client.role_config("intent").model == sim_settings.llm.model
    await client.aclose()


def test_simulator_streams_chat_completions(sim: Simulator) -> None:
    body = {
        "model": "sim",
        "stream": True,
        "messages": [
            {"role": "system", "content": "[waymark-role: intent]"},
            {"role": "user", "content": GOAL},
        ],
    }
    with httpx.stream("POST", f"{sim.urls.llm_base_url}/chat/completions", json=body, timeout=10) as response:
        lines = [line for line in response.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    assert len(lines) >= 3


async def test_a_hung_call_times_out_and_is_retried(
    sim_settings: Settings, async_redis: aioredis.Redis, sim: Simulator
) -> None:
    client = LLMClient(sim_settings.llm.model_copy(update={"timeout_s": 0.5}), async_redis)
    sim.configure(fault_script=["hang"], hang_s=3)
    result = await client.structured("intent", prompts.intent_messages(GOAL, PREFS), IntentAnalysis)
    assert result.output.topic == "Rust"
    assert sim.stats()["faults"] == {"hang": 1}
    assert sim.calls("intent") == 2
    await client.aclose()
