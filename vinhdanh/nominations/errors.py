"""Errors of the nominations workflow, each with a stable code and a user-facing message."""

from __future__ import annotations

from enum import StrEnum

from vinhdanh.core.errors import DomainError


class ErrorCode(StrEnum):
    FORBIDDEN_TRANSITION = "forbidden_transition"
    REASON_REQUIRED = "reason_required"
    DOSSIER_INCOMPLETE = "dossier_incomplete"
    NOTICE_RUNNING = "notice_running"
    NOTICE_REQUIRED = "notice_required"
    BAD_FILE = "bad_file"
    RATE_LIMITED = "rate_limited"
    NO_APPROVED_LINES = "no_approved_lines"
    PDF_CONVERSION_FAILED = "pdf_conversion_failed"
    SIGNATURE_INVALID = "signature_invalid"
    COUNCIL_VOTE_REQUIRED = "council_vote_required"


class ForbiddenTransition(DomainError):
    code: StrEnum = ErrorCode.FORBIDDEN_TRANSITION
    http_status = 409


class ReasonRequired(DomainError):
    code: StrEnum = ErrorCode.REASON_REQUIRED
    http_status = 400


class DossierIncomplete(DomainError):
    code: StrEnum = ErrorCode.DOSSIER_INCOMPLETE
    http_status = 409


class NoticeRunning(DomainError):
    code: StrEnum = ErrorCode.NOTICE_RUNNING
    http_status = 409


class BadFile(DomainError):
    code: StrEnum = ErrorCode.BAD_FILE
    http_status = 400


class RateLimited(DomainError):
    code: StrEnum = ErrorCode.RATE_LIMITED
    http_status = 429


class ConversionFailed(DomainError):
    code: StrEnum = ErrorCode.PDF_CONVERSION_FAILED
    http_status = 503


class SignatureInvalid(DomainError):
    code: StrEnum = ErrorCode.SIGNATURE_INVALID
    http_status = 400


class CouncilVoteRequired(DomainError):
    code: StrEnum = ErrorCode.COUNCIL_VOTE_REQUIRED
    http_status = 409
