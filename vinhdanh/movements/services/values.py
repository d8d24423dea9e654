"""Writes on reported values: enter, submit, approve (lock), return and reopen.

A unit's officer enters and submits its own values (Action.ENTER_MOVEMENT_DATA on the
unit); the level above approves, returns or reopens them (Action.APPROVE_MOVEMENT_DATA
on the parent unit), so nobody approves their own unit's figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import DomainError, ErrorCode, NotFound, ValidationFailed
from vinhdanh.movements import rollup
from vinhdanh.movements.errors import RuleViolationsUnexplained, ValuesLocked, ValuesRejected
from vinhdanh.movements.models import (
    DataValue,
    Indicator,
    Movement,
    Submission,
    SubmissionStatus,
    ValidationRule,
    ValueType,
)
from vinhdanh.movements.periods import InvalidPeriod, Period, PeriodType, parse_period
from vinhdanh.movements.rules import RuleSpec, Violation, evaluate
from vinhdanh.movements.services.definitions import OPEN_FOR_DATA

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser

TRUE_WORDS = frozenset({"true", "1", "yes", "có", "đạt", "x"})
FALSE_WORDS = frozenset({"false", "0", "no", "không", "chưa đạt"})


def parse_period_or_fail(text: str) -> Period:
    try:
        return parse_period(text)
    except InvalidPeriod:
        raise ValidationFailed(
            _("%(period)s is not a period: write 2024, 2025-H1, 2025-Q2 or 2025-05.")
            % {"period": text}, field="period") from None


def coerce_value(indicator: Indicator, raw: object) -> tuple[Decimal | None, bool | None]:
    """Return the stored form (number, flag) of `raw`, or raise ValueError with the reason."""
    if indicator.value_type == ValueType.BOOLEAN:
        if isinstance(raw, bool):
            return None, raw
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return None, True
        if word in FALSE_WORDS:
            return None, False
        raise ValueError(_("expected yes or no"))
    if isinstance(raw, bool):
        raise ValueError(_("expected a number"))
    try:
        number = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("expected a number")) from None
    if not number.is_finite():
        raise ValueError(_("expected a number"))
    if indicator.min_value is not None and number < indicator.min_value:
        raise ValueError(_("must be at least %(min)s") % {"min": rollup.tidy(indicator.min_value)})
    if indicator.max_value is not None and number > indicator.max_value:
        raise ValueError(_("must be at most %(max)s") % {"max": rollup.tidy(indicator.max_value)})
    if number.as_tuple().exponent < -4 or abs(number) >= Decimal(10) ** 16:  # type: ignore[operator]
        raise ValueError(_("too many digits"))
    return number, None


def _locked_submission(movement: Movement, unit: OrgUnit, period: str) -> Submission:
    submission, _created = Submission.objects.select_for_update().get_or_create(
        movement=movement, unit=unit, period=period)
    return submission


def _ensure_open(movement: Movement, unit: OrgUnit) -> None:
    if movement.status not in OPEN_FOR_DATA:
        raise DomainError(_("The movement is not open for reporting."),
                          code=ErrorCode.INVALID_TRANSITION)
    if not unit.path.startswith(movement.launched_by.path):
        raise NotFound(_("This unit does not take part in the movement."))


@transaction.atomic
def enter_values(
    *, actor: Actor, movement: Movement, unit: OrgUnit, period: str,
    values: Mapping[str, object],
) -> list[DataValue]:
    """Store `unit`'s values for `period` (indicator code to value; empty clears)."""
    ensure_can(actor, Action.ENTER_MOVEMENT_DATA, unit)
    entered_by = cast("User", actor)  # the policy admits authenticated users only
    _ensure_open(movement, unit)
    parsed = parse_period_or_fail(period)
    if parsed.end < movement.start or parsed.start > movement.end:
        raise ValidationFailed(
            _("%(period)s lies outside the movement (%(start)s – %(end)s).")
            % {"period": parsed, "start": movement.start.strftime("%d/%m/%Y"),
               "end": movement.end.strftime("%d/%m/%Y")}, field="period")
    if not (unit.is_valid_on(parsed.start) or unit.is_valid_on(parsed.end)):
        raise ValidationFailed(
            _("%(unit)s did not exist in %(period)s; report under the unit of that time.")
            % {"unit": unit.name, "period": parsed}, field="period")
    submission = _locked_submission(movement, unit, str(parsed))
    if submission.is_locked:
        raise ValuesLocked(
            _("The values of %(unit)s for %(period)s are approved and locked; ask the level "
              "above to reopen them.") % {"unit": unit.name, "period": parsed})
    indicators = {i.code: i for i in Indicator.objects.filter(movement=movement)}
    errors: dict[str, str] = {}
    wanted: dict[int, tuple[Decimal | None, bool | None]] = {}
    cleared: list[int] = []
    for code, raw in values.items():
        indicator = indicators.get(code)
        if indicator is None:
            errors[code] = _("unknown indicator")
        elif indicator.is_computed:
            errors[code] = _("computed from other indicators; not entered")
        elif indicator.period_type != parsed.type:
            errors[code] = _("reported per %(type)s, not for %(period)s") % {
                "type": PeriodType(indicator.period_type).label.lower(), "period": parsed}
        elif raw is None or (isinstance(raw, str) and not raw.strip()):
            cleared.append(indicator.pk)
        else:
            try:
                wanted[indicator.pk] = coerce_value(indicator, raw)
            except ValueError as exc:
                errors[code] = str(exc)
    if errors:
        raise ValuesRejected(
            _("Some values were not accepted: %(list)s.")
            % {"list": "; ".join(f"{code}: {reason}" for code, reason in errors.items())},
            errors=errors)
    existing = {
        v.indicator_id: v
        for v in DataValue.objects.filter(indicator_id__in=[*wanted, *cleared], unit=unit,
                                          period=str(parsed))
    }
    changed: list[DataValue] = []
    created: list[DataValue] = []
    for indicator_id, (number, flag) in wanted.items():
        row = existing.get(indicator_id)
        if row is None:
            created.append(DataValue(indicator_id=indicator_id, unit=unit, period=str(parsed),
                                     period_start=parsed.start, period_end=parsed.end,
                                     value_number=number, value_bool=flag,
                                     entered_by=entered_by))
        elif row.value_number != number or row.value_bool != flag:
            row.value_number, row.value_bool, row.entered_by = number, flag, entered_by
            row.updated_at = timezone.now()
            changed.append(row)
    DataValue.objects.bulk_create(created)
    DataValue.objects.bulk_update(changed, ["value_number", "value_bool", "entered_by",
                                            "updated_at"])
    removed = [existing[i].pk for i in cleared if i in existing]
    DataValue.objects.filter(pk__in=removed).delete()
    if created or changed or removed:
        record_event(
            actor=actor, action="movements.enter_values", target=submission,
            unit_path=unit.path,
            data={"period": str(parsed), "created": len(created), "changed": len(changed),
                  "removed": len(removed)})
    return [*created, *changed]


def unit_values_as_of(
    movement: Movement, unit: OrgUnit, as_of: dt.date
) -> dict[str, Decimal | None]:
    """Return `unit`'s own numbers by indicator code as of `as_of` (flows added up)."""
    indicators = rollup.list_indicators(movement)
    query = rollup.value_windows(indicators, as_of)
    by_id = {i.pk: i for i in indicators}
    found: dict[str, Decimal | None] = {}
    rows = DataValue.objects.filter(query, unit=unit).values_list("indicator_id", "value_number",
                                                                  "value_bool")
    for indicator_id, number, flag in rows:
        code = by_id[indicator_id].code
        value = number if number is not None else (Decimal(int(flag)) if flag is not None else None)
        if value is not None:
            found[code] = (found.get(code) or Decimal(0)) + value
    return found


def rule_specs(movement: Movement) -> list[RuleSpec]:
    return [
        RuleSpec(r.pk, r.kind, tuple(r.left_codes), r.right_code, r.min_value, r.max_value,
                 r.message)
        for r in ValidationRule.objects.filter(movement=movement)
    ]


def check_values(*, movement: Movement, unit: OrgUnit, period: str) -> list[Violation]:
    """Return the rule violations of `unit`'s values as of the end of `period`."""
    parsed = parse_period_or_fail(period)
    return evaluate(rule_specs(movement), unit_values_as_of(movement, unit, parsed.end))


@transaction.atomic
def submit_values(
    *, actor: Actor, movement: Movement, unit: OrgUnit, period: str, explanation: str = ""
) -> Submission:
    """Submit `unit`'s values for `period` to the level above, with any rule violations.

    Violations do not stop the submission; they stop approval until the values are
    corrected or the unit explains them here.
    """
    ensure_can(actor, Action.ENTER_MOVEMENT_DATA, unit)
    _ensure_open(movement, unit)
    parsed = parse_period_or_fail(period)
    submission = _locked_submission(movement, unit, str(parsed))
    if submission.is_locked:
        raise ValuesLocked(_("These values are already approved."))
    violations = check_values(movement=movement, unit=unit, period=str(parsed))
    submission.status = SubmissionStatus.SUBMITTED
    submission.violations = [v.as_json() for v in violations]
    submission.explanation = explanation.strip()
    submission.submitted_at = timezone.now()
    submission.submitted_by = cast("User", actor)
    submission.save()
    record_event(actor=actor, action="movements.submit", target=submission, unit_path=unit.path,
                 data={"period": str(parsed), "violations": len(violations),
                       "explained": bool(submission.explanation)})
    return submission


def _ensure_above(actor: Actor, unit: OrgUnit) -> None:
    # The parent level approves: a unit's own officer never approves its own report.
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, unit.parent)


def _require(submission: Submission, *statuses: str) -> None:
    if submission.status not in statuses:
        raise DomainError(
            _("This report is %(status)s; the action is not possible now.")
            % {"status": submission.get_status_display().lower()},
            code=ErrorCode.INVALID_TRANSITION)


@transaction.atomic
def approve_values(*, actor: Actor, movement: Movement, unit: OrgUnit, period: str) -> Submission:
    """Approve `unit`'s submitted values for `period`, locking them."""
    _ensure_above(actor, unit)
    submission = _locked_submission(movement, unit, str(parse_period_or_fail(period)))
    _require(submission, SubmissionStatus.SUBMITTED)
    violations = check_values(movement=movement, unit=unit, period=submission.period)
    if violations and not submission.explanation:
        raise RuleViolationsUnexplained(
            _("The values break %(count)d validation rule(s): %(messages)s. The unit must "
              "correct them or explain them before approval.")
            % {"count": len(violations), "messages": "; ".join(v.message for v in violations)})
    submission.status = SubmissionStatus.APPROVED
    submission.violations = [v.as_json() for v in violations]
    submission.approved_at = timezone.now()
    submission.approved_by = cast("User", actor)
    submission.save()
    record_event(actor=actor, action="movements.approve", target=submission,
                 unit_path=unit.path, data={"period": submission.period})
    return submission


@transaction.atomic
def return_values(
    *, actor: Actor, movement: Movement, unit: OrgUnit, period: str, reason: str
) -> Submission:
    """Send `unit`'s submitted values back for correction, saying why."""
    _ensure_above(actor, unit)
    if not reason.strip():
        raise ValidationFailed(_("Say why the values are returned."), field="reason")
    submission = _locked_submission(movement, unit, str(parse_period_or_fail(period)))
    _require(submission, SubmissionStatus.SUBMITTED)
    submission.status = SubmissionStatus.RETURNED
    submission.reason = reason.strip()
    submission.save()
    record_event(actor=actor, action="movements.return", target=submission,
                 unit_path=unit.path, data={"period": submission.period, "reason": reason})
    return submission


@transaction.atomic
def reopen_values(
    *, actor: Actor, movement: Movement, unit: OrgUnit, period: str, reason: str = ""
) -> Submission:
    """Unlock approved values of `unit` for `period`; they await approval again."""
    _ensure_above(actor, unit)
    submission = _locked_submission(movement, unit, str(parse_period_or_fail(period)))
    _require(submission, SubmissionStatus.APPROVED)
    submission.status = SubmissionStatus.SUBMITTED
    submission.approved_at = None
    submission.approved_by = None
    submission.save()
    record_event(actor=actor, action="movements.reopen", target=submission,
                 unit_path=unit.path, data={"period": submission.period, "reason": reason})
    return submission
