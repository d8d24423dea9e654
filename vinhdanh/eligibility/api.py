"""REST endpoints of eligibility (mounted at /api/v1/eligibility/)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from vinhdanh.eligibility import selectors, services
from vinhdanh.eligibility.engine import ConditionLine
from vinhdanh.eligibility.evaluation import AwardCheck
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun
from vinhdanh.eligibility.selectors import ResultFilters

router = Router(tags=["eligibility"])


class ConditionLineOut(Schema):
    status: str
    text_vi: str
    text_en: str
    legal_basis: str
    depth: int


class AwardCheckOut(Schema):
    award_code: str
    award_name: str
    verdict: str
    result: str
    missing: list[ConditionLineOut]
    to_confirm: list[ConditionLineOut]
    lines: list[ConditionLineOut]


class PersonEligibilityOut(Schema):
    person_id: int
    year: int
    decision_date: dt.date
    rule_set: str
    rules_from_catalogue: bool
    awards: list[AwardCheckOut]


class SweepStartIn(Schema):
    unit_id: int
    year: int
    decision_date: dt.date | None = None


class SweepOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    year: int
    decision_date: dt.date
    status: str
    processed: int
    total: int
    percent: int
    counts: dict[str, int]
    rules_source: str
    error: str


class SweepResultOut(Schema):
    subject_kind: str
    person_id: int | None
    household_id: int | None
    collective_id: int | None
    subject_name: str
    # 1, or for a row standing for a group of alike subjects (no subject id), its size.
    subjects: int
    award_code: str
    award_name: str
    result: str
    missing: str
    missing_basis: str
    to_confirm: str


class SweepResultListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[SweepResultOut]


def _lines(lines: tuple[ConditionLine, ...]) -> list[ConditionLineOut]:
    return [
        ConditionLineOut(status=str(line.status), text_vi=line.text_vi, text_en=line.text_en,
                         legal_basis=line.legal_basis, depth=line.depth)
        for line in lines
    ]


def _check_out(check: AwardCheck) -> AwardCheckOut:
    return AwardCheckOut(
        award_code=check.award_code,
        award_name=check.award_name,
        verdict=str(check.verdict.verdict),
        result=str(check.result),
        missing=_lines(check.blocking),
        to_confirm=_lines(check.pending),
        lines=_lines(check.verdict.lines),
    )


def _sweep_out(run: SweepRun) -> SweepOut:
    return SweepOut(
        id=run.pk, unit_id=run.unit_id, unit_name=run.unit.name, year=run.year,
        decision_date=run.decision_date, status=run.status, processed=run.processed,
        total=run.total, percent=run.percent,
        counts={str(k): int(v) for k, v in (run.counts or {}).items()},
        rules_source=run.rules_source, error=run.error,
    )


@router.get("/persons/{pk}", response=PersonEligibilityOut, url_name="eligibility_person")
def check_person(request: HttpRequest, pk: int, year: int | None = None,
                 decision_date: dt.date | None = None) -> PersonEligibilityOut:
    """Return the verdict of every award type open to a person for `year`."""
    person = selectors.get_person_for_user(request.user, pk)
    chosen = year or timezone.localdate().year
    result = selectors.check_subject(request.user, person, year=chosen,
                                     decision_date=decision_date)
    return PersonEligibilityOut(
        person_id=person.pk, year=result.year, decision_date=result.decision_date,
        rule_set=result.rule_set, rules_from_catalogue=result.rules_from_catalogue,
        awards=[_check_out(check) for check in result.checks],
    )


@router.post("/sweeps", response={202: SweepOut}, url_name="eligibility_sweep_start")
def start_sweep(request: HttpRequest, payload: SweepStartIn) -> tuple[int, SweepOut]:
    """Start a sweep of a unit's subtree; poll its status until it is done."""
    unit = selectors.get_unit_for_user(request.user, payload.unit_id)
    run = services.run_sweep(actor=request.user, unit=unit, year=payload.year,
                             decision_date=payload.decision_date)
    return 202, _sweep_out(selectors.get_sweep_for_user(request.user, run.pk))


@router.get("/sweeps/{pk}", response=SweepOut, url_name="eligibility_sweep")
def get_sweep(request: HttpRequest, pk: int) -> SweepOut:
    """Return a sweep's status and progress."""
    return _sweep_out(selectors.get_sweep_for_user(request.user, pk))


@router.get("/sweeps/{pk}/results", response=SweepResultListOut,
            url_name="eligibility_sweep_results")
def list_results(request: HttpRequest, pk: int, page: int = 1, result: str = "",
                 award: str = "", subject_kind: str = "", q: str = "") -> SweepResultListOut:
    """Return one page of a sweep's rows, filtered like the web page."""
    run = selectors.get_sweep_for_user(request.user, pk)
    filters = ResultFilters(
        kind=result if result in ResultKind.values else "", award=award,
        subject_kind=subject_kind, q=q.strip(),
    )
    found = Paginator(selectors.list_sweep_results(run, filters),
                      settings.PAGE_SIZE).get_page(page)
    return SweepResultListOut(
        count=found.paginator.count, page=found.number, pages=found.paginator.num_pages,
        items=[_result_out(row) for row in found],
    )


def _result_out(row: SweepResult) -> SweepResultOut:
    return SweepResultOut(
        subject_kind=row.subject_kind, person_id=row.person_id, household_id=row.household_id,
        collective_id=row.collective_id, subject_name=row.subject_name,
        subjects=row.subjects, award_code=row.award_code, award_name=row.award_name,
        result=row.kind,
        missing=row.missing, missing_basis=row.missing_basis, to_confirm=row.to_confirm,
    )
