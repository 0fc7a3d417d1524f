"""Secrets never reach the log output, whichever way they arrive."""

from __future__ import annotations

import io
import json
import logging

import pytest
import structlog

from waymark.logging import configure_logging

SECRETS = [
    "sk-proj-abcdefghijklmnop1234",
    "tvly-dev-qrstuvwxyz987654",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXZhbHVl",
    "hunter2-the-password",
    "pg-password-xyz",
]


@pytest.fixture(params=[True, False], ids=["json", "console"])
def captured(request: pytest.FixtureRequest) -> io.StringIO:
    stream = io.StringIO()
    configure_logging(json_output=request.param, level="DEBUG", stream=stream)
    return stream


def test_secret_named_fields_and_secret_shaped_strings_are_redacted(captured: io.StringIO) -> None:
    log = structlog.get_logger("test")
    log.info(
        "user.signup",
        password=SECRETS[3],
        api_key=SECRETS[0],
        headers={"Authorization": f"Bearer {SECRETS[2]}", "Accept": "application/json"},
        note=f"calling with {SECRETS[1]}",
        dsn=f"postgresql://waymark:{SECRETS[4]}@db:5432/waymark",
    )
    output = captured.getvalue()
    for secret in SECRETS:
        assert secret not in output
    assert "user.signup" in output
    assert "application/json" in output  # harmless values survive
    assert "postgresql://waymark:[REDACTED]@db:5432/waymark" in output


def test_stdlib_loggers_and_tracebacks_are_redacted(captured: io.StringIO) -> None:
    logging.getLogger("uvicorn.error").warning("token is %s", SECRETS[0])
    try:
        raise RuntimeError(f"upstream said no to {SECRETS[1]}")
    except RuntimeError:
        structlog.get_logger("test").exception("llm.call.failed")
    output = captured.getvalue()
    assert SECRETS[0] not in output
    assert SECRETS[1] not in output
    assert "llm.call.failed" in output
    assert "RuntimeError" in output


def test_json_output_is_one_object_per_line() -> None:
    stream = io.StringIO()
    configure_logging(json_output=True, level="INFO", stream=stream)
    structlog.contextvars.bind_contextvars(request_id="r-1")
    structlog.get_logger("test").info("task.created", task_id="t-1")
    structlog.contextvars.clear_contextvars()
    record = json.loads(stream.getvalue().strip().splitlines()[-1])
    assert record["event"] == "task.created"
    assert record["request_id"] == "r-1"
    assert record["level"] == "info"


def test_a_traceback_never_shows_the_local_variables_of_its_frames(captured: io.StringIO) -> None:
    def sign_in() -> None:
        passphrase = "plain-words-a-redactor-cannot-recognise"
        raise RuntimeError(f"login failed ({len(passphrase)} characters)")

    try:
        sign_in()
    except RuntimeError as error:
        structlog.get_logger("test").exception("auth.failed")
        structlog.get_logger("test").error("auth.failed.again", exc_info=error)  # as the API does
    output = captured.getvalue()
    assert output.count("RuntimeError: login failed (39 characters)") == 2
    assert "plain-words" not in output
