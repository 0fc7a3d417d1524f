"""Waymark configuration: one validated Settings object per process.

Nested groups are set with ``WAYMARK_GROUP__FIELD`` variables (``WAYMARK_DB__POOL_SIZE``); the flat
names of docs/configuration.md (``DATABASE_URL``, ``CELERY_LOG_LEVEL``…) are accepted as
aliases. ``load_settings()`` turns every validation problem into one message that
names each bad variable.
"""

from __future__ import annotations

import os
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic.fields import FieldInfo
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

DEV_JWT_SECRET = "waymark-dev-secret-change-me-not-for-production"  # noqa: S105 - the refused default

# flat env name -> (group, field); docs/configuration.md
FLAT_ALIASES: dict[str, tuple[str, ...]] = {
    "DATABASE_URL": ("db", "url"),
    "DATABASE_POOL_SIZE": ("db", "pool_size"),
    "REDIS_URL": ("redis", "url"),
    "JWT_SECRET_KEY": ("auth", "jwt_secret_key"),
    "OPENAI_API_KEY": ("llm", "api_key"),
    "OPENAI_BASE_URL": ("llm", "base_url"),
    "LLM_MODEL": ("llm", "model"),
    "TAVILY_API_KEY": ("search", "api_key"),
    "TAVILY_BASE_URL": ("search", "base_url"),
    "FLOWER_BASIC_AUTH": ("celery", "flower_basic_auth"),
    "FLOWER_PORT": ("celery", "flower_port"),
    "CELERY_WORKFLOW_CONCURRENCY": ("celery", "workflow_concurrency"),
    "CELERY_CONTENT_CONCURRENCY": ("celery", "content_concurrency"),
    "CELERY_CONTENT_IN_FLIGHT": ("celery", "content_in_flight"),
    "CELERY_LOGS_CONCURRENCY": ("celery", "logs_concurrency"),
    "CELERY_LOG_LEVEL": ("celery", "log_level"),
    "CELERY_WORKFLOW_LENDS_TO_CONTENT": ("celery", "workflow_lends_to_content"),
    "PORT": ("api", "port"),
    "UVICORN_WORKERS": ("api", "workers"),
    "METRICS_TOKEN": ("api", "metrics_token"),
    "FORWARDED_ALLOW_IPS": ("api", "forwarded_allow_ips"),
    "TRUSTED_PROXY_HOPS": ("api", "trusted_proxy_hops"),
    "MAX_CONCEPTS_PER_ROADMAP": ("roadmap", "max_concepts"),
    "ROADMAP_TRASH_DAYS": ("roadmap", "trash_days"),
    "SERVICE_TYPE": ("service_type",),
    "WAYMARK_ENV": ("env",),
    "LOG_LEVEL": ("log_level",),
}


class Environment(StrEnum):
    DEV = "dev"
    TEST = "test"
    PRODUCTION = "production"


def _split_query(url: str) -> tuple[SplitResult, dict[str, str]]:
    parts = urlsplit(url)
    return parts, dict(parse_qsl(parts.query, keep_blank_values=True))


def to_asyncpg_url(url: str) -> str:
    """``postgres://``/``postgresql://`` (Railway style) -> SQLAlchemy asyncpg URL."""
    parts, query = _split_query(url)
    if "sslmode" in query:  # asyncpg names it ``ssl``
        query["ssl"] = query.pop("sslmode")
    return urlunsplit(parts._replace(scheme="postgresql+asyncpg", query=urlencode(query)))


def to_psycopg_url(url: str) -> str:
    """Any accepted Postgres URL -> libpq URL for psycopg 3 (the checkpointer)."""
    parts, query = _split_query(url)
    if "ssl" in query and "sslmode" not in query:
        query["sslmode"] = query.pop("ssl")
    return urlunsplit(parts._replace(scheme="postgresql", query=urlencode(query)))


class DatabaseSettings(BaseModel):
    url: str | None = None
    pool_size: int = Field(default=5, ge=1, le=100)
    max_overflow: int = Field(default=5, ge=0, le=100)
    connect_timeout_s: float = Field(default=5.0, gt=0)
    pool_timeout_s: float = Field(
        default=30.0, gt=0, description="wait this long for a pooled connection; then the API answers 503"
    )
    ping_after_idle_s: float = Field(
        default=10.0, ge=0, description="the API tests a pooled connection only after this much idleness"
    )

    @field_validator("url")
    @classmethod
    def _postgres_only(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        scheme = urlsplit(value).scheme
        if scheme not in {"postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg"}:
            raise ValueError(f"must be a postgresql:// URL, got scheme {scheme!r}")
        return value

    @property
    def sqlalchemy_url(self) -> str:
        return to_asyncpg_url(self._required())

    @property
    def psycopg_url(self) -> str:
        return to_psycopg_url(self._required())

    def _required(self) -> str:
        if not self.url:
            raise RuntimeError("DATABASE_URL is not set and no embedded database was started")
        return self.url


class RedisSettings(BaseModel):
    url: str | None = None

    @property
    def required_url(self) -> str:
        if not self.url:
            raise RuntimeError("REDIS_URL is not set and no embedded Redis was started")
        return self.url

    @field_validator("url")
    @classmethod
    def _redis_only(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        if urlsplit(value).scheme not in {"redis", "rediss"}:
            raise ValueError("must be a redis:// or rediss:// URL")
        return value


class AuthSettings(BaseModel):
    jwt_secret_key: SecretStr = SecretStr(DEV_JWT_SECRET)
    jwt_algorithm: str = "HS256"
    access_token_ttl_s: int = Field(default=3600, ge=60, le=30 * 24 * 3600)
    session_cache_s: float = Field(
        default=30,
        ge=0,
        le=3600,
        description="how long an API process trusts a session it found live without re-reading it; "
        "bounds how late a sign-out reaches a process that missed its Redis announcement",
    )


class RoleModel(BaseModel):
    """Per-role overrides; unset fields fall back to the LLM group defaults."""

    model: str | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=200_000)


class LLMSettings(BaseModel):
    api_key: SecretStr | None = None
    base_url: str | None = None
    model: str = "gpt-4o-mini"
    temperature: float = Field(default=0.3, ge=0, le=2)
    max_tokens: int = Field(default=4096, ge=1, le=200_000)
    timeout_s: float = Field(default=120.0, gt=0)
    max_retries: int = Field(default=5, ge=0, le=20)
    max_concurrency: int = Field(
        default=64, ge=1, le=1000, description="LLM calls in flight in the whole deployment"
    )
    requests_per_minute: int = Field(default=500, ge=1)
    roles: dict[str, RoleModel] = Field(default_factory=dict)


class SearchSettings(BaseModel):
    api_key: SecretStr | None = None
    base_url: str | None = None
    max_results: int = Field(default=8, ge=1, le=20)
    timeout_s: float = Field(default=30.0, gt=0)


class CelerySettings(BaseModel):
    workflow_concurrency: int = Field(default=2, ge=1, le=64)
    content_concurrency: int = Field(
        default=160,
        ge=1,
        le=1024,
        description="concept jobs one content process holds at once (threads that wait on its loop); "
        "above the largest roadmap, so another learner's concepts are within reach of the fair slots",
    )
    content_in_flight: int = Field(
        default=32,
        ge=1,
        le=512,
        description="content units (LLM calls) one content process runs at once, shared fairly "
        "between tasks (docs/queues.md, 'Many units in flight')",
    )
    logs_concurrency: int = Field(default=2, ge=1, le=64)
    log_level: str = "INFO"
    workflow_lends_to_content: bool = Field(
        default=False,
        description="the celery_workflow service also takes content units while no workflow job "
        "waits, and hands a concept back after its current unit when one arrives (docs/queues.md)",
    )
    flower_basic_auth: SecretStr | None = None
    flower_port: int = Field(default=5555, ge=1, le=65535)
    reap_interval_s: float = Field(default=15.0, gt=0)
    lease_s: float = Field(default=60.0, gt=0, description="workflow run lease, renewed every third")
    content_lease_s: float = Field(
        default=90.0, gt=0, description="a content unit's lease, renewed every third"
    )
    content_dispatch_grace_s: float = Field(
        default=300.0, gt=0, description="a dispatched unit is not sent again for this long while it waits"
    )
    max_unit_attempts: int = Field(
        default=3, ge=1, le=20, description="claims of one content unit (workers lost) before it fails"
    )
    idle_grace_s: float = Field(default=60.0, gt=0, description="active, unleased and idle → stale")
    max_attempts: int = Field(default=5, ge=1, le=50)
    active_task_cap: int = Field(default=3, ge=1, le=100)
    shared_queue: str | None = Field(
        default=None, description="benchmark comparison only: route every task to this one queue"
    )
    durability: Literal["waymark", "stock"] = Field(
        default="waymark",
        description="benchmark comparison only (bench/chaos_soak.py): 'stock' runs as most Celery "
        "deployments do: early acks, the default visibility timeout, no leases, no reaper",
    )

    @property
    def durable(self) -> bool:
        return self.durability == "waymark"

    checkpoint_retention_days: float = Field(default=7.0, gt=0)
    log_retention_days: float = Field(default=30.0, gt=0)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level


class APISettings(BaseModel):
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=64)
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    cors_origins: list[str] = Field(default_factory=lambda: ["http://localhost:3000"])
    rate_limit_per_minute: int = Field(default=600, ge=1, description="requests per user per minute")
    task_create_per_minute: int = Field(default=20, ge=1, description="new tasks per user per minute")
    auth_per_minute: int = Field(default=30, ge=1, description="register/login calls per client IP")
    sse_heartbeat_s: float = Field(default=15.0, gt=0, le=300)
    max_streams_per_user: int = Field(default=6, ge=1, le=100, description="open SSE/WebSocket streams")
    max_streams_per_process: int = Field(
        default=200, ge=1, le=10_000, description="open streams per API process (and its stream Redis pool)"
    )
    forwarded_allow_ips: str = Field(
        default="127.0.0.1",
        description="proxies whose X-Forwarded-For is trusted (comma-separated, or * behind Railway's edge)",
    )
    trusted_proxy_hops: int = Field(
        default=0,
        ge=0,
        le=5,
        description="proxies in front that each append to X-Forwarded-For: the client is the entry "
        "this many places from the right (1 behind Railway's edge); 0 leaves it to FORWARDED_ALLOW_IPS",
    )
    access_log: Literal["all", "problems"] = Field(
        default="problems", description="log every request, or only failed (4xx/5xx) and slow ones"
    )
    slow_request_ms: float = Field(default=1000.0, gt=0, description="a request this slow is logged")
    redis_pool_size: int = Field(default=64, ge=2, le=10_000, description="the API's other Redis connections")
    metrics_token: SecretStr | None = Field(
        default=None, description="when set, /metrics needs 'Authorization: Bearer <token>'"
    )


class MentorSettings(BaseModel):
    """The mentor (docs/mentor.md); its model is the ``mentor`` LLM role
    (``WAYMARK_LLM__ROLES__MENTOR__MODEL``)."""

    calls_per_minute: int = Field(default=10, ge=1, le=10_000, description="mentor questions per user")
    max_streams_per_user: int = Field(default=2, ge=1, le=100, description="mentor answers streaming at once")
    max_streams_per_process: int = Field(default=100, ge=1, le=10_000)
    history_messages: int = Field(default=6, ge=0, le=50, description="earlier turns sent with a question")
    daily_tokens: int = Field(
        default=200_000, ge=1, le=100_000_000, description="mentor tokens per user per UTC day (the ledger)"
    )
    answer_max_tokens: int = Field(
        default=1024, ge=64, le=16_000, description="the cap on one answer's length, sent as max_tokens"
    )


class RoadmapSettings(BaseModel):
    max_concepts: int = Field(
        default=150, ge=1, le=2400, description="concepts per roadmap; each costs up to three generations"
    )
    trash_days: float = Field(
        default=30.0,
        gt=0,
        le=3650,
        description="days a deleted roadmap stays restorable",
    )


class FlatAliasSource(PydanticBaseSettingsSource):
    """Reads the flat variable names of docs/configuration.md into their nested groups."""

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # unused: __call__ does the work

    def __call__(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for env_name, path in FLAT_ALIASES.items():
            value = os.environ.get(env_name)
            if value is None:
                continue
            target = data
            for key in path[:-1]:
                target = target.setdefault(key, {})
            target[path[-1]] = value
        return data


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_nested_delimiter="__",
        env_prefix="WAYMARK_",
        extra="ignore",
        case_sensitive=False,
    )

    env: Environment = Environment.PRODUCTION
    log_level: str = "INFO"
    service_type: str | None = None
    state_dir: Path = Path(".waymark")
    db: DatabaseSettings = DatabaseSettings()
    redis: RedisSettings = RedisSettings()
    auth: AuthSettings = AuthSettings()
    llm: LLMSettings = LLMSettings()
    search: SearchSettings = SearchSettings()
    celery: CelerySettings = CelerySettings()
    api: APISettings = APISettings()
    roadmap: RoadmapSettings = RoadmapSettings()
    mentor: MentorSettings = MentorSettings()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, FlatAliasSource(settings_cls), env_settings)

    @model_validator(mode="after")
    def _production_needs_real_services(self) -> Settings:
        if self.env is Environment.PRODUCTION:
            problems = production_problems(
                self.auth.jwt_secret_key.get_secret_value(), self.db.url, self.redis.url
            )
            if problems:
                raise ValueError("; ".join(problems))
        return self

    @property
    def is_dev(self) -> bool:
        return self.env is not Environment.PRODUCTION


def production_problems(jwt_secret: str | None, db_url: str | None, redis_url: str | None) -> list[str]:
    problems = []
    if not jwt_secret or jwt_secret == DEV_JWT_SECRET:
        problems.append("JWT_SECRET_KEY: the default secret is refused outside dev")
    elif len(jwt_secret) < 32:
        problems.append("JWT_SECRET_KEY: must be at least 32 characters outside dev")
    if not db_url:
        problems.append("DATABASE_URL: required outside dev (no embedded database)")
    if not redis_url:
        problems.append("REDIS_URL: required outside dev (no embedded Redis)")
    return problems


def _raw_production_problems() -> list[str]:
    """The production checks on raw variables, for when other fields already failed."""
    env = os.environ.get("WAYMARK_ENV", Environment.PRODUCTION.value).lower()
    if env != Environment.PRODUCTION.value:
        return []
    get = os.environ.get
    return production_problems(
        get("JWT_SECRET_KEY") or get("WAYMARK_AUTH__JWT_SECRET_KEY"),
        get("DATABASE_URL") or get("WAYMARK_DB__URL"),
        get("REDIS_URL") or get("WAYMARK_REDIS__URL"),
    )


class SettingsError(SystemExit):
    """Raised at start-up with one message naming every bad variable."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _env_name(loc: tuple[int | str, ...]) -> str:
    path = tuple(str(part) for part in loc)
    for env_name, alias_path in FLAT_ALIASES.items():
        if path[: len(alias_path)] == alias_path:
            return env_name
    return "__".join(part.upper() for part in path) or "configuration"


def describe_validation_error(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["loc"]:
            lines.append(f"  {_env_name(item['loc'])}: {message}")
        else:
            lines.extend(f"  {part.strip()}" for part in message.split(";"))
    if not any(not item["loc"] for item in error.errors()):
        lines.extend(f"  {problem}" for problem in _raw_production_problems())
    return "Invalid Waymark configuration:\n" + "\n".join(lines)


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise SettingsError(describe_validation_error(error)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
