from __future__ import annotations

import os
import subprocess
import sys

import pytest

from waymark.settings import (
    DEV_JWT_SECRET,
    SettingsError,
    load_settings,
    to_asyncpg_url,
    to_psycopg_url,
)

STRONG_SECRET = "s" * 40


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("WAYMARK_") or name in {
            "DATABASE_URL", "REDIS_URL", "JWT_SECRET_KEY", "PORT", "CELERY_LOG_LEVEL",
            "DATABASE_POOL_SIZE", "OPENAI_API_KEY", "UVICORN_WORKERS",
        }:  # fmt: skip
            monkeypatch.delenv(name)


def test_production_names_every_missing_variable() -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = caught.value.message
    for name in ("JWT_SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        assert name in message


def test_invalid_values_are_named_together_with_missing_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PORT", "eighty")
    monkeypatch.setenv("CELERY_LOG_LEVEL", "chatty")
    monkeypatch.setenv("DATABASE_URL", "mysql://db/waymark")
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = caught.value.message
    for name in ("PORT", "CELERY_LOG_LEVEL", "DATABASE_URL", "JWT_SECRET_KEY", "REDIS_URL"):
        assert name in message, name


def test_default_jwt_secret_is_refused_outside_dev(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/w")
    monkeypatch.setenv("REDIS_URL", "redis://cache:6379/0")
    monkeypatch.setenv("JWT_SECRET_KEY", DEV_JWT_SECRET)
    with pytest.raises(SettingsError, match="JWT_SECRET_KEY: the default secret is refused"):
        load_settings()
    monkeypatch.setenv("JWT_SECRET_KEY", STRONG_SECRET)
    assert load_settings().auth.jwt_secret_key.get_secret_value() == STRONG_SECRET


def test_dev_accepts_defaults_and_embedded_services(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYMARK_ENV", "dev")
    settings = load_settings()
    assert settings.is_dev
    assert settings.db.url is None
    assert settings.redis.url is None


def test_flat_and_nested_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WAYMARK_ENV", "dev")
    monkeypatch.setenv("CELERY_LOG_LEVEL", "debug")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "12")
    monkeypatch.setenv("UVICORN_WORKERS", "3")
    monkeypatch.setenv("WAYMARK_LLM__ROLES__TUTORIAL__MODEL", "big-model")
    settings = load_settings()
    assert settings.celery.log_level == "DEBUG"
    assert settings.db.pool_size == 12
    assert settings.api.workers == 3
    assert settings.llm.roles["tutorial"].model == "big-model"


@pytest.mark.parametrize(
    ("given", "asyncpg", "psycopg"),
    [
        (
            "postgres://u:p@db.railway.internal:5432/railway",
            "postgresql+asyncpg://u:p@db.railway.internal:5432/railway",
            "postgresql://u:p@db.railway.internal:5432/railway",
        ),
        (
            "postgresql://u:p@h/db?sslmode=require",
            "postgresql+asyncpg://u:p@h/db?ssl=require",
            "postgresql://u:p@h/db?sslmode=require",
        ),
        (
            "postgresql://postgres:@/waymark?host=/tmp/sock",
            "postgresql+asyncpg://postgres:@/waymark?host=%2Ftmp%2Fsock",
            "postgresql://postgres:@/waymark?host=%2Ftmp%2Fsock",
        ),
    ],
)
def test_railway_urls_are_converted(given: str, asyncpg: str, psycopg: str) -> None:
    assert to_asyncpg_url(given) == asyncpg
    assert to_psycopg_url(given) == psycopg


def test_cli_stops_with_one_message_and_exit_code_2() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "WAYMARK_ENV"}}
    env["PORT"] = "-1"
    result = subprocess.run(
        [sys.executable, "-m", "waymark", "migrate"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("Invalid Waymark configuration:")
    for name in ("PORT", "JWT_SECRET_KEY", "DATABASE_URL", "REDIS_URL"):
        assert name in result.stderr
    assert "Traceback" not in result.stderr


def test_content_in_flight_defaults_to_32_and_is_read_from_its_flat_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WAYMARK_ENV", "dev")
    assert load_settings().celery.content_in_flight == 32
    monkeypatch.setenv("CELERY_CONTENT_IN_FLIGHT", "48")
    assert load_settings().celery.content_in_flight == 48


@pytest.mark.parametrize("value", ["0", "-3", "lots", "100000"])
def test_a_bad_content_in_flight_stops_with_its_name(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("WAYMARK_ENV", "dev")
    monkeypatch.setenv("CELERY_CONTENT_IN_FLIGHT", value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert "CELERY_CONTENT_IN_FLIGHT" in caught.value.message
