"""Errors the council rules raise; messages are shown to the user as they are."""

from __future__ import annotations

from enum import StrEnum

from vinhdanh.core.errors import DomainError


class CouncilErrorCode(StrEnum):
    ALREADY_VOTED = "already_voted"
    POLL_NOT_OPEN = "poll_not_open"
    WRONG_METHOD = "wrong_method"
    BAD_BALLOT = "bad_ballot"
    BAD_TALLY = "bad_tally"
    NO_TERM = "no_term"
    NOT_ELIGIBLE = "not_eligible"


class AlreadyVoted(DomainError):
    """The member's ballot (or written opinion) is already recorded: one per member."""

    code: StrEnum = CouncilErrorCode.ALREADY_VOTED
    http_status = 409


class PollStateError(DomainError):
    """The poll is not in a state that allows the operation (draft, open, closed)."""

    code: StrEnum = CouncilErrorCode.POLL_NOT_OPEN
    http_status = 409


class BallotInvalid(DomainError):
    code: StrEnum = CouncilErrorCode.BAD_BALLOT
    http_status = 400


class TallyInvalid(DomainError):
    code: StrEnum = CouncilErrorCode.BAD_TALLY
    http_status = 400
