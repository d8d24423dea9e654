"""The eligibility verdict of a nominee at the time the line is added (a stored snapshot)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from vinhdanh.eligibility.engine import RuleBook, evaluate_award
from vinhdanh.eligibility.engine.evaluate import EngineError
from vinhdanh.eligibility.engine.money import reward_amount
from vinhdanh.eligibility.history import load_subject
from vinhdanh.eligibility.rulebook import load_rule_source
from vinhdanh.nominations.models import Verdict
from vinhdanh.people.models import Household, Person
from vinhdanh.units.models import OrgUnit

SubjectT = Person | Household | OrgUnit


@dataclass(frozen=True)
class Snapshot:
    verdict: str
    lines: list[dict[str, Any]]
    rule_set: str
    award_name: str


def rule_book(unit: OrgUnit, on: dt.date) -> RuleBook:
    """Return the rule book in force for `unit` (catalogue with local overrides)."""
    return load_rule_source(units=[unit], on=on).book_for(unit.path)


def award_name(book: RuleBook, code: str, year: int) -> str | None:
    rule_set = book.rule_set_on(dt.date(year, 12, 31))
    if rule_set is None or code not in rule_set.awards:
        return None
    return rule_set.awards[code].name_vi


def evaluate(subject: SubjectT, *, award_code: str, year: int, unit: OrgUnit,
             on: dt.date) -> Snapshot:
    """Evaluate `award_code` for `subject` over its effective ledger history."""
    book = rule_book(unit, on)
    name = award_name(book, award_code, year) or award_code
    history = load_subject(subject, year=year)
    try:
        verdict = evaluate_award(book, award_code, history, evaluation_year=year,
                                 proposal_date=on)
    except EngineError:
        return Snapshot(verdict=Verdict.UNKNOWN, lines=[], rule_set="", award_name=name)
    lines = [
        {"depth": line.depth, "status": str(line.status), "required": line.required_vi,
         "found": line.found_vi, "legal_basis": line.legal_basis}
        for line in verdict.lines
    ]
    return Snapshot(verdict=str(verdict.verdict), lines=lines, rule_set=verdict.rule_set,
                    award_name=name)


@dataclass(frozen=True)
class Money:
    amount_vnd: int
    base_salary_vnd: int


def money_for(book: RuleBook, *, award_code: str, subject_kind: str,
              decision_date: dt.date) -> Money:
    """Return the reward: coefficient × base salary on the decision date, rounded up."""
    reward = reward_amount(book, award_code, subject_kind, decision_date)
    return Money(amount_vnd=reward.amount_vnd or 0, base_salary_vnd=reward.base_salary_vnd or 0)
