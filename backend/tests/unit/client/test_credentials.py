"""The credentials file: private, tied to the API that issued the token, never printed."""

from __future__ import annotations

import stat
import time
from pathlib import Path

import pytest

from waymark.client.http import (
    ApiClient,
    ApiError,
    Credentials,
    delete_credentials,
    describe_detail,
    load_credentials,
    resolve_api_url,
    save_credentials,
)


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WAYMARK_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.delenv("WAYMARK_API_URL", raising=False)
    return tmp_path / "cfg"


def test_saved_credentials_are_readable_by_the_owner_only(config_dir: Path) -> None:
    path = save_credentials(Credentials("http://api:8000", "secret-token", time.time() + 60))
    assert path == config_dir / "credentials.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_credentials()
    assert loaded is not None and loaded.access_token == "secret-token"
    assert "secret-token" not in repr(loaded)
    path.chmod(0o644)
    save_credentials(Credentials("http://api:8000", "newer", time.time() + 60))
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert delete_credentials() and not delete_credentials()
    assert load_credentials() is None


def test_the_api_url_comes_from_the_flag_then_env_then_login(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_api_url(None) == "http://127.0.0.1:8000"
    save_credentials(Credentials("http://logged-in:9000", "t", time.time() + 60))
    assert resolve_api_url(None) == "http://logged-in:9000"
    monkeypatch.setenv("WAYMARK_API_URL", "http://env:1/")
    assert resolve_api_url(None) == "http://env:1"
    assert resolve_api_url("http://flag:2") == "http://flag:2"


def test_a_token_is_never_sent_to_another_api_nor_used_once_expired() -> None:
    with pytest.raises(ApiError, match="not logged in to http://other") as raised:
        ApiClient.authenticated("http://other")
    assert raised.value.exit_code == 2
    save_credentials(Credentials("http://api", "t", time.time() - 1))
    with pytest.raises(ApiError, match="expired"):
        ApiClient.authenticated("http://api")
    save_credentials(Credentials("http://api", "t", time.time() + 60))
    with ApiClient.authenticated("http://api") as api:
        assert api.http.headers["Authorization"] == "Bearer t"


def test_a_damaged_file_asks_for_a_new_login(config_dir: Path) -> None:
    config_dir.mkdir()
    (config_dir / "credentials.json").write_text("{not json")
    with pytest.raises(ApiError, match="waymark login"):
        load_credentials()


def test_error_details_read_like_sentences() -> None:
    assert describe_detail("Task not found") == "Task not found"
    validation = [
        {
            "loc": ["body", "goal"],
            "msg": "String should have at least 3 characters",
            "type": "string_too_short",
        },
        {"loc": ["body"], "msg": "Value error, an edit needs the edited framework"},
    ]
    assert describe_detail(validation) == (
        "goal: String should have at least 3 characters; Value error, an edit needs the edited framework"
    )
    assert describe_detail({"a": 1}) == '{"a": 1}'
