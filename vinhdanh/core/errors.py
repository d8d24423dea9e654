"""Domain errors: each carries a stable code and a message fit to show the user."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID = "invalid"
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    CONFLICT = "conflict"
    INVALID_TRANSITION = "invalid_transition"


class DomainError(Exception):
    """A rule of the domain refused an operation; the message is shown to the user."""

    code: StrEnum = ErrorCode.INVALID
    http_status: int = 400

    def __init__(self, message: str, *, field: str | None = None, code: StrEnum | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code


class ValidationFailed(DomainError):
    code = ErrorCode.INVALID
    http_status = 400


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND
    http_status = 404


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    http_status = 409
