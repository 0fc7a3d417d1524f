"""Failures of the LLM layer; callers catch ``LLMError`` to fail one unit of work."""


class LLMError(Exception):
    pass


class LLMUnavailableError(LLMError):
    """Retries exhausted on 429 / 5xx / timeouts / connection errors."""


class LLMOutputError(LLMError):
    """The model's output did not fit the schema, even after one repair round."""

    def __init__(self, role: str, detail: str) -> None:
        super().__init__(f"{role}: output did not match the schema after one repair round: {detail}")
        self.role = role
