"""The REST API client (httpx) and the credentials file it authenticates with.

The token is only ever sent to the API it was issued by: credentials remember their
``api_url`` and a client for another URL refuses to use them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

DEFAULT_API_URL = "http://127.0.0.1:8000"
CREDENTIALS_FILE = "credentials.json"
REQUEST_TIMEOUT_S = 30.0
MAX_RATE_LIMIT_WAIT_S = 30.0
RATE_LIMIT_RETRIES = 3

# Exit codes (docs/cli.md): 2 for a request the user has to change, 1 for everything else.
EXIT_FAILED = 1
EXIT_USAGE = 2
_USER_ERRORS = frozenset({400, 401, 403, 404, 409, 413, 422})


class ApiError(Exception):
    """An answer the command cannot go on with; ``message`` is shown to the user."""

    def __init__(self, message: str, status: int | None = None, *, exit_code: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self._exit_code = exit_code

    @property
    def exit_code(self) -> int:
        if self._exit_code is not None:
            return self._exit_code
        return EXIT_USAGE if self.status in _USER_ERRORS else EXIT_FAILED


def describe_detail(detail: Any) -> str:
    """FastAPI's ``detail``: a string, or a list of validation errors with ``loc`` and ``msg``."""
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict) and "msg" in item:
                loc = ".".join(str(p) for p in item.get("loc", []) if p != "body")
                parts.append(f"{loc}: {item['msg']}" if loc else str(item["msg"]))
            else:
                parts.append(json.dumps(item))
        return "; ".join(parts)
    return json.dumps(detail)


def error_from(response: httpx.Response, hint: str = "") -> ApiError:
    try:
        detail = describe_detail(response.json().get("detail", response.text))
    except (ValueError, AttributeError):
        detail = response.text.strip()[:500] or response.reason_phrase
    return ApiError(f"{detail} (HTTP {response.status_code}){hint}", response.status_code)


# --- credentials -------------------------------------------------------------------------


def config_dir() -> Path:
    configured = os.environ.get("WAYMARK_CONFIG_DIR")
    return Path(configured) if configured else Path.home() / ".config" / "waymark"


@dataclass(frozen=True)
class Credentials:
    api_url: str
    access_token: str
    expires_at: float

    def __repr__(self) -> str:  # never let the token reach a log line or a traceback
        return f"Credentials(api_url={self.api_url!r}, expires_at={self.expires_at})"

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at


def credentials_path() -> Path:
    return config_dir() / CREDENTIALS_FILE


def load_credentials() -> Credentials | None:
    try:
        raw = json.loads(credentials_path().read_text())
        return Credentials(str(raw["api_url"]), str(raw["access_token"]), float(raw["expires_at"]))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as error:
        raise ApiError(f"{credentials_path()} is damaged ({error}); run `waymark login`", 401) from error


def save_credentials(credentials: Credentials) -> Path:
    """Written with mode 0600 from the start (no window where others could read it)."""
    path = credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as file:
        json.dump(asdict(credentials), file)
    path.chmod(0o600)  # an existing file keeps its old mode through O_CREAT
    return path


def delete_credentials() -> bool:
    try:
        credentials_path().unlink()
    except FileNotFoundError:
        return False
    return True


def resolve_api_url(flag: str | None) -> str:
    """``--api`` wins, then WAYMARK_API_URL, then the API we logged in to, then the default."""
    url = flag or os.environ.get("WAYMARK_API_URL")
    if not url:
        try:
            saved = load_credentials()
        except ApiError:  # a damaged file must not stand in the way of `waymark login`
            saved = None
        url = saved.api_url if saved else DEFAULT_API_URL
    return url.rstrip("/")


# --- the client ----------------------------------------------------------------------------


class ApiClient:
    def __init__(self, api_url: str, token: str | None = None, timeout_s: float = REQUEST_TIMEOUT_S) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        self.api_url = api_url
        self._has_token = token is not None
        self.http = httpx.Client(base_url=api_url, headers=headers, timeout=timeout_s)

    @classmethod
    def authenticated(cls, api_url: str) -> ApiClient:
        saved = load_credentials()
        if saved is None or saved.api_url != api_url:
            raise ApiError(f"not logged in to {api_url}; run `waymark login`", 401)
        if saved.expired:
            raise ApiError("your session has expired; run `waymark login`", 401)
        return cls(api_url, saved.access_token)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """One call; waits out a 429's Retry-After (bounded) and raises ApiError on failure."""
        retries = 0
        while True:
            try:
                response = self.http.request(method, path, **kwargs)
            except httpx.TransportError as error:
                raise ApiError(f"cannot reach the API at {self.api_url}: {error}") from error
            wait_s = _retry_after(response) if response.status_code == 429 else None
            if wait_s is not None and wait_s <= MAX_RATE_LIMIT_WAIT_S and retries < RATE_LIMIT_RETRIES:
                retries += 1
                time.sleep(wait_s)
                continue
            if response.is_error:
                raise self._error(response)
            return response

    def _error(self, response: httpx.Response) -> ApiError:
        expired = response.status_code == 401 and self._has_token
        return error_from(response, " - run `waymark login`" if expired else "")

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.request(method, path, **kwargs).json()

    # auth
    def login(self, email: str, password: str) -> dict[str, Any]:
        token: dict[str, Any] = self.json(
            "POST", "/api/v1/auth/login", json={"email": email, "password": password}
        )
        return token

    def register(self, email: str, password: str) -> None:
        self.request("POST", "/api/v1/auth/register", json={"email": email, "password": password})

    # tasks
    def create_task(
        self, goal: str, preferences: dict[str, Any], idempotency_key: str | None
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        body = {"goal": goal, "preferences": preferences}
        created: dict[str, Any] = self.json("POST", "/api/v1/tasks", json=body, headers=headers)
        return created

    def list_tasks(self, status: str | None, limit: int, offset: int) -> dict[str, Any]:
        params: dict[str, str | int] = {"limit": limit, "offset": offset}
        if status:
            params["status"] = status
        page: dict[str, Any] = self.json("GET", "/api/v1/tasks", params=params)
        return page

    def get_task(self, task_id: str) -> dict[str, Any]:
        task: dict[str, Any] = self.json("GET", f"/api/v1/tasks/{task_id}")
        return task

    def review(self, task_id: str, decision: str, **fields: Any) -> dict[str, Any]:
        body = {"decision": decision, **fields}
        answer: dict[str, Any] = self.json("POST", f"/api/v1/tasks/{task_id}/review", json=body)
        return answer

    # roadmaps
    def get_roadmap(self, roadmap_id: str) -> dict[str, Any]:
        roadmap: dict[str, Any] = self.json("GET", f"/api/v1/roadmaps/{roadmap_id}")
        return roadmap

    def export(self, roadmap_id: str, export_format: str) -> httpx.Response:
        return self.request("GET", f"/api/v1/roadmaps/{roadmap_id}/export", params={"format": export_format})

    # events
    @contextmanager
    def open_event_stream(
        self, task_id: str, last_event_id: str | None, read_timeout_s: float
    ) -> Iterator[httpx.Response]:
        """The task's SSE response, open; raises ApiError on an error status and lets
        httpx.TransportError through (the reader reconnects on those)."""
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(REQUEST_TIMEOUT_S, read=read_timeout_s)
        path = f"/api/v1/tasks/{task_id}/events"
        with self.http.stream("GET", path, headers=headers, timeout=timeout) as response:
            if response.is_error:
                response.read()
                raise self._error(response)
            yield response


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", "1")))
    except ValueError:
        return MAX_RATE_LIMIT_WAIT_S + 1  # an HTTP date: too long to wait here
