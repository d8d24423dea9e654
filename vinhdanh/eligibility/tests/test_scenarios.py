"""Legal scenarios from awards.md, one row each: the verdict and which conditions decide it.

`blocking` is the exact set of condition types whose failure makes the verdict
not_eligible; `pending` are condition types that must be among those left to a person;
`failed_somewhere` are types that must fail even if the verdict does not hinge on them.
No database is used.
"""

from __future__ import annotations

from datetime import date as D

import pytest

from vinhdanh.eligibility.engine import default_rule_book, evaluate_award
from vinhdanh.eligibility.engine.outcome import ConditionLine, Status
from vinhdanh.eligibility.tests import scenarios_awards, scenarios_individual
from vinhdanh.eligibility.tests.builders import commendation, initiative, person, rating, title
from vinhdanh.eligibility.tests.scenario_table import CSTD_BT, CSTDCS, Scenario

SCENARIOS = scenarios_individual.SCENARIOS + scenarios_awards.SCENARIOS


def _kinds(lines: tuple[ConditionLine, ...]) -> set[str]:
    return {line.kind for line in lines}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[sc.id for sc in SCENARIOS])
def test_legal_scenario(scenario: Scenario) -> None:
    verdict = evaluate_award(
        default_rule_book(),
        scenario.award,
        scenario.history,
        evaluation_year=scenario.year,
        proposal_date=scenario.proposal,
    )

    described = "\n".join(f"{line.status}: {line.text_en}" for line in verdict.lines)
    assert verdict.verdict is scenario.verdict, described
    assert _kinds(verdict.blocking_lines()) == set(scenario.blocking), described
    assert scenario.pending <= _kinds(verdict.pending_lines()), described
    failed = {line.kind for line in verdict.lines_with(Status.FAILED)}
    assert scenario.failed_somewhere <= failed, described
    if scenario.rule_set:
        assert verdict.rule_set == scenario.rule_set


def test_there_are_at_least_forty_scenarios() -> None:
    assert len(SCENARIOS) >= 40


def test_every_line_cites_a_legal_basis_and_reads_in_both_languages() -> None:
    for scenario in SCENARIOS:
        verdict = evaluate_award(
            default_rule_book(),
            scenario.award,
            scenario.history,
            evaluation_year=scenario.year,
            proposal_date=scenario.proposal,
        )
        for line in verdict.lines:
            assert line.legal_basis, (scenario.id, line.text_en)
            assert line.text_vi
            assert line.text_en


def test_consecutive_run_is_spelled_out_in_the_record_column() -> None:
    history = person(title(CSTDCS, 2023), title(CSTDCS, 2024), title(CSTDCS, 2025))
    verdict = evaluate_award(default_rule_book(), CSTD_BT, history, evaluation_year=2025)

    line = next(line for line in verdict.lines if line.kind == "consecutive_titles")
    assert "3 năm liên tục: 2023, 2024, 2025" in line.text_vi
    assert line.legal_basis == "Law 06/2022/QH15, Art. 22(1), 22(2)"


def test_too_small_initiative_is_named_as_such() -> None:
    history = person(rating(2025), initiative(D(2025, 5, 10), scope="unit"))
    verdict = evaluate_award(default_rule_book(), CSTDCS, history, evaluation_year=2025)

    line = next(line for line in verdict.lines if line.kind == "initiative")
    assert "1 below the required scope or effect" in line.text_en
    assert "không đủ phạm vi" in line.text_vi


def test_labour_order_point_e_cites_the_point() -> None:
    history = person(commendation("bang_khen_thu_tuong", D(2019, 6, 1)))
    verdict = evaluate_award(
        default_rule_book(), "huan_chuong_lao_dong_hang_ba", history, evaluation_year=2025
    )

    line = next(line for line in verdict.lines if line.kind == "chain_after_award")
    assert line.legal_basis == "Law 06/2022/QH15, Art. 44(1)(e)"
