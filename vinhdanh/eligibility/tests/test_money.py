"""Reward money for every coefficient in awards.yaml at three decision dates."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from vinhdanh.eligibility.engine import build_rule_book, default_rule_book, reward_amount
from vinhdanh.eligibility.engine.rules import DEFAULT_AWARDS_YAML

# Base salary (mức lương cơ sở) in force on each test date, written out independently:
# Decree 24/2023 (1 Jul 2023), Decree 73/2024 (1 Jul 2024), Decree 161/2026 (1 Jul 2026).
BASE_ON = {
    date(2024, 1, 15): 1_800_000,
    date(2025, 3, 10): 2_340_000,
    date(2026, 8, 1): 2_530_000,
}
KINDS = {"individual": "individual", "collective": "collective", "household": "household"}


def _yaml() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(DEFAULT_AWARDS_YAML).read_text(encoding="utf-8"))
    return data


def _coefficients() -> list[tuple[str, str | None, str, object]]:
    """Every (award, class, subject kind, raw coefficient) written in awards.yaml."""
    rows: list[tuple[str, str | None, str, object]] = []
    for award in _yaml()["awards"]:
        for key, kind in KINDS.items():
            if f"money_coefficient_{key}" in award:
                rows.append((award["code"], None, kind, award[f"money_coefficient_{key}"]))
        for name, klass in (award.get("classes") or {}).items():
            for key, kind in KINDS.items():
                if f"money_coefficient_{key}" in klass:
                    rows.append((award["code"], name, kind, klass[f"money_coefficient_{key}"]))
    return rows


def _round_up(amount: Fraction) -> int:
    steps = -(-amount.numerator // (amount.denominator * 10_000))
    return steps * 10_000


COEFFICIENTS = _coefficients()


def test_the_yaml_base_salary_table_is_the_one_the_test_expects() -> None:
    book = default_rule_book()
    for day, amount in BASE_ON.items():
        salary = book.base_salary_on(day)
        assert salary is not None
        assert salary.amount == amount


@pytest.mark.parametrize("decision_date", sorted(BASE_ON))
@pytest.mark.parametrize(
    ("award", "award_class", "kind", "raw"),
    COEFFICIENTS,
    ids=[f"{a}-{c or 'all'}-{k}" for a, c, k, _ in COEFFICIENTS],
)
def test_every_coefficient_is_paid_on_the_base_salary_of_the_decision_date(
    award: str, award_class: str | None, kind: str, raw: object, decision_date: date
) -> None:
    money = reward_amount(default_rule_book(), award, kind, decision_date, award_class)
    base = BASE_ON[decision_date]

    if raw is None:
        assert money.amount_vnd is None
        assert money.ceiling_vnd is None
    elif isinstance(raw, str):
        cap = Fraction(raw.removeprefix("max:"))
        assert money.amount_vnd is None
        assert money.ceiling_vnd == int(cap * base)
    else:
        assert money.amount_vnd == _round_up(Fraction(str(raw)) * base)
        assert money.base_salary_vnd == base
    expected_rule_set = "decree_98_2023" if decision_date < date(2025, 7, 1) else "decree_152_2025"
    assert money.rule_set == expected_rule_set


def test_worked_examples_of_awards_md() -> None:
    book = default_rule_book()
    after_2026 = date(2026, 7, 10)

    assert (
        reward_amount(book, "chien_si_thi_dua_toan_quoc", "individual", after_2026).amount_vnd
        == 11_390_000
    )
    assert reward_amount(book, "lao_dong_tien_tien", "individual", after_2026).amount_vnd == 760_000
    assert (
        reward_amount(book, "tap_the_lao_dong_tien_tien", "collective", after_2026).amount_vnd
        == 2_030_000
    )
    assert (
        reward_amount(book, "bang_khen_thu_tuong", "individual", date(2026, 1, 15)).amount_vnd
        == 8_190_000
    )


def test_household_gets_the_multiplier_when_the_yaml_gives_no_household_amount() -> None:
    data = _yaml()
    for award in data["awards"]:
        if award["code"] == "giay_khen":
            del award["money_coefficient_household"]
    book = build_rule_book(data)

    money = reward_amount(book, "giay_khen", "household", date(2025, 3, 10))

    # 0.3 × 1.5 × 2,340,000 = 1,053,000 → 1,060,000
    assert money.amount_vnd == 1_060_000


def test_orders_with_classes_need_the_class() -> None:
    book = default_rule_book()

    without = reward_amount(book, "huan_chuong_doc_lap", "individual", date(2025, 3, 10))
    with_class = reward_amount(
        book, "huan_chuong_doc_lap", "individual", date(2025, 3, 10), "hang_ba"
    )

    assert without.amount_vnd is None
    assert with_class.amount_vnd == 24_570_000  # 10.5 × 2,340,000


def test_no_money_before_the_2024_rules() -> None:
    money = reward_amount(default_rule_book(), "giay_khen", "individual", date(2023, 5, 1))

    assert money.amount_vnd is None
    assert money.rule_set is None


def test_an_enterprise_is_paid_the_collective_amount() -> None:
    money = reward_amount(
        default_rule_book(), "huan_chuong_lao_dong_hang_ba", "enterprise", date(2025, 3, 10)
    )

    assert money.amount_vnd == 21_060_000  # 9.0 × 2,340,000
