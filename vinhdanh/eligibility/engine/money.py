"""Reward money: coefficient × base salary on the decision date, rounded up to 10,000 đ.

Decree 152/2025 Art 49(1)-(2); collective amounts are their own coefficients (Art 51(2),
52(2), 54); a household receiving a commendation form gets `household_multiplier_forms`
× the individual amount (money_rules; Art 54, clause UNVERIFIED).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from vinhdanh.core.money import round_up_vnd
from vinhdanh.eligibility.engine.ruleset import AwardRules, RuleBook

KIND_KEYS = {
    "individual": "individual",
    "collective": "collective",
    # An enterprise is paid as a collective (Law Art 8: tập thể includes enterprises).
    "enterprise": "collective",
    "household": "household",
}


@dataclass(frozen=True)
class RewardAmount:
    """Money for one award: `amount_vnd` is None when the law sets no fixed amount."""

    award: str
    subject_kind: str
    decision_date: date
    coefficient: Decimal | None
    base_salary_vnd: int | None
    amount_vnd: int | None
    # "max:<x>" coefficients (Kỷ niệm chương): the issuer sets the amount up to this cap.
    ceiling_vnd: int | None
    rule_set: str | None
    legal_basis: str
    note_vi: str
    note_en: str


def _decimal(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _raw_coefficient(
    award: AwardRules, source: Mapping[str, object], key: str, multiplier: Decimal
) -> object:
    if key in source:
        return source[key]
    individual = source.get("individual")
    if (
        key == "household"
        and award.kind == "commendation_form"
        and "household" in award.subjects
        and isinstance(individual, int | float)
    ):
        return Decimal(str(individual)) * multiplier
    return None


def reward_amount(
    book: RuleBook,
    award_code: str,
    subject_kind: str,
    decision_date: date,
    award_class: str | None = None,
) -> RewardAmount:
    """Return the money for `award_code` given to a `subject_kind` on `decision_date`."""
    rule_set = book.rule_set_on(decision_date)
    salary = book.base_salary_on(decision_date)

    def result(
        coefficient: Decimal | None, amount: int | None, ceiling: int | None, note: tuple[str, str]
    ) -> RewardAmount:
        return RewardAmount(
            award=award_code,
            subject_kind=subject_kind,
            decision_date=decision_date,
            coefficient=coefficient,
            base_salary_vnd=salary.amount if salary else None,
            amount_vnd=amount,
            ceiling_vnd=ceiling,
            rule_set=rule_set.id if rule_set else None,
            legal_basis=(rule_set.money_basis if rule_set else "")
            + (f"; {salary.legal_basis}" if salary else ""),
            note_vi=note[0],
            note_en=note[1],
        )

    if rule_set is None or salary is None:
        return result(
            None,
            None,
            None,
            (
                "không có quy định tiền thưởng cho ngày quyết định này",
                "no money rule in force on this decision date",
            ),
        )
    award = rule_set.awards.get(award_code)
    if award is None:
        return result(None, None, None, ("không có loại khen thưởng này", "unknown award"))
    if award.classes and award_class is None:
        return result(
            None,
            None,
            None,
            ("cần chọn hạng để tính tiền thưởng", "choose the class to compute the money"),
        )
    source = award.classes.get(award_class, {}) if award_class else award.money
    raw = _raw_coefficient(
        award, source, KIND_KEYS.get(subject_kind, subject_kind), book.household_multiplier
    )
    if raw is None:
        return result(None, None, None, ("không có hệ số tiền thưởng", "no money coefficient"))
    if isinstance(raw, str) and raw.startswith("max:"):
        cap = _decimal(raw.removeprefix("max:"))
        if cap is None:
            return result(None, None, None, ("hệ số không hợp lệ", "invalid coefficient"))
        return result(
            cap,
            None,
            int(cap * salary.amount),
            (
                f"tối đa {cap} lần mức lương cơ sở, do cơ quan tặng quyết định",
                f"up to {cap} × base salary, set by the issuer",
            ),
        )
    coefficient = _decimal(raw)
    if coefficient is None:
        return result(None, None, None, ("hệ số không hợp lệ", "invalid coefficient"))
    amount = round_up_vnd(coefficient * salary.amount)
    return result(
        coefficient,
        amount,
        None,
        (
            f"{coefficient} × {salary.amount:,} đ, làm tròn lên 10.000 đ".replace(",", "."),
            f"{coefficient} × {salary.amount:,} VND, rounded up to 10,000",
        ),
    )
