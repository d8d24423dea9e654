"""Reads of eligibility: what a subject can be proposed for, sweeps and their results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404

from vinhdanh.accounts.policy import Action, held_grants, unit_filter
from vinhdanh.eligibility.engine import NoRuleSetError, reward_amount
from vinhdanh.eligibility.evaluation import NOT_ELIGIBLE, AwardCheck, Evaluator
from vinhdanh.eligibility.history import load_subject
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun
from vinhdanh.eligibility.panel import (
    HIGHER_LEVELS,
    LEVEL_RANK,
    PanelSection,
    build_sections,
    bundled_levels,
)
from vinhdanh.eligibility.rulebook import RuleBookSource, load_rule_source
from vinhdanh.people.models import Household, Person
from vinhdanh.units.models import ADMINISTRATIVE_KINDS, OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser

SubjectT = Person | Household | OrgUnit


# --- access helpers ----------------------------------------------------------------------


def get_person_for_user(user: Viewer, pk: int) -> Person:
    """Return a person whose eligibility the user may check, or raise Http404."""
    person = (
        Person.objects.filter(unit_filter(user, Action.CHECK_ELIGIBILITY), pk=pk)
        .select_related("unit")
        .first()
    )
    if person is None:
        raise Http404
    return person


def get_household_for_user(user: Viewer, pk: int) -> Household:
    """Return a household whose eligibility the user may check, or raise Http404."""
    household = (
        Household.objects.filter(unit_filter(user, Action.CHECK_ELIGIBILITY), pk=pk)
        .select_related("unit", "head")
        .first()
    )
    if household is None:
        raise Http404
    return household


def get_unit_for_user(user: Viewer, pk: int) -> OrgUnit:
    """Return a unit in which the user may check eligibility, or raise Http404."""
    unit = OrgUnit.objects.filter(
        unit_filter(user, Action.CHECK_ELIGIBILITY, field=""), pk=pk
    ).first()
    if unit is None:
        raise Http404
    return unit


def list_sweep_units(user: Viewer) -> list[OrgUnit]:
    """Return the administrative units (and granted roots) a user may sweep, by path."""
    grants = [g.unit_id for g in held_grants(user)]
    return list(
        OrgUnit.objects.filter(unit_filter(user, Action.CHECK_ELIGIBILITY, field=""))
        .filter(Q(kind__in=ADMINISTRATIVE_KINDS) | Q(pk__in=grants))
        .filter(valid_to__isnull=True)
        .order_by("path")[:2000]
    )


def get_sweep_for_user(user: Viewer, pk: int) -> SweepRun:
    """Return a sweep over a unit in the user's scope, or raise Http404."""
    run = (
        SweepRun.objects.filter(unit_filter(user, Action.CHECK_ELIGIBILITY), pk=pk)
        .select_related("unit", "started_by")
        .first()
    )
    if run is None:
        raise Http404
    return run


# --- checks of one subject -----------------------------------------------------------------


@dataclass(frozen=True)
class SubjectCheck:
    """Every award type of one subject, sorted into what an officer can act on."""

    year: int
    decision_date: dt.date
    checks: tuple[AwardCheck, ...]
    rules_from_catalogue: bool
    rule_set: str
    problem: str = ""
    # Award code -> catalogue level, and the reward money on the proposal date (None when
    # the law sets no fixed amount); both only for presenting the verdicts.
    levels: Mapping[str, str] = field(default_factory=dict)
    rewards: Mapping[str, int | None] = field(default_factory=dict)

    @property
    def eligible(self) -> list[AwardCheck]:
        return [c for c in self.checks if c.result == ResultKind.ELIGIBLE]

    @property
    def to_confirm(self) -> list[AwardCheck]:
        return [c for c in self.checks if c.result == ResultKind.NEEDS_CONFIRMATION]

    @property
    def almost(self) -> list[AwardCheck]:
        return [c for c in self.checks if c.result == ResultKind.ALMOST]

    @property
    def sections(self) -> list[PanelSection]:
        """The panel's three lists, nearest award level first, Government and State
        awards apart."""
        return build_sections(self.checks, self.levels, self.rewards)


def _unit_of(subject: SubjectT) -> OrgUnit:
    return subject if isinstance(subject, OrgUnit) else subject.unit


def _levels(source: RuleBookSource) -> Mapping[str, str]:
    """Level of each award: from the rows the rule book was built from, or the bundled
    awards.yaml when the catalogue has not been imported (no query either way)."""
    if source.from_catalogue:
        return {rule.award.code: rule.award.level for rule in source.rules}
    return bundled_levels()


def check_subject(
    user: Viewer, subject: SubjectT, *, year: int, decision_date: dt.date | None = None
) -> SubjectCheck:
    """Return the verdict of every award type applicable to `subject` for `year`.

    The caller obtained `subject` through an access helper; the constant set of queries
    is: the catalogue rules, overrides and salaries (3), and the subject's history (2–3).
    """
    day = decision_date or dt.date(year, 12, 31)
    unit = _unit_of(subject)
    source = load_rule_source(units=[unit], on=dt.date(year, 12, 31))
    book = source.book_for(unit.path)
    try:
        evaluator = Evaluator(book, year=year, decision_date=day)
    except NoRuleSetError:
        return SubjectCheck(year=year, decision_date=day, checks=(),
                            rules_from_catalogue=source.from_catalogue, rule_set="",
                            problem="no_rule_set")
    history = load_subject(subject, year=year)
    checks = tuple(evaluator.check(history))
    kind = history.subject.kind
    return SubjectCheck(
        year=year,
        decision_date=day,
        checks=checks,
        rules_from_catalogue=source.from_catalogue,
        rule_set=evaluator.rule_set.id,
        levels=_levels(source),
        rewards={
            c.award_code: reward_amount(book, c.award_code, kind, day).amount_vnd
            for c in checks if c.result != NOT_ELIGIBLE
        },
    )


# --- sweeps --------------------------------------------------------------------------------


def list_sweeps(user: Viewer) -> QuerySet[SweepRun]:
    """Return the sweeps over units in the user's scope, newest first."""
    return (
        SweepRun.objects.filter(unit_filter(user, Action.CHECK_ELIGIBILITY))
        .select_related("unit", "started_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class ResultFilters:
    kind: str = ""
    award: str = ""
    subject_kind: str = ""
    q: str = ""
    # "own": awards of the grassroots, ministry and province levels; "higher": those of
    # the Government and the State, which the province proposes upward.
    level: str = ""


LEVEL_FILTERS = ("own", "higher")


def list_sweep_results(run: SweepRun, filters: ResultFilters | None = None
                       ) -> QuerySet[SweepResult]:
    """Return a sweep's stored rows matching `filters`, in a stable order."""
    filters = filters or ResultFilters()
    rows = SweepResult.objects.filter(run=run)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.award:
        rows = rows.filter(award_code=filters.award)
    if filters.subject_kind:
        rows = rows.filter(subject_kind=filters.subject_kind)
    if filters.q:
        rows = rows.filter(Q(subject_name__icontains=filters.q))
    if filters.level in LEVEL_FILTERS:
        # Levels from the bundled awards.yaml: the filter costs no query (see _result_order).
        higher = [code for code, level in bundled_levels().items() if level in HIGHER_LEVELS]
        rows = (rows.filter(award_code__in=higher) if filters.level == "higher"
                else rows.exclude(award_code__in=higher))
    return rows.order_by(*_result_order())


def _result_order() -> list[Case | str]:
    """Order of a sweep's rows: the awards nearest the subject first (grassroots, then
    province, Government, State), then eligible before to-confirm before one-short.

    Without it the State orders, alphabetically first by code and to be confirmed for
    almost everyone, fill the first pages. Levels come from the bundled awards.yaml, so
    ordering costs no query; an award type added only to the catalogue sorts with the
    province level.
    """
    ranks: dict[int, list[str]] = {}
    for code, level in bundled_levels().items():
        ranks.setdefault(LEVEL_RANK.get(level, 1), []).append(code)
    level_rank = Case(
        *(When(award_code__in=codes, then=Value(rank)) for rank, codes in sorted(ranks.items())),
        default=Value(1), output_field=IntegerField(),
    )
    kind_rank = Case(
        When(kind=ResultKind.ELIGIBLE, then=Value(0)),
        When(kind=ResultKind.NEEDS_CONFIRMATION, then=Value(1)),
        default=Value(2), output_field=IntegerField(),
    )
    return [level_rank, kind_rank, "award_code", "subject_name", "pk"]


def list_sweep_awards(run: SweepRun) -> list[tuple[str, str]]:
    """Return (code, name) of the awards that appear in a sweep's rows."""
    rows = (
        SweepResult.objects.filter(run=run)
        .values_list("award_code", "award_name")
        .distinct()
        .order_by("award_name", "award_code")
    )
    return list(rows)
