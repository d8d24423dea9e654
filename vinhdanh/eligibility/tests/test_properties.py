"""Properties of the engine over generated histories (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from vinhdanh.eligibility.engine import (
    Verdict,
    VerdictKind,
    awards_for_kind,
    default_rule_book,
    evaluate_award,
    render_result,
    run_check,
)
from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.engine.jsonio import CheckRequest

BOOK = default_rule_book()
YEAR = 2025
YEARS = st.integers(min_value=2016, max_value=YEAR)
DAYS = st.dates(min_value=date(2016, 1, 1), max_value=date(2025, 12, 31))
TITLES = st.sampled_from(
    [
        "lao_dong_tien_tien",
        "chien_si_thi_dua_co_so",
        "chien_si_thi_dua_bo_tinh",
        "chien_si_tien_tien",
        "tap_the_lao_dong_xuat_sac",
    ]
)


def _rating() -> st.SearchStrategy[m.RecordEntry]:
    return st.builds(m.TaskRating, year=YEARS, level=st.sampled_from(m.RATING_LEVELS))


# Records that can only add evidence: no new prior award (that restarts a chain by
# design, Law Art 5(2)(c)), no discipline, review or rating for an already rated year.
STRENGTHENING: st.SearchStrategy[m.RecordEntry] = st.one_of(
    st.builds(m.TitleConferred, award=TITLES, year=YEARS),
    st.builds(
        m.Initiative,
        on=DAYS,
        scope=st.sampled_from(m.INITIATIVE_SCOPES),
        effect=st.sampled_from(m.INITIATIVE_EFFECTS),
    ),
    st.builds(
        m.ScienceWork,
        on=DAYS,
        scope=st.sampled_from(m.INITIATIVE_SCOPES),
        state=st.sampled_from(m.SCIENCE_STATES),
    ),
    st.builds(m.CombatCreativity, on=DAYS, scope=st.sampled_from(m.COMBAT_SCOPES)),
    st.builds(
        m.InventionOrWork,
        on=DAYS,
        scope=st.sampled_from(m.ACHIEVEMENT_SCOPES),
        kind=st.sampled_from(m.INVENTION_KINDS),
    ),
    st.builds(m.IrregularAchievement, on=DAYS, scope=st.sampled_from(m.ACHIEVEMENT_SCOPES)),
    st.builds(
        m.MovementAchievement,
        on=DAYS,
        launched_by=st.sampled_from(m.MOVEMENT_LAUNCHERS),
        duration_years=st.integers(0, 10),
        stage=st.sampled_from(m.MOVEMENT_STAGES),
    ),
    st.builds(m.Contribution, on=DAYS, area=st.sampled_from(m.CONTRIBUTION_FIELDS)),
    st.builds(m.InternationalPrize, on=DAYS, level=st.sampled_from(m.PRIZE_LEVELS)),
    st.builds(m.ClusterLeadership, year=YEARS, organizer=st.sampled_from(m.CLUSTER_ORGANIZERS)),
)


@st.composite
def _period(draw: st.DrawFn, kind: type[m.Discipline] | type[m.PendingReview]) -> m.RecordEntry:
    start = draw(DAYS)
    end = draw(st.one_of(st.none(), st.dates(min_value=start, max_value=date(2026, 12, 31))))
    if kind is m.Discipline:
        return m.Discipline(level=draw(st.sampled_from(m.DISCIPLINE_LEVELS)), start=start, end=end)
    return m.PendingReview(start=start, end=end)


ANY_RECORD: st.SearchStrategy[m.RecordEntry] = st.one_of(
    STRENGTHENING,
    _rating(),
    st.builds(
        m.CommendationReceived,
        award=st.sampled_from(["bang_khen_bo_tinh", "bang_khen_thu_tuong", "giay_khen"]),
        on=DAYS,
        basis=st.sampled_from(["merit", "ad_hoc"]),
    ),
    _period(m.Discipline),
    _period(m.PendingReview),
    st.builds(m.MaternityLeave, start=st.just(date(2023, 3, 1)), end=st.just(date(2023, 8, 31))),
    st.builds(m.ServicePeriod, force=st.sampled_from(m.SERVICE_FORCES), start=DAYS, end=st.none()),
)

SUBJECTS = st.one_of(
    st.builds(
        m.Subject,
        kind=st.just("individual"),
        category=st.sampled_from([*m.CATEGORIES, None]),
        employment_start=st.one_of(st.none(), DAYS),
        gender=st.sampled_from([*m.GENDERS, None]),
    ),
    st.builds(
        m.Subject,
        kind=st.sampled_from(["collective", "household", "enterprise"]),
        unit_type=st.sampled_from([*m.UNIT_TYPES, None]),
    ),
)


@st.composite
def histories(draw: st.DrawFn) -> m.SubjectHistory:
    subject = draw(SUBJECTS)
    record = draw(st.lists(ANY_RECORD, max_size=14))
    members: list[m.SubjectHistory] = []
    if subject.kind == "collective":
        for index in range(draw(st.integers(0, 4))):
            member_record = draw(
                st.lists(
                    st.one_of(
                        _rating(), st.builds(m.TitleConferred, award=TITLES, year=st.just(YEAR))
                    ),
                    max_size=3,
                )
            )
            members.append(
                m.SubjectHistory(
                    subject=m.Subject(kind="individual", ref=f"m{index}"),
                    record=tuple(member_record),
                )
            )
    return m.SubjectHistory(subject=subject, record=tuple(record), members=tuple(members))


def _verdicts(history: m.SubjectHistory) -> dict[str, Verdict]:
    return {
        code: evaluate_award(
            BOOK, code, history, evaluation_year=YEAR, proposal_date=date(2026, 1, 15)
        )
        for code in awards_for_kind(BOOK.rule_sets[-1], history.subject.kind)
    }


PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(history=histories(), data=st.data())
def test_verdict_does_not_depend_on_record_order(
    history: m.SubjectHistory, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(history.record))
    reordered = m.SubjectHistory(
        subject=history.subject, record=tuple(shuffled), members=tuple(reversed(history.members))
    )

    assert _verdicts(reordered) == _verdicts(history)


@PROPERTY_SETTINGS
@given(
    history=histories(),
    extra=st.lists(STRENGTHENING, min_size=1, max_size=3),
    new_year=st.integers(2016, YEAR),
    level=st.sampled_from(["good", "excellent"]),
)
@example(
    history=m.SubjectHistory(
        subject=m.Subject(kind="collective"),
        record=(m.ClusterLeadership(year=YEAR, organizer="central_council"),),
    ),
    extra=[m.ClusterLeadership(year=YEAR, organizer="ministry_province")],
    new_year=YEAR,
    level="excellent",
)
def test_adding_evidence_never_turns_eligible_into_not_eligible(
    history: m.SubjectHistory, extra: list[m.RecordEntry], new_year: int, level: str
) -> None:
    rated = {e.year for e in history.record if isinstance(e, m.TaskRating)}
    added = list(extra)
    if new_year not in rated:
        added.append(m.TaskRating(year=new_year, level=level))
    stronger = m.SubjectHistory(
        subject=history.subject, record=(*history.record, *added), members=history.members
    )
    before, after = _verdicts(history), _verdicts(stronger)

    for code, verdict in before.items():
        if verdict.verdict is VerdictKind.ELIGIBLE:
            assert after[code].verdict is not VerdictKind.NOT_ELIGIBLE, code


@PROPERTY_SETTINGS
@given(history=histories())
def test_same_input_gives_same_output(history: m.SubjectHistory) -> None:
    request = CheckRequest(
        evaluation_year=YEAR,
        decision_date=date(2026, 1, 15),
        history=history,
        awards=tuple(awards_for_kind(BOOK.rule_sets[-1], history.subject.kind)),
    )

    assert render_result(run_check(BOOK, request)) == render_result(run_check(BOOK, request))


@PROPERTY_SETTINGS
@given(history=histories())
def test_a_sweep_sorts_every_history_as_a_full_evaluation_does(
    history: m.SubjectHistory,
) -> None:
    from vinhdanh.eligibility.evaluation import Evaluator
    from vinhdanh.eligibility.models import ResultKind

    def kept(sort_only: bool) -> list[tuple[object, ...]]:
        evaluator = Evaluator(BOOK, year=YEAR, decision_date=date(2026, 1, 15),
                              sort_only=sort_only)
        return [
            (c.award_code, c.result, c.missing_line.text_vi if c.missing_line else None,
             c.to_confirm_vi if c.result == ResultKind.NEEDS_CONFIRMATION else "")
            for c in evaluator.check(history)
        ]

    assert kept(sort_only=True) == kept(sort_only=False)
