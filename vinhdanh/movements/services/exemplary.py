"""Writes on exemplary models (điển hình tiên tiến) brought out by a movement."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import NotFound, ValidationFailed
from vinhdanh.movements.models import ExemplaryModel, Movement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser


@transaction.atomic
def recognise_exemplary_model(
    *, actor: Actor, movement: Movement, unit: OrgUnit, title: str, subject_name: str,
    year: int, is_collective: bool = False, description: str = "", is_public: bool = False,
) -> ExemplaryModel:
    """Record an exemplary model of `unit`; the level above the unit recognises it."""
    # Like approval of reported values, a unit does not recognise its own example.
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, unit.parent)
    if not unit.path.startswith(movement.launched_by.path):
        raise NotFound(_("This unit does not take part in the movement."))
    if not title.strip() or not subject_name.strip():
        raise ValidationFailed(_("Give the example a title and name who it is."), field="title")
    if not movement.start.year <= year <= movement.end.year:
        raise ValidationFailed(_("The year must fall within the movement."), field="year")
    model = ExemplaryModel.objects.create(
        movement=movement, unit=unit, title=title.strip(), subject_name=subject_name.strip(),
        is_collective=is_collective, year=year, description=description.strip(),
        is_public=is_public, recognised_by=cast("User", actor))
    record_event(actor=actor, action="movements.exemplary", target=model, unit_path=unit.path,
                 data={"title": model.title, "year": year, "public": is_public})
    return model
