"""Rule sets as plain data: what the catalogue hands to the engine.

A condition is kept as the mapping awards.yaml uses (`{"type": "task_rating", ...}`,
`{"any_of": [...]}`), so rules edited as data by an administrator need no code change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

Condition = Mapping[str, object]


@dataclass(frozen=True)
class LegalRef:
    """One `legal_basis` entry: document id, article, clause, point."""

    doc: str
    article: int | None = None
    clause: str | None = None
    point: str | None = None


@dataclass(frozen=True)
class LegalDocument:
    id: str
    number: str


@dataclass(frozen=True)
class Variant:
    """Criteria for one population; applies when `when` holds for the subject."""

    when: Condition
    criteria: tuple[Condition, ...]
    legal_basis: tuple[LegalRef, ...] = ()


@dataclass(frozen=True)
class AwardRules:
    """One award type (title or commendation form) as in force in one rule set."""

    code: str
    name_vi: str
    name_en: str
    kind: str
    subjects: tuple[str, ...]
    frequency: str | None
    criteria: tuple[Condition, ...]
    variants: tuple[Variant, ...]
    exclusions: tuple[Condition, ...]
    legal_basis: tuple[LegalRef, ...]
    # Keys present in the source ("individual", "collective", "household") with the raw
    # value: a number, "max:<x>" or None. A missing key means the source is silent.
    money: Mapping[str, object]
    classes: Mapping[str, Mapping[str, object]]


@dataclass(frozen=True)
class RuleSet:
    """The awards in force between two dates, with the citations of their general rules."""

    id: str
    effective_from: date
    effective_to: date | None
    awards: Mapping[str, AwardRules]
    # Citations for the general rules (pending review, discipline, maternity, ...).
    general_basis: Mapping[str, str]
    money_basis: str

    def in_force_on(self, day: date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


@dataclass(frozen=True)
class BaseSalary:
    start: date
    end: date | None
    amount: int
    legal_basis: str


@dataclass(frozen=True)
class RuleBook:
    """Every rule set, the legal documents they cite, and the base-salary table."""

    rule_sets: tuple[RuleSet, ...]
    legal_documents: Mapping[str, LegalDocument]
    base_salaries: tuple[BaseSalary, ...]
    household_multiplier: Decimal

    def rule_set_on(self, day: date) -> RuleSet | None:
        for rule_set in self.rule_sets:
            if rule_set.in_force_on(day):
                return rule_set
        return None

    def base_salary_on(self, day: date) -> BaseSalary | None:
        for row in self.base_salaries:
            if row.start <= day and (row.end is None or day <= row.end):
                return row
        return None

    @property
    def award_codes(self) -> frozenset[str]:
        return frozenset(code for rs in self.rule_sets for code in rs.awards)
