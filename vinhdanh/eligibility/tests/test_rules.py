"""Rule data: vocabulary coverage, rule versions by date, rule sets fed as plain data."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Any

import pytest
import yaml

from vinhdanh.eligibility.engine import (
    NoRuleSetError,
    VerdictKind,
    default_rule_book,
    evaluate_award,
    rule_set_for_year,
)
from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.engine.conditions import LEAF_EVALUATORS
from vinhdanh.eligibility.engine.rules import DEFAULT_AWARDS_YAML, build_rule_set, spec_on
from vinhdanh.eligibility.engine.ruleset import RuleBook
from vinhdanh.eligibility.tests.builders import collective, members, person, rating

TEXT = DEFAULT_AWARDS_YAML.read_text(encoding="utf-8")
DATA: dict[str, Any] = yaml.safe_load(TEXT)


def _conditions(node: object) -> Iterator[Mapping[str, Any]]:
    if isinstance(node, Mapping):
        if "type" in node:
            yield node
        for value in node.values():
            yield from _conditions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _conditions(item)


def test_every_leaf_type_of_the_vocabulary_has_an_evaluator() -> None:
    header = TEXT.split("schema_version:")[0]
    vocabulary = set(re.findall(r"^#   (\w+)\s+\{", header, re.M))

    assert len(vocabulary) >= 28
    assert vocabulary <= set(LEAF_EVALUATORS)


def test_every_condition_used_in_awards_yaml_has_an_evaluator() -> None:
    used = {
        str(c["type"])
        for award in DATA["awards"]
        for part in ("criteria", "variants", "exclusions")
        for c in _conditions(award.get(part))
    }

    assert used <= set(LEAF_EVALUATORS)


@pytest.mark.parametrize(
    ("year", "rule_set"),
    [(2024, "decree_98_2023"), (2025, "decree_152_2025"), (2026, "decree_152_2025")],
)
def test_the_rule_set_is_the_one_in_force_at_the_end_of_the_year(year: int, rule_set: str) -> None:
    assert rule_set_for_year(default_rule_book(), year).id == rule_set


def test_years_before_the_2022_law_have_no_rule_set() -> None:
    with pytest.raises(NoRuleSetError):
        evaluate_award(default_rule_book(), "giay_khen", person(), evaluation_year=2023)


def test_general_rules_cite_the_decree_of_their_period() -> None:
    history = person(rating(2024), m.PendingReview(date(2024, 12, 1), None))
    old = evaluate_award(default_rule_book(), "giay_khen", history, evaluation_year=2024)
    history = person(rating(2025), m.PendingReview(date(2025, 12, 1), None))
    new = evaluate_award(default_rule_book(), "giay_khen", history, evaluation_year=2025)

    assert old.blocking_lines()[0].legal_basis.startswith("Decree 98/2023/ND-CP")
    assert new.blocking_lines()[0].legal_basis == "Decree 152/2025/ND-CP, Art. 4(4)"


def test_model_commune_keeps_its_pre_2025_name_in_the_decree_98_rule_set() -> None:
    book = default_rule_book()

    assert book.rule_sets[0].awards["xa_phuong_dac_khu_tieu_bieu"].name_vi == (
        "Xã, phường, thị trấn tiêu biểu"
    )


def test_a_local_rule_pack_fed_as_plain_data_replaces_a_delegated_condition() -> None:
    """How the catalogue feeds the engine: awards.yaml-shaped entries per rule set."""
    entry = next(a for a in DATA["awards"] if a["code"] == "tap_the_lao_dong_tien_tien")
    local = dict(entry)
    # A provincial rule (awards.md §4.2): >= 70 % Advanced Workers and no member
    # disciplined from warning upward, in place of the delegated condition.
    local["criteria"] = [
        c for c in entry["criteria"] if c.get("type") not in ("delegated", "member_ratio")
    ] + [
        {
            "type": "member_ratio",
            "having": "title:lao_dong_tien_tien",
            "min_pct": 70,
            "strict": False,
            "legal_point": "Provincial regulation (2025)",
        },
        {"type": "no_discipline", "from_level": "canh_cao", "who": "any_member"},
    ]
    spec = spec_on(date(2025, 12, 31))
    assert spec is not None
    default = default_rule_book()
    book = RuleBook(
        rule_sets=(build_rule_set([local], spec),),
        legal_documents=default.legal_documents,
        base_salaries=default.base_salaries,
        household_multiplier=default.household_multiplier,
    )
    team = members(10, advanced=7)
    disciplined = m.SubjectHistory(
        subject=team[9].subject,
        record=(*team[9].record, m.Discipline("warning", date(2025, 4, 1), date(2025, 9, 30))),
    )

    clean = evaluate_award(
        book,
        "tap_the_lao_dong_tien_tien",
        collective(rating(2025), members=team),
        evaluation_year=2025,
    )
    spoiled = evaluate_award(
        book,
        "tap_the_lao_dong_tien_tien",
        collective(rating(2025), members=(*team[:9], disciplined)),
        evaluation_year=2025,
    )

    assert clean.verdict is VerdictKind.NEEDS_CONFIRMATION
    assert spoiled.verdict is VerdictKind.NOT_ELIGIBLE
    assert {line.kind for line in spoiled.blocking_lines()} == {"no_discipline"}
    ratio = next(line for line in clean.lines if line.kind == "member_ratio")
    assert ratio.legal_basis == "Provincial regulation (2025)"
