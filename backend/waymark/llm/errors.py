"""Failures of the LLM layer; callers catch ``LLMError`` to fail one unit of work."""


class LLMError(Exception):
    pass


class LLMUnavailableError(LLMError):
    """Retries exhausted on 429 / 5xx / timeouts / connection errors."""


class LLMRequestError(LLMError):
    """The provider refused the request itself (a 4xx other than 408, 409 and 429: a bad or
    missing key, an unknown model, a malformed request). Retrying cannot help."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(f"the LLM provider refused the request (HTTP {status_code}): {detail[:300]}")
        self.status_code = status_code


class LLMOutputError(LLMError):
    """The model's output did not fit the schema, even after one repair round."""

    def __init__(self, role: str, detail: str) -> None:
        super().__init__(f"{role}: output did not match the schema after one repair round: {detail}")
        self.role = role
