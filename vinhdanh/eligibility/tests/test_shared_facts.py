"""The sweep's shortcuts change no verdict and no sentence.

A sweep reads each subject's record once for every award type (engine.context.Facts),
shares the outcomes that depend only on the subject's profile between subjects, and
writes condition texts only when they are read. Each scenario and each award type is
checked here against a fresh, stand-alone evaluation, texts included.
"""

from __future__ import annotations

import itertools
from datetime import date

from vinhdanh.eligibility.engine import default_rule_book, evaluate_award, rule_set_for_year
from vinhdanh.eligibility.engine.evaluate import reads_only_profile
from vinhdanh.eligibility.engine.outcome import Outcome, Status, Texts
from vinhdanh.eligibility.evaluation import Evaluator
from vinhdanh.eligibility.tests import scenarios_awards, scenarios_individual
from vinhdanh.eligibility.tests.scenario_table import Scenario

SCENARIOS: list[Scenario] = scenarios_individual.SCENARIOS + scenarios_awards.SCENARIOS


def _said(verdict_lines: object) -> list[tuple[object, ...]]:
    return [
        (line.kind, line.key, line.depth, line.status, line.text_vi, line.text_en,
         line.legal_basis)
        for line in verdict_lines  # type: ignore[attr-defined]
    ]


def test_one_evaluator_for_all_scenarios_says_what_each_alone_says() -> None:
    book = default_rule_book()
    # Scenarios in order of their (year, proposal date) share an evaluator as a sweep
    # does, so profile outcomes and citations computed for one are reused by the next.
    key = lambda sc: (sc.year, sc.proposal or date(sc.year, 12, 31))  # noqa: E731
    compared = 0
    for (year, proposal), group in itertools.groupby(sorted(SCENARIOS, key=key), key=key):
        evaluator = Evaluator(book, year=year, decision_date=proposal)
        for scenario in group:
            for check in evaluator.check(scenario.history):
                alone = evaluate_award(book, check.award_code, scenario.history,
                                       evaluation_year=year, proposal_date=proposal)
                assert check.verdict.verdict is alone.verdict, (scenario.id, check.award_code)
                assert _said(check.verdict.lines) == _said(alone.lines), (
                    scenario.id, check.award_code)
                compared += 1
    assert compared >= len(SCENARIOS) * 10


def test_the_checks_name_every_award_type_of_the_subjects_kind() -> None:
    book = default_rule_book()
    scenario = SCENARIOS[0]
    evaluator = Evaluator(book, year=scenario.year,
                          decision_date=scenario.proposal or date(scenario.year, 12, 31))
    codes = [check.award_code for check in evaluator.check(scenario.history)]
    rule_set = rule_set_for_year(book, scenario.year)
    kind = scenario.history.subject.kind
    assert codes == [c for c, a in rule_set.awards.items() if kind in a.subjects]


def test_texts_are_written_when_read_and_only_once() -> None:
    calls: list[int] = []

    def render() -> Texts:
        calls.append(1)
        return ("Yêu cầu", "Required", "hồ sơ", "record")

    out = Outcome(Status.FAILED, render=render)
    assert out.status is Status.FAILED
    assert calls == []
    assert out.found_vi == "hồ sơ"
    assert (out.required_en, out.found_en) == ("Required", "record")
    assert calls == [1]
    assert out == Outcome(Status.FAILED, "Yêu cầu", "Required", "hồ sơ", "record")


def test_missing_condition_reads_the_same_as_the_verdict_line() -> None:
    book = default_rule_book()
    seen = 0
    for scenario in SCENARIOS:
        proposal = scenario.proposal or date(scenario.year, 12, 31)
        evaluator = Evaluator(book, year=scenario.year, decision_date=proposal)
        for check in evaluator.check(scenario.history):
            line = check.missing_line
            if line is None:
                continue
            seen += 1
            assert line.text_vi
            assert line.text_en
            blocking = check.verdict.blocking_lines()
            if len(blocking) == 1 and blocking[0].kind != "any_of":
                assert line.text_vi == blocking[0].text_vi.lstrip("\u2013 ")
                assert line.text_en == blocking[0].text_en.lstrip("\u2013 ")
    assert seen


def test_only_forms_that_read_no_record_share_a_verdict_by_profile() -> None:
    rule_set = rule_set_for_year(default_rule_book(), 2025)
    # Giấy khen: qualitative and delegated standards only (Law 06/2022 Art 74).
    assert reads_only_profile(rule_set.awards["giay_khen"])
    # Lao động tiên tiến reads the year's task rating (Law 06/2022 Art 24).
    assert not reads_only_profile(rule_set.awards["lao_dong_tien_tien"])
    assert not reads_only_profile(rule_set.awards["chien_si_thi_dua_co_so"])


def test_an_award_out_of_the_subjects_population_is_never_one_condition_short() -> None:
    # An armed-forces or foreigners' award fails a civil servant on who they are; the sweep
    # must not offer it as "missing one condition", as the panel does not.
    from vinhdanh.eligibility.evaluation import NOT_APPLICABLE_KINDS
    from vinhdanh.eligibility.models import ResultKind

    book = default_rule_book()
    out_of_reach = 0
    for scenario in SCENARIOS:
        evaluator = Evaluator(book, year=scenario.year,
                              decision_date=scenario.proposal or date(scenario.year, 12, 31))
        for check in evaluator.check(scenario.history):
            about_who = [ln for ln in check.blocking if ln.kind in NOT_APPLICABLE_KINDS]
            if about_who:
                assert check.result != ResultKind.ALMOST, (scenario.id, check.award_code)
                out_of_reach += len(check.missing) == 1
    assert out_of_reach > 0  # the scenarios do contain such single-condition refusals


def _stored(check: object) -> tuple[object, ...]:
    """What a sweep keeps of a check: the result, the missing condition, what to confirm."""
    from vinhdanh.eligibility.evaluation import AwardCheck
    from vinhdanh.eligibility.models import ResultKind

    assert isinstance(check, AwardCheck)
    missing = check.missing_line
    return (check.award_code, check.result,
            (missing.text_vi, missing.text_en, missing.legal_basis) if missing else None,
            check.to_confirm_vi if check.result == ResultKind.NEEDS_CONFIRMATION else "")


def test_a_sweep_that_stops_at_a_plain_refusal_stores_what_a_full_evaluation_would() -> None:
    book = default_rule_book()
    stopped_early = 0
    for scenario in SCENARIOS:
        proposal = scenario.proposal or date(scenario.year, 12, 31)
        full = Evaluator(book, year=scenario.year, decision_date=proposal)
        sweep = Evaluator(book, year=scenario.year, decision_date=proposal, sort_only=True)
        for whole, quick in zip(full.check(scenario.history), sweep.check(scenario.history),
                                strict=True):
            assert _stored(quick) == _stored(whole), (scenario.id, whole.award_code)
            stopped_early += len(quick.verdict.lines) < len(whole.verdict.lines)
    # The shortcut is taken (armed-forces medals for civil servants, two missing titles).
    assert stopped_early
