"""Error codes of the units app, carried by DomainError subclasses."""

from __future__ import annotations

from enum import StrEnum


class UnitErrorCode(StrEnum):
    CODE_TAKEN = "unit_code_taken"
    BAD_CODE = "unit_bad_code"
    BAD_KIND = "unit_bad_kind"
    BAD_DATE = "unit_bad_date"
    BAD_LINEAGE = "unit_bad_lineage"
