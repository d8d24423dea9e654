"""Errors the movement rules raise; messages are shown to the user as they are."""

from __future__ import annotations

from collections.abc import Mapping

from vinhdanh.core.errors import Conflict, ErrorCode, ValidationFailed


class ValuesRejected(ValidationFailed):
    """Some entered values are invalid; `errors` maps indicator code to the reason."""

    def __init__(self, message: str, *, errors: Mapping[str, str]):
        super().__init__(message)
        self.errors = dict(errors)


class ValuesLocked(Conflict):
    """The values are approved; the level above must reopen them first."""


class RuleViolationsUnexplained(ValidationFailed):
    """Approval needs the rule violations corrected or explained by the unit."""

    code = ErrorCode.INVALID
