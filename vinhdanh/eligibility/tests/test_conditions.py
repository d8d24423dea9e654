"""Single leaf conditions, evaluated through a one-award rule set built from plain data."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from vinhdanh.eligibility.engine import default_rule_book, evaluate_award
from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.engine.outcome import ConditionLine, Status
from vinhdanh.eligibility.engine.rules import build_rule_set, spec_on
from vinhdanh.eligibility.engine.ruleset import RuleBook
from vinhdanh.eligibility.tests.builders import collective, commendation, person, rating, title

D = date


def line_for(cond: dict[str, Any], history: m.SubjectHistory, year: int = 2025) -> ConditionLine:
    """Evaluate `cond` as the only criterion of a test award and return its line."""
    entry = {
        "code": "test_award",
        "name_vi": "Thử",
        "name_en": "Test",
        "kind": "commendation_form",
        "subject": [history.subject.kind],
        "criteria": [cond],
        "legal_basis": [{"doc": "law_06_2022", "article": 1}],
    }
    spec = spec_on(D(year, 12, 31))
    assert spec is not None
    default = default_rule_book()
    rule_set = build_rule_set([entry], spec)
    awards = {**default.rule_sets[-1].awards, **rule_set.awards}
    book = RuleBook(
        rule_sets=(
            type(rule_set)(
                rule_set.id,
                rule_set.effective_from,
                rule_set.effective_to,
                awards,
                rule_set.general_basis,
                rule_set.money_basis,
            ),
        ),
        legal_documents=default.legal_documents,
        base_salaries=default.base_salaries,
        household_multiplier=default.household_multiplier,
    )
    verdict = evaluate_award(book, "test_award", history, evaluation_year=year)
    return verdict.lines[1]


CASES = [
    (
        "title-in-year-held",
        {"type": "title_in_year", "title": "lao_dong_tien_tien", "year": "evaluation_year"},
        person(title("lao_dong_tien_tien", 2025)),
        Status.PASSED,
        "2025",
    ),
    (
        "title-in-year-missing",
        {"type": "title_in_year", "title": "lao_dong_tien_tien"},
        person(title("lao_dong_tien_tien", 2024)),
        Status.FAILED,
        "2024",
    ),
    (
        "prior-award-merit",
        {"type": "prior_award", "award": "giay_khen", "min_times": 2},
        person(commendation("giay_khen", D(2021, 5, 1)), commendation("giay_khen", D(2023, 5, 1))),
        Status.PASSED,
        "01/05/2021",
    ),
    (
        "prior-award-ad-hoc-does-not-count",
        {"type": "prior_award", "award": "giay_khen"},
        person(commendation("giay_khen", D(2023, 5, 1), basis="ad_hoc")),
        Status.FAILED,
        "chưa có",
    ),
    (
        "combat-creativity-wider-scope",
        {"type": "combat_creativity", "scope": "unit"},
        person(m.CombatCreativity(D(2025, 4, 1), "army_or_police_wide")),
        Status.PASSED,
        "2025",
    ),
    (
        "invention-wrong-kind",
        {"type": "invention_or_work", "scope": "ministry_province", "kinds": ["patent"]},
        person(m.InventionOrWork(D(2025, 4, 1), "national", "artwork")),
        Status.FAILED,
        "không có",
    ),
    (
        "invention-national-patent",
        {"type": "invention_or_work", "scope": "ministry_province", "kinds": ["patent"]},
        person(m.InventionOrWork(D(2025, 4, 1), "national", "patent")),
        Status.PASSED,
        "sáng chế",
    ),
    (
        "international-prize",
        {"type": "international_prize", "level": "regional_highest"},
        person(m.InternationalPrize(D(2024, 11, 1), "regional_highest")),
        Status.PASSED,
        "giải cao nhất khu vực",
    ),
    (
        "movement-stage",
        {"type": "movement_achievement", "launched_by": "ministry_province", "stage": "final"},
        person(m.MovementAchievement(D(2025, 4, 1), "ministry_province", 5, "interim")),
        Status.FAILED,
        "không có",
    ),
    (
        "contribution-field",
        {"type": "contribution", "fields": ["charity"]},
        person(m.Contribution(D(2025, 1, 5), "charity")),
        Status.PASSED,
        "từ thiện",
    ),
    (
        "service-years-summed",
        {"type": "service_years", "force": "police", "min_years": 10, "continuous": False},
        person(
            m.ServicePeriod("police", D(2010, 1, 1), D(2014, 12, 31)),
            m.ServicePeriod("police", D(2019, 1, 1), None),
        ),
        Status.PASSED,
        "12 năm",
    ),
    (
        "service-years-continuous",
        {"type": "service_years", "force": "police", "min_years": 10, "continuous": True},
        person(
            m.ServicePeriod("police", D(2010, 1, 1), D(2014, 12, 31)),
            m.ServicePeriod("police", D(2019, 1, 1), None),
        ),
        Status.FAILED,
        "7 năm",
    ),
    (
        "long-service-woman",
        {"type": "long_service", "table": "Decree 152/2025 Art 21"},
        person(gender="female"),
        Status.TO_CONFIRM,
        "giảm 1/3",
    ),
    (
        "no-discipline-of-member",
        {"type": "no_discipline", "from_level": "canh_cao", "who": "any_member"},
        collective(members=(person(m.Discipline("reprimand", D(2025, 2, 1), D(2025, 8, 1))),)),
        Status.PASSED,
        "không có",
    ),
    (
        "no-discipline-subject",
        {"type": "no_discipline", "from_level": "khien_trach"},
        person(m.Discipline("reprimand", D(2025, 2, 1), D(2025, 8, 1))),
        Status.FAILED,
        "khiển trách",
    ),
    (
        "count-in-window-excellent",
        {
            "type": "count_in_window",
            "what": "rating:excellent",
            "min_count": 2,
            "window": "consecutive_years:3",
        },
        person(rating(2023, "excellent"), rating(2024), rating(2025, "excellent")),
        Status.PASSED,
        "2023, 2025",
    ),
    (
        "count-in-window-initiatives",
        {
            "type": "count_in_window",
            "what": "initiative:grassroots",
            "min_count": 1,
            "window": "consecutive_years:2",
        },
        person(m.Initiative(D(2023, 6, 1), "national", "applied")),
        Status.FAILED,
        "không có",
    ),
    ("unknown-condition-type", {"type": "moon_phase"}, person(), Status.TO_CONFIRM, "chưa hỗ trợ"),
    (
        "delegated",
        {"type": "delegated", "to": "provincial_people_committee", "what": "x"},
        person(),
        Status.TO_CONFIRM,
        "Ủy ban nhân dân cấp tỉnh",
    ),
]


@pytest.mark.parametrize(
    ("cond", "history", "status", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_leaf_condition(
    cond: dict[str, Any], history: m.SubjectHistory, status: Status, text: str
) -> None:
    line = line_for(cond, history)

    assert line.status is status, line.text_en
    assert text in line.text_vi, line.text_vi
