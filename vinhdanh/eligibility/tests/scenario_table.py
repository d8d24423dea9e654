"""Scenario rows for test_scenarios: the verdict and which conditions decide it.

`blocking` is the exact set of condition types whose failure makes the verdict
not_eligible; `pending` are condition types (or qualitative keys) that must be among those
left to a person. No database is used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from vinhdanh.eligibility.engine import VerdictKind
from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.tests.builders import (
    initiative,
)

ELIGIBLE = VerdictKind.ELIGIBLE
NOT = VerdictKind.NOT_ELIGIBLE
CONFIRM = VerdictKind.NEEDS_CONFIRMATION
CSTDCS = "chien_si_thi_dua_co_so"
CSTD_BT = "chien_si_thi_dua_bo_tinh"


@dataclass(frozen=True)
class Scenario:
    id: str
    award: str
    history: m.SubjectHistory
    verdict: VerdictKind
    blocking: frozenset[str] = frozenset()
    pending: frozenset[str] = frozenset()
    year: int = 2025
    proposal: date | None = None
    rule_set: str | None = None
    failed_somewhere: frozenset[str] = field(default_factory=frozenset)


def s(
    id: str,
    award: str,
    history: m.SubjectHistory,
    verdict: VerdictKind,
    *,
    blocking: set[str] | None = None,
    pending: set[str] | None = None,
    year: int = 2025,
    proposal: date | None = None,
    rule_set: str | None = None,
    failed_somewhere: set[str] | None = None,
) -> Scenario:
    return Scenario(
        id,
        award,
        history,
        verdict,
        frozenset(blocking or ()),
        frozenset(pending or ()),
        year,
        proposal,
        rule_set,
        frozenset(failed_somewhere or ()),
    )


D = date
GRASSROOTS_INITIATIVE = initiative(D(2025, 5, 10))
PROVINCE_INITIATIVE = initiative(
    D(2025, 4, 2), scope="ministry_province", effect="applied_and_replicable"
)
