"""One client layer on the ``openai`` SDK for every OpenAI-compatible server.

Structured outputs use ``response_format`` JSON schema, falling back to JSON mode for
servers that refuse it; outputs are validated with Pydantic and repaired once.
Retries (408 / 409 / 429 / 5xx / timeouts) are ours, with jittered exponential backoff
that honours ``Retry-After``; the SDK's own retries are off. Any other 4xx (a bad key, an
unknown model) fails at once as ``LLMRequestError``: retrying cannot help. Create it inside the event
loop that uses it (the OpenAI client is built lazily on first call).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

import openai
import redis.asyncio as aioredis
import structlog
from openai import AsyncOpenAI
from pydantic import BaseModel, ValidationError

from waymark.llm.errors import LLMOutputError, LLMRequestError, LLMUnavailableError
from waymark.llm.limiter import RedisLimiter
from waymark.llm.usage import Usage, price_call
from waymark.logging import REDACTED, redact_text
from waymark.settings import LLMSettings

T = TypeVar("T", bound=BaseModel)
Messages = list[dict[str, str]]
log = structlog.get_logger(__name__)

MAX_BACKOFF_S = 30.0
RETRYABLE_STATUS = frozenset({408, 409, 429})  # and every 5xx
# base_urls whose server refused response_format json_schema; JSON mode is used there.
_JSON_MODE_ONLY: set[str] = set()


@dataclass(frozen=True)
class RoleConfig:
    model: str
    temperature: float
    max_tokens: int


@dataclass
class LLMResult(Generic[T]):
    output: T
    usage: Usage


class _Retryable(Exception):
    def __init__(self, reason: str, retry_after_s: float | None, status: int | None = None) -> None:
        super().__init__(reason)
        self.retry_after_s = retry_after_s
        self.status = status


def _retry_after(error: openai.APIStatusError) -> float | None:
    value = error.response.headers.get("retry-after")
    try:
        return min(float(value), MAX_BACKOFF_S * 2) if value is not None else None
    except ValueError:
        return None


class LLMClient:
    def __init__(self, settings: LLMSettings, redis: aioredis.Redis | None = None) -> None:
        self.settings = settings
        self.base_url = settings.base_url or "https://api.openai.com/v1"
        self.provider = urlsplit(self.base_url).netloc or "default"
        self._client: AsyncOpenAI | None = None
        self._limiter = (
            RedisLimiter(
                redis,
                self.provider,
                max_concurrency=settings.max_concurrency,
                requests_per_minute=settings.requests_per_minute,
                lease_s=settings.timeout_s + 30,
            )
            if redis is not None
            else None
        )

    @property
    def client(self) -> AsyncOpenAI:
        if self._client is None:
            api_key = self.settings.api_key.get_secret_value() if self.settings.api_key else "not-needed"
            self._client = AsyncOpenAI(
                api_key=api_key,
                base_url=self.base_url,
                max_retries=0,
                timeout=self.settings.timeout_s,
            )
        return self._client

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

    async def structured(self, role: str, messages: Messages, output_model: type[T]) -> LLMResult[T]:
        """Call ``role`` and return its output validated as ``output_model``."""
        usage = Usage()
        text = await self._complete(role, messages, output_model, usage)
        try:
            return LLMResult(output_model.model_validate_json(text), usage)
        except ValidationError as first_error:
            log.warning("llm.output.invalid", role=role, errors=first_error.error_count())
            repair = [
                *messages,
                {"role": "assistant", "content": text[:20_000]},
                {
                    "role": "user",
                    "content": "Your reply did not match the required JSON schema:\n"
                    f"{_short_errors(first_error)}\nReply again with only the corrected JSON object.",
                },
            ]
        text = await self._complete(role, repair, output_model, usage)
        try:
            return LLMResult(output_model.model_validate_json(text), usage)
        except ValidationError as second_error:
            raise LLMOutputError(role, _short_errors(second_error)) from second_error

    async def _complete(
        self, role: str, messages: Messages, output_model: type[BaseModel], usage: Usage
    ) -> str:
        config = self.role_config(role)
        for attempt in range(self.settings.max_retries + 1):
            try:
                return await self._call_once(role, config, messages, output_model, usage)
            except _Retryable as retryable:
                if attempt == self.settings.max_retries:
                    raise LLMUnavailableError(
                        f"{role}: gave up after {attempt + 1} tries: {retryable}"
                    ) from None
                delay = retryable.retry_after_s
                if delay is None:
                    delay = min(MAX_BACKOFF_S, 0.5 * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311
                log.info(
                    "llm.call.retry",
                    role=role,
                    attempt=attempt + 1,
                    delay_s=round(delay, 2),
                    reason=str(retryable),
                )
                if retryable.status == 429 and self._limiter is not None:
                    await self._limiter.pause(delay)  # every process waits, not only this call
                await asyncio.sleep(delay)
        raise AssertionError("unreachable")

    def _refused(self, error: openai.APIStatusError) -> LLMRequestError:
        """The provider's refusal, without the API key: some providers and gateways echo the
        key they were sent, and the message reaches the learner as the unit's error."""
        detail = redact_text(error.message)
        if self.settings.api_key and (key := self.settings.api_key.get_secret_value()):
            detail = detail.replace(key, REDACTED)
        return LLMRequestError(error.status_code, detail)

    async def _call_once(
        self,
        role: str,
        config: RoleConfig,
        messages: Messages,
        output_model: type[BaseModel],
        usage: Usage,
    ) -> str:
        json_mode = self.base_url in _JSON_MODE_ONLY
        request: dict[str, Any] = {
            "model": config.model,
            "temperature": config.temperature,
            "max_tokens": config.max_tokens,
            "messages": _with_schema_hint(messages, output_model) if json_mode else messages,
            "response_format": {"type": "json_object"} if json_mode else _json_schema_format(output_model),
        }
        started = time.perf_counter()
        try:
            if self._limiter is None:
                response = await self.client.chat.completions.create(**request)
            else:
                async with self._limiter.slot():
                    response = await self.client.chat.completions.create(**request)
        except openai.BadRequestError as error:
            if not json_mode and "response_format" in str(error):
                log.warning("llm.json_schema.unsupported", base_url=self.base_url)
                _JSON_MODE_ONLY.add(self.base_url)
                return await self._call_once(role, config, messages, output_model, usage)
            raise self._refused(error) from error
        except openai.APIStatusError as error:
            if error.status_code in RETRYABLE_STATUS or error.status_code >= 500:
                raise _Retryable(
                    f"HTTP {error.status_code}", _retry_after(error), error.status_code
                ) from error
            raise self._refused(error) from error
        except (openai.APITimeoutError, openai.APIConnectionError) as error:
            raise _Retryable(type(error).__name__, None) from error
        call_usage = price_call(
            config.model,
            response.usage.prompt_tokens if response.usage else 0,
            response.usage.completion_tokens if response.usage else 0,
        )
        usage.add(call_usage)
        log.info(
            "llm.call.completed",
            role=role,
            model=config.model,
            prompt_tokens=call_usage.prompt_tokens,
            completion_tokens=call_usage.completion_tokens,
            cost_usd=call_usage.cost_usd,
            cost_known=call_usage.cost_known,
            duration_ms=round((time.perf_counter() - started) * 1000, 1),
        )
        return response.choices[0].message.content or ""

    async def stream_text(
        self, role: str, messages: Messages, usage: Usage, max_tokens: int | None = None
    ) -> AsyncIterator[str]:
        """Call ``role`` for free text and yield it as it arrives (for the mentor, in the API
        process). The limiter's slot is held while the text streams; failures before the first
        piece are retried like any call, a failure after it raises (a retry would repeat text
        the reader already has). ``usage`` gets the call's tokens: the server's count from the
        final chunk, or an estimate from the text (4 characters a token) when it sends none."""
        config = self.role_config(role)
        request: dict[str, Any] = {
            "model": config.model,
            "temperature": config.temperature,
            "max_tokens": max_tokens or config.max_tokens,
            "messages": messages,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        for attempt in range(self.settings.max_retries + 1):
            started, sent = time.perf_counter(), 0
            try:
                async with self._slot():
                    async for piece in self._stream_once(role, config, request, usage, started):
                        sent += len(piece)
                        yield piece
                return
            except _Retryable as retryable:
                if sent or attempt == self.settings.max_retries:
                    raise LLMUnavailableError(f"{role}: the stream failed: {retryable}") from None
                delay = retryable.retry_after_s
                if delay is None:
                    delay = min(MAX_BACKOFF_S, 0.5 * 2**attempt) * random.uniform(0.5, 1.0)  # noqa: S311
                log.info("llm.call.retry", role=role, attempt=attempt + 1, delay_s=round(delay, 2))
                await asyncio.sleep(delay)

    def _slot(self) -> Any:
        return self._limiter.slot() if self._limiter is not None else contextlib.nullcontext()

    async def _stream_once(
        self, role: str, config: RoleConfig, request: dict[str, Any], usage: Usage, started: float
    ) -> AsyncIterator[str]:
        try:
            stream = await self.client.chat.completions.create(**request)
        except openai.APIStatusError as error:
            if error.status_code in RETRYABLE_STATUS or error.status_code >= 500:
                raise _Retryable(f"HTTP {error.status_code}", _retry_after(error)) from error
            raise self._refused(error) from error
        except (openai.APITimeoutError, openai.APIConnectionError) as error:
            raise _Retryable(type(error).__name__, None) from error
        text_chars, counted = 0, None
        try:
            async for chunk in stream:
                if chunk.usage is not None:
                    counted = (chunk.usage.prompt_tokens, chunk.usage.completion_tokens)
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if piece:
                    text_chars += len(piece)
                    yield piece
        except (openai.APITimeoutError, openai.APIConnectionError) as error:
            raise _Retryable(type(error).__name__, None) from error
        finally:
            prompt_chars = sum(len(m.get("content", "")) for m in request["messages"])
            prompt_tokens, completion_tokens = counted or (prompt_chars // 4, max(1, text_chars // 4))
            call_usage = price_call(config.model, prompt_tokens, completion_tokens)
            usage.add(call_usage)
            log.info(
                "llm.call.completed",
                role=role,
                model=config.model,
                stream=True,
                prompt_tokens=prompt_tokens,
                completion_tokens=completion_tokens,
                cost_usd=call_usage.cost_usd,
                usage_counted=counted is not None,
                duration_ms=round((time.perf_counter() - started) * 1000, 1),
            )
            await stream.close()

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.close()


def _json_schema_format(output_model: type[BaseModel]) -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {"name": output_model.__name__, "schema": output_model.model_json_schema()},
    }


def _with_schema_hint(messages: Messages, output_model: type[BaseModel]) -> Messages:
    schema = json.dumps(output_model.model_json_schema(), separators=(",", ":"))
    hint = {
        "role": "system",
        "content": f"Reply with one JSON object matching this JSON schema: {schema}",
    }
    return [*messages, hint]


def _short_errors(error: ValidationError) -> str:
    return "; ".join(
        f"{'.'.join(str(p) for p in item['loc']) or '(root)'}: {item['msg']}" for item in error.errors()[:10]
    )
