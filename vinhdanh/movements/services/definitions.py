"""Writes that define a movement: launch it, name its participants, indicators and rules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, DomainError, ErrorCode, ValidationFailed
from vinhdanh.movements.models import (
    Aggregation,
    Indicator,
    Movement,
    MovementStatus,
    Participation,
    RuleKind,
    ValidationRule,
    ValueType,
)
from vinhdanh.movements.periods import PeriodType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files import File

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser

#: The life of a movement: launched, run, reviewed midway and at the end, closed.
ALLOWED: Mapping[str, frozenset[str]] = {
    MovementStatus.DRAFT: frozenset({MovementStatus.LAUNCHED}),
    MovementStatus.LAUNCHED: frozenset({MovementStatus.IN_PROGRESS, MovementStatus.DRAFT}),
    MovementStatus.IN_PROGRESS: frozenset(
        {MovementStatus.INTERIM_REVIEW, MovementStatus.FINAL_REVIEW}
    ),
    MovementStatus.INTERIM_REVIEW: frozenset({MovementStatus.IN_PROGRESS}),
    MovementStatus.FINAL_REVIEW: frozenset({MovementStatus.CLOSED}),
    MovementStatus.CLOSED: frozenset(),
}

#: Statuses in which units report values.
OPEN_FOR_DATA = frozenset(
    {
        MovementStatus.LAUNCHED,
        MovementStatus.IN_PROGRESS,
        MovementStatus.INTERIM_REVIEW,
        MovementStatus.FINAL_REVIEW,
    }
)


@transaction.atomic
def create_movement(
    *,
    actor: Actor,
    code: str,
    name: str,
    launched_by: OrgUnit,
    start: dt.date,
    end: dt.date,
    description: str = "",
    is_public: bool = False,
    plan_document: File[bytes] | None = None,
) -> Movement:
    """Create a draft movement launched by `launched_by` for its whole subtree."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, launched_by)
    if end < start:
        raise ValidationFailed(_("The end date must not be before the start date."), field="end")
    if Movement.objects.filter(code=code).exists():
        raise Conflict(_("A movement with code %(code)s already exists.") % {"code": code},
                       field="code")
    movement = Movement(code=code, name=name.strip(), launched_by=launched_by, start=start,
                        end=end, description=description, is_public=is_public)
    if plan_document is not None:
        movement.plan_document.save(plan_document.name or "plan", plan_document, save=False)
    movement.save()
    Participation.objects.create(movement=movement, unit=launched_by, include_subtree=True)
    record_event(actor=actor, action="movements.create", target=movement,
                 unit_path=launched_by.path, data={"code": code, "name": movement.name})
    return movement


@transaction.atomic
def change_movement_status(*, actor: Actor, movement: Movement, to: str) -> Movement:
    """Move a movement along its life (launch, review, close)."""
    movement = Movement.objects.select_for_update(of=("self",)).select_related("launched_by").get(
        pk=movement.pk
    )
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    if to not in ALLOWED[movement.status]:
        raise DomainError(
            _("A movement that is %(current)s cannot become %(to)s.")
            % {"current": movement.get_status_display(),
               "to": MovementStatus(to).label},
            code=ErrorCode.INVALID_TRANSITION,
        )
    before = movement.status
    movement.status = to
    movement.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="movements.status", target=movement,
                 unit_path=movement.launched_by.path, data={"from": before, "to": to})
    return movement


def launch_movement(*, actor: Actor, movement: Movement) -> Movement:
    """Launch a draft movement: units may now register and report."""
    return change_movement_status(actor=actor, movement=movement, to=MovementStatus.LAUNCHED)


@transaction.atomic
def set_participants(
    *, actor: Actor, movement: Movement, units: Sequence[OrgUnit], include_subtree: bool
) -> list[Participation]:
    """Replace the units taking part in `movement` (each alone or with its subtree)."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    outside = [u.name for u in units if not u.path.startswith(movement.launched_by.path)]
    if outside:
        raise ValidationFailed(
            _("These units are outside the launching unit: %(names)s.")
            % {"names": ", ".join(outside)}, field="units")
    Participation.objects.filter(movement=movement).delete()
    rows = Participation.objects.bulk_create(
        Participation(movement=movement, unit=u, include_subtree=include_subtree) for u in units
    )
    record_event(actor=actor, action="movements.participants", target=movement,
                 unit_path=movement.launched_by.path,
                 data={"units": [u.code for u in units], "include_subtree": include_subtree})
    return rows


def check_indicator_fields(
    *, aggregation: str, period_type: str, value_type: str, numerator: Indicator | None,
    denominator: Indicator | None,
) -> dict[str, str]:
    """Return the reasons, by field, why an indicator definition is inconsistent."""
    errors: dict[str, str] = {}
    if aggregation not in Aggregation.values:
        errors["aggregation"] = _("Unknown aggregation %(value)s.") % {"value": aggregation}
    if period_type not in PeriodType.values:
        errors["period_type"] = _("Unknown period type %(value)s.") % {"value": period_type}
    if value_type not in ValueType.values:
        errors["value_type"] = _("Unknown value type %(value)s.") % {"value": value_type}
    if aggregation == Aggregation.RATIO and (numerator is None or denominator is None):
        errors["numerator"] = _("A ratio needs a numerator and a denominator indicator.")
    if aggregation == Aggregation.SHARE_TRUE and value_type != ValueType.BOOLEAN:
        errors["value_type"] = _("A share of yes answers needs yes/no values.")
    return errors


@transaction.atomic
def define_indicator(
    *,
    actor: Actor,
    movement: Movement,
    code: str,
    name: str,
    aggregation: str = Aggregation.SUM,
    period_type: str = PeriodType.YEAR,
    measure_unit: str = "",
    target: Decimal | None = None,
    target_scope: str = "overall",
    direction: str = "higher_better",
    numerator: Indicator | None = None,
    denominator: Indicator | None = None,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Indicator:
    """Create or redefine the indicator `code` of `movement`."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    value_type = ValueType.BOOLEAN if aggregation == Aggregation.SHARE_TRUE else ValueType.NUMBER
    errors = check_indicator_fields(aggregation=aggregation, period_type=period_type,
                                    value_type=value_type, numerator=numerator,
                                    denominator=denominator)
    if errors:
        field, message = next(iter(errors.items()))
        raise ValidationFailed(message, field=field)
    indicator, created = Indicator.objects.update_or_create(
        movement=movement, code=code,
        defaults={
            "name": name.strip(), "aggregation": aggregation, "period_type": period_type,
            "measure_unit": measure_unit, "target": target, "target_scope": target_scope,
            "direction": direction, "numerator": numerator, "denominator": denominator,
            "value_type": value_type, "min_value": min_value, "max_value": max_value,
        },
        create_defaults={
            "name": name.strip(), "aggregation": aggregation, "period_type": period_type,
            "measure_unit": measure_unit, "target": target, "target_scope": target_scope,
            "direction": direction, "numerator": numerator, "denominator": denominator,
            "value_type": value_type, "min_value": min_value, "max_value": max_value,
            "position": Indicator.objects.filter(movement=movement).count(),
        },
    )
    record_event(actor=actor, action="movements.indicator", target=indicator,
                 unit_path=movement.launched_by.path,
                 data={"code": code, "created": created, "aggregation": aggregation,
                       "target": target})
    return indicator


@transaction.atomic
def define_rule(
    *,
    actor: Actor,
    movement: Movement,
    kind: str,
    left_codes: Sequence[str],
    message: str,
    right_code: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> ValidationRule:
    """Add a validation rule over the indicators of `movement`."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    known = set(Indicator.objects.filter(movement=movement).values_list("code", flat=True))
    named = [*left_codes, *([right_code] if kind == RuleKind.SUM_EQUALS else [])]
    unknown = [code for code in named if code not in known]
    if kind not in RuleKind.values or not left_codes or unknown:
        raise ValidationFailed(
            _("The rule names unknown indicators: %(codes)s.") % {"codes": ", ".join(unknown)}
            if unknown else _("The rule needs a kind and at least one indicator."),
            field="left_codes")
    rule = ValidationRule.objects.create(
        movement=movement, kind=kind, left_codes=list(left_codes), right_code=right_code,
        min_value=min_value, max_value=max_value, message=message.strip())
    record_event(actor=actor, action="movements.rule", target=rule,
                 unit_path=movement.launched_by.path,
                 data={"kind": kind, "left": list(left_codes), "right": right_code})
    return rule


@transaction.atomic
def update_movement(
    *,
    actor: Actor,
    movement: Movement,
    name: str,
    start: dt.date,
    end: dt.date,
    description: str = "",
    is_public: bool = False,
    plan_document: File[bytes] | None = None,
) -> Movement:
    """Change what a movement says about itself; its code and launching unit stay."""
    movement = Movement.objects.select_for_update(of=("self",)).select_related(
        "launched_by").get(pk=movement.pk)
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    if end < start:
        raise ValidationFailed(_("The end date must not be before the start date."), field="end")
    if not name.strip():
        raise ValidationFailed(_("Name: the movement needs a name."), field="name")
    movement.name, movement.start, movement.end = name.strip(), start, end
    movement.description, movement.is_public = description, is_public
    if plan_document is not None:
        movement.plan_document.save(plan_document.name or "plan", plan_document, save=False)
    movement.save()
    record_event(actor=actor, action="movements.update", target=movement,
                 unit_path=movement.launched_by.path,
                 data={"name": movement.name, "start": start.isoformat(),
                       "end": end.isoformat(), "public": is_public,
                       "plan": movement.plan_document.name or ""})
    return movement
