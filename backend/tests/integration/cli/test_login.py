"""``waymark login`` / ``logout``: the token lands in a private file and is never shown."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from tests.fixtures.platform import Platform
from tests.integration.cli.conftest import PASSWORD, assert_no_traceback, new_cli

pytestmark = pytest.mark.timeout(120)


def test_login_keeps_a_private_token_and_logout_forgets_it(platform: Platform, tmp_path: Path) -> None:
    user = new_cli(platform.api_url, tmp_path)
    result = user.run("login", "--register", "--email", user.email, "--password-stdin", stdin=PASSWORD + "\n")
    assert result.returncode == 0, result.stderr
    assert f"Logged in to {platform.api_url} as {user.email}" in result.stdout

    path = user.config_dir / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())
    assert saved["api_url"] == platform.api_url
    assert saved["access_token"] not in result.stdout + result.stderr

    listed = user.run("tasks")  # the stored token works
    assert listed.returncode == 0, listed.stderr
    assert "No tasks." in listed.stdout

    again = user.run("login", "--email", user.email, "--password-stdin", stdin=PASSWORD + "\n")
    assert again.returncode == 0, again.stderr  # plain login of an existing account

    assert user.run("logout").stdout.strip() == "Logged out."
    assert not path.exists()
    refused = user.run("tasks")
    assert refused.returncode == 2
    assert "not logged in" in refused.stderr
    assert_no_traceback(refused)


def test_a_wrong_password_fails_with_the_reason(platform: Platform, tmp_path: Path) -> None:
    user = new_cli(platform.api_url, tmp_path)
    user.login()
    (user.config_dir / "credentials.json").unlink()
    result = user.run("login", "--email", user.email, "--password-stdin", stdin="not the password\n")
    assert result.returncode == 2
    assert "Incorrect email or password" in result.stderr
    assert not (user.config_dir / "credentials.json").exists()
    assert_no_traceback(result)


def test_an_unreachable_api_is_an_error_message_not_a_traceback(tmp_path: Path) -> None:
    user = new_cli("http://127.0.0.1:9", tmp_path)
    result = user.run("login", "--email", user.email, "--password-stdin", stdin="x\n")
    assert result.returncode == 1
    assert "cannot reach the API at http://127.0.0.1:9" in result.stderr
    assert_no_traceback(result)
