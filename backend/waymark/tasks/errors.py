"""Domain errors that carry their HTTP status; one handler in the app turns any of them into
``{"detail": …}`` (plus ``status`` for a state conflict), so routes never build error bodies."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel

from waymark.roadmaps.rules import StructureIssue


class ErrorBody(BaseModel):
    detail: str


class ConflictBody(ErrorBody):
    status: str | None = None


class DomainError(Exception):
    status_code: ClassVar[int] = 400
    description: ClassVar[str] = "Bad request"
    body_model: ClassVar[type[BaseModel]] = ErrorBody

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail}

    def headers(self) -> dict[str, str]:
        return {}

    @classmethod
    def response(cls, description: str | None = None) -> dict[int | str, dict[str, Any]]:
        """The OpenAPI ``responses=`` entry of a route that may raise this error."""
        return {cls.status_code: {"description": description or cls.description, "model": cls.body_model}}


class NotFoundError(DomainError):
    status_code = 404
    description = "Not found (or not yours)"


class TaskNotFoundError(NotFoundError):
    def __init__(self) -> None:
        super().__init__("Task not found")


class RoadmapNotFoundError(NotFoundError):
    def __init__(self, what: str = "Roadmap not found") -> None:
        super().__init__(what)


class ConflictError(DomainError):
    status_code = 409
    description = "Not allowed in the current state"
    body_model = ConflictBody


class TaskStateError(ConflictError):
    """The task's status does not allow this transition; the body names the status."""

    def __init__(self, current: str | None, wanted: str, reason: str | None = None) -> None:
        super().__init__(reason or f"task is {current}; {wanted} is not allowed now")
        self.current = current

    def body(self) -> dict[str, Any]:
        return {"detail": self.detail, "status": self.current}


class ActiveTaskLimitError(ConflictError):
    description = "Too many active tasks"

    def __init__(self, cap: int) -> None:
        super().__init__(f"you already have {cap} active tasks; wait for one to finish or cancel one")
        self.cap = cap


class ServiceUnavailableError(DomainError):
    status_code = 503
    description = "A service Waymark depends on is unavailable right now; retry shortly"


class UnprocessableError(DomainError):
    status_code = 422
    description = "The request cannot be carried out as sent"


class InvalidFrameworkError(DomainError):
    """A learner's framework breaks structure rules: 422 with one entry per issue, each with
    the ``loc`` of its node (the shape of FastAPI's own validation errors)."""

    status_code = 422
    description = "The framework breaks a structure rule"

    def __init__(self, issues: list[StructureIssue]) -> None:
        super().__init__("; ".join(issue.message for issue in issues))
        self.issues = issues

    def body(self) -> dict[str, Any]:
        return {
            "detail": [
                {"loc": ["body", "framework", *issue.loc], "msg": issue.message, "type": issue.code}
                for issue in self.issues
            ]
        }
