"""One client layer on the ``openai`` SDK for every OpenAI-compatible server
(OpenAI, Ollama, vLLM, LM Studio, the built-in simulator).

``structured(role, messages, Model)`` asks for ``response_format: json_schema``
(strict where the schema allows), falls back to JSON mode on servers that refuse it
(remembered per base URL), validates the reply with Pydantic and, when it does not
fit, sends the validation error back for ONE repair round before raising
``LLMOutputError``. Retries on 429 / 5xx / timeouts are ours (the SDK's are off),
each HTTP call has an explicit timeout, and a Redis limiter shared by every process
bounds concurrency and requests per minute per provider.

Create the client anywhere; its async resources (the OpenAI HTTP client, a Redis
client built from ``redis_url``) are made on first use, inside the running loop.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import openai
import redis.asyncio as aioredis
import structlog
from openai import AsyncOpenAI
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ValidationError

from waymark.llm import formats
from waymark.llm.errors import LLMOutputError, LLMRequestError, LLMUnavailableError
from waymark.llm.limiter import RedisLimiter
from waymark.llm.retry import RetryPolicy, classify
from waymark.llm.usage import Usage, price_call
from waymark.settings import LLMSettings

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
log = structlog.get_logger(__name__)

DEFAULT_BASE_URL = "https://api.openai.com/v1"
LEASE_MARGIN_S = 30.0  # a limiter slot outlives the longest call by this much
MAX_REPAIR_ECHO = 20_000  # characters of a bad reply sent back in the repair round


@dataclass(frozen=True)
class RoleConfig:
    model: str
    temperature: float
    max_tokens: int


@dataclass
class LLMResult(Generic[T]):
    output: T
    usage: Usage  # every HTTP call this result took, the repair round included
    role: str = ""
    model: str = ""
    repaired: bool = False
    json_mode: bool = False


def provider_key(base_url: str) -> str:
    """The limiter's key for a server: its host (and port)."""
    return urlsplit(base_url).netloc or "default"


class LLMClient:
    def __init__(
        self,
        settings: LLMSettings,
        redis: aioredis.Redis | None = None,
        *,
        redis_url: str | None = None,
    ) -> None:
        """``redis`` (or ``redis_url``, connected lazily) enables the shared limiter."""
        self.settings = settings
        self.base_url = settings.base_url or DEFAULT_BASE_URL
        self.provider = provider_key(self.base_url)
        self.retry = RetryPolicy(settings.max_retries, settings.backoff_base_s, settings.backoff_max_s)
        self._redis = redis
        self._redis_url = redis_url
        self._owns_redis = False
        self._client: AsyncOpenAI | None = None
        self._limiter: RedisLimiter | None = None

    @property
    def client(self) -> AsyncOpenAI:
        if self._client is None:
            api_key = self.settings.api_key.get_secret_value() if self.settings.api_key else "not-needed"
            self._client = AsyncOpenAI(
                api_key=api_key, base_url=self.base_url, max_retries=0, timeout=self.settings.timeout_s
            )
        return self._client

    @property
    def limiter(self) -> RedisLimiter | None:
        if self._limiter is None:
            if self._redis is None and self._redis_url:
                self._redis = aioredis.Redis.from_url(self._redis_url)
                self._owns_redis = True
            if self._redis is not None:
                self._limiter = RedisLimiter(
                    self._redis,
                    self.provider,
                    max_concurrency=self.settings.max_concurrency,
                    requests_per_minute=self.settings.requests_per_minute,
                    lease_s=self.settings.timeout_s + LEASE_MARGIN_S,
                )
        return self._limiter

    def role_config(self, role: str) -> RoleConfig:
        override = self.settings.roles.get(role)
        return RoleConfig(
            model=(override and override.model) or self.settings.model,
            temperature=(
                override.temperature
                if override and override.temperature is not None
                else self.settings.temperature
            ),
            max_tokens=(override and override.max_tokens) or self.settings.max_tokens,
        )

    async def structured(
        self, role: str, messages: Messages, output_model: type[T], *, timeout_s: float | None = None
    ) -> LLMResult[T]:
        """Call ``role`` and return its reply validated as ``output_model``.

        Raises ``LLMOutputError`` (invalid twice), ``LLMUnavailableError`` (retries
        exhausted) or ``LLMRequestError`` (refused for good); all are ``LLMError``.
        """
        config = self.role_config(role)
        usage = Usage()
        call = _Call(role, config, output_model, timeout_s or self.settings.timeout_s)
        text = await self._complete(call, messages, usage)
        try:
            output = output_model.model_validate_json(text)
            return LLMResult(output, usage, role, config.model, json_mode=call.json_mode)
        except ValidationError as first_error:
            log.warning("llm.output.invalid", role=role, errors=_short_errors(first_error), repair=True)
            repair = [
                *messages,
                {"role": "assistant", "content": text[:MAX_REPAIR_ECHO]},
                {
                    "role": "user",
                    "content": "Your reply did not match the required JSON schema. Problems:\n"
                    f"{_short_errors(first_error)}\nReply again with only the corrected JSON object.",
                },
            ]
        text = await self._complete(call, repair, usage)
        try:
            output = output_model.model_validate_json(text)
        except ValidationError as second_error:
            log.error("llm.output.failed", role=role, errors=_short_errors(second_error))
            raise LLMOutputError(role, _short_errors(second_error)) from second_error
        log.info("llm.output.repaired", role=role)
        return LLMResult(output, usage, role, config.model, repaired=True, json_mode=call.json_mode)

    async def _complete(self, call: _Call, messages: Messages, usage: Usage) -> str:
        """One reply's text, riding out transient failures."""
        for attempt in range(self.retry.max_retries + 1):
            try:
                return await self._call_once(call, messages, usage)
            except (openai.APIStatusError, openai.APIConnectionError) as error:
                transient = classify(error)
                if transient is None:
                    raise self._final_error(call.role, error) from error
                if attempt == self.retry.max_retries:
                    log.error("llm.call.gave_up", role=call.role, tries=attempt + 1, reason=transient.reason)
                    raise LLMUnavailableError(
                        f"{call.role}: gave up after {attempt + 1} tries: {transient.reason}"
                    ) from error
                delay = self.retry.delay(attempt, transient.retry_after_s)
                log.info(
                    "llm.call.retry",
                    role=call.role,
                    attempt=attempt + 1,
                    delay_s=round(delay, 3),
                    reason=transient.reason,
                )
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _final_error(self, role: str, error: Exception) -> LLMRequestError:
        status = error.status_code if isinstance(error, openai.APIStatusError) else 0
        log.error("llm.call.refused", role=role, status_code=status, error=str(error)[:300])
        return LLMRequestError(role, status, str(error))

    async def _call_once(self, call: _Call, messages: Messages, usage: Usage) -> str:
        call.json_mode = json_mode = formats.uses_json_mode(self.base_url, self.settings.response_format)
        request: dict[str, Any] = {
            "model": call.config.model,
            "temperature": call.config.temperature,
            "max_tokens": call.config.max_tokens,
            "messages": formats.json_mode_messages(messages, call.output_model) if json_mode else messages,
            "response_format": (
                {"type": "json_object"} if json_mode else formats.json_schema_format(call.output_model)
            ),
            "timeout": call.timeout_s,
        }
        started = time.perf_counter()
        try:
            response = await self._send(request)
        except openai.APIStatusError as error:
            if not call.json_mode and formats.refuses_json_schema(error.status_code, str(error)):
                if self.settings.response_format == "auto":
                    log.warning("llm.json_schema.unsupported", base_url=self.base_url, role=call.role)
                    formats.remember_json_mode(self.base_url)
                    return await self._call_once(call, messages, usage)
            raise
        return self._record(call, response, usage, time.perf_counter() - started)

    async def _send(self, request: dict[str, Any]) -> ChatCompletion:
        limiter = self.limiter
        response: ChatCompletion
        if limiter is None:
            response = await self.client.chat.completions.create(**request)
        else:
            async with limiter.slot():
                response = await self.client.chat.completions.create(**request)
        return response

    def _record(self, call: _Call, response: ChatCompletion, usage: Usage, elapsed_s: float) -> str:
        tokens = response.usage
        call_usage = price_call(
            call.config.model,
            tokens.prompt_tokens if tokens else 0,
            tokens.completion_tokens if tokens else 0,
        )
        usage.add(call_usage)
        choice = response.choices[0] if response.choices else None
        log.info(
            "llm.call.completed",
            role=call.role,
            model=call.config.model,
            json_mode=call.json_mode,
            prompt_tokens=call_usage.prompt_tokens,
            completion_tokens=call_usage.completion_tokens,
            cost_usd=call_usage.cost_usd,
            cost_known=call_usage.cost_known,
            finish_reason=choice.finish_reason if choice else None,
            duration_ms=round(elapsed_s * 1000, 1),
        )
        return (choice.message.content or "") if choice else ""

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()
            self._client = None
        if self._owns_redis and self._redis is not None:
            await self._redis.aclose()
            self._redis, self._limiter, self._owns_redis = None, None, False


@dataclass
class _Call:
    role: str
    config: RoleConfig
    output_model: type[BaseModel]
    timeout_s: float
    json_mode: bool = False


def _short_errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or '(root)'}: {item['msg']}" for item in error.errors()[:10]
    )
