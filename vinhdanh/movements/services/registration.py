"""Writes on emulation registrations: a unit registers its goals, the level above decides."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import DomainError, ErrorCode, NotFound, ValidationFailed
from vinhdanh.movements.models import Movement, Registration, RegistrationStatus
from vinhdanh.movements.services.definitions import OPEN_FOR_DATA

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser


@transaction.atomic
def register_unit(
    *, actor: Actor, movement: Movement, unit: OrgUnit, year: int, goals: str
) -> Registration:
    """Register `unit`'s goals in `movement` for `year`, or resubmit a returned registration."""
    ensure_can(actor, Action.ENTER_MOVEMENT_DATA, unit)
    if not unit.path.startswith(movement.launched_by.path):
        raise NotFound(_("This unit does not take part in the movement."))
    if movement.status not in OPEN_FOR_DATA:
        raise DomainError(_("The movement is not open for reporting."),
                          code=ErrorCode.INVALID_TRANSITION)
    if not movement.start.year <= year <= movement.end.year:
        raise ValidationFailed(_("The year must fall within the movement."), field="year")
    if not goals.strip():
        raise ValidationFailed(_("Write the goals the unit registers."), field="goals")
    registration = Registration.objects.select_for_update().filter(
        movement=movement, unit=unit, year=year).first()
    if registration is not None and registration.status == RegistrationStatus.APPROVED:
        raise DomainError(_("The registration is already approved."),
                          code=ErrorCode.INVALID_TRANSITION)
    if registration is None:
        registration = Registration(movement=movement, unit=unit, year=year)
    registration.goals = goals.strip()
    registration.status = RegistrationStatus.SUBMITTED
    registration.registered_by = cast("User", actor)
    registration.save()
    record_event(actor=actor, action="movements.register", target=registration,
                 unit_path=unit.path, data={"year": year})
    return registration


@transaction.atomic
def decide_registration(
    *, actor: Actor, registration: Registration, approve: bool, reason: str = ""
) -> Registration:
    """Approve a submitted registration, or return it with a reason (the level above)."""
    registration = Registration.objects.select_for_update(of=("self",)).select_related(
        "unit__parent").get(pk=registration.pk)
    # The parent level decides, as for reported values: no unit approves itself.
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, registration.unit.parent)
    if registration.status != RegistrationStatus.SUBMITTED:
        raise DomainError(_("Only a submitted registration can be decided."),
                          code=ErrorCode.INVALID_TRANSITION)
    if not approve and not reason.strip():
        raise ValidationFailed(_("Say why the registration is returned."), field="reason")
    if approve:
        registration.status = RegistrationStatus.APPROVED
        registration.approved_by = cast("User", actor)
        registration.approved_at = timezone.now()
    else:
        registration.status = RegistrationStatus.RETURNED
        registration.reason = reason.strip()
    registration.save()
    record_event(actor=actor, action="movements.registration_decided", target=registration,
                 unit_path=registration.unit.path,
                 data={"approved": approve, "reason": reason.strip()})
    return registration
