"""REST endpoints for movements (mounted at /api/v1/movements/)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from vinhdanh.movements import rollup, selectors, services
from vinhdanh.movements.models import Movement
from vinhdanh.movements.services.values import parse_period_or_fail

router = Router(tags=["movements"])


class MovementOut(Schema):
    id: int
    code: str
    name: str
    launched_by_id: int
    launched_by_name: str
    start: dt.date
    end: dt.date
    status: str


class IndicatorProgressOut(Schema):
    code: str
    name: str
    aggregation: str
    value: Decimal | None
    target: Decimal | None
    percent_of_target: Decimal | None
    reporting_units: int


class ProgressOut(Schema):
    movement: str
    unit_id: int
    as_of: dt.date
    indicators: list[IndicatorProgressOut]


class ValuesEnterIn(Schema):
    values: dict[str, str | int | float | bool | None]
    submit: bool = False
    explanation: str = ""


class SubmissionOut(Schema):
    unit_id: int
    period: str
    status: str
    violations: list[str]


def _movement_out(m: Movement) -> MovementOut:
    return MovementOut(id=m.pk, code=m.code, name=m.name, launched_by_id=m.launched_by_id,
                       launched_by_name=m.launched_by.name, start=m.start, end=m.end,
                       status=m.status)


@router.get("/", response=list[MovementOut])
def list_movements(request: HttpRequest) -> list[MovementOut]:
    """Return the movements the user may follow."""
    return [_movement_out(m) for m in selectors.list_movements(user=request.user)]


@router.get("/{pk}/progress", response=ProgressOut)
def get_progress(request: HttpRequest, pk: int, unit: int | None = None,
                 as_of: dt.date | None = None) -> ProgressOut:
    """Return the movement's indicators rolled up to `unit` as of `as_of` (default today)."""
    movement = selectors.get_movement_for_user(request.user, pk)
    place = (selectors.get_unit_for_user(request.user, movement, unit) if unit is not None
             else selectors.default_unit_for_user(request.user, movement))
    result = rollup.progress(movement, place, as_of or timezone.localdate())
    return ProgressOut(
        movement=movement.code, unit_id=place.pk, as_of=result.as_of,
        indicators=[IndicatorProgressOut(
            code=r.indicator.code, name=r.indicator.name, aggregation=r.indicator.aggregation,
            value=r.value, target=r.target, percent_of_target=r.percent_of_target,
            reporting_units=r.reporting_units) for r in result.rows])


@router.put("/{pk}/units/{unit_pk}/periods/{period}/values", response=SubmissionOut)
def enter_values(request: HttpRequest, pk: int, unit_pk: int, period: str,
                 payload: ValuesEnterIn) -> SubmissionOut:
    """Store a unit's values for a period, and submit them when asked."""
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    services.enter_values(actor=request.user, movement=movement, unit=unit, period=period,
                          values=payload.values)
    violations = services.check_values(movement=movement, unit=unit, period=period)
    status = "not_submitted"
    if payload.submit:
        status = services.submit_values(actor=request.user, movement=movement, unit=unit,
                                        period=period, explanation=payload.explanation).status
    else:
        _values, submission = selectors.get_entry(movement, unit,
                                                  parse_period_or_fail(period))
        status = submission.status if submission else status
    return SubmissionOut(unit_id=unit.pk, period=period, status=status,
                         violations=[v.message for v in violations])
