"""Failures of the LLM layer; callers catch ``LLMError`` to fail one unit of work."""

from __future__ import annotations


class LLMError(Exception):
    pass


class LLMUnavailableError(LLMError):
    """Retries exhausted on 429 / 5xx / timeouts / connection errors."""


class LLMRequestError(LLMError):
    """The server refused the request for good (4xx other than 429: auth, bad model…)."""

    def __init__(self, role: str, status_code: int, detail: str) -> None:
        super().__init__(f"{role}: the LLM server answered HTTP {status_code}: {detail[:500]}")
        self.role = role
        self.status_code = status_code


class LLMOutputError(LLMError):
    """The model's output did not fit the schema, even after one repair round."""

    def __init__(self, role: str, detail: str) -> None:
        super().__init__(f"{role}: output did not match the schema after one repair round: {detail}")
        self.role = role
        self.detail = detail
