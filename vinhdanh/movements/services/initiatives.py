"""Initiatives (sáng kiến): registered with their authors, recognised by a council.

A recognised initiative is a condition of the Chiến sĩ thi đua titles (Law 06/2022
Art 21–23, at the scope each title names). Recognition is an act of the initiative council of the
recognising body; its decision is the source of one ledger entry per author, written
through the ledger's own service, so the eligibility rules count it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.core.text import fold, to_nfc
from vinhdanh.movements.models import Initiative, InitiativeAuthor, Movement
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, Effect, EntryKind, Scope
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser


def _check_choices(scope: str, effect: str) -> None:
    if scope not in Scope.values:
        raise ValidationFailed(_("Scope: unknown value “%(value)s”.") % {"value": scope},
                               field="scope")
    if effect not in Effect.values:
        raise ValidationFailed(_("Effect: unknown value “%(value)s”.") % {"value": effect},
                               field="effect")


@transaction.atomic
def register_initiative(
    *, actor: Actor, unit: OrgUnit, title: str, scope: str, effect: str,
    authors: Sequence[Person], description: str = "", movement: Movement | None = None,
) -> Initiative:
    """Record an initiative applied in `unit`, written by `authors` (people of the subtree)."""
    ensure_can(actor, Action.CHANGE_PERSON, unit)
    if not title.strip():
        raise ValidationFailed(_("Title: the initiative needs a title."), field="title")
    _check_choices(scope, effect)
    if not authors:
        raise ValidationFailed(_("Authors: name at least one author."), field="authors")
    outside = [p.full_name for p in authors if not p.unit.path.startswith(unit.path)]
    if outside:
        raise ValidationFailed(_("Authors: %(names)s do not belong to %(unit)s.")
                               % {"names": ", ".join(outside), "unit": unit.name},
                               field="authors")
    initiative = Initiative.objects.create(
        unit=unit, movement=movement, title=to_nfc(title.strip()), scope=scope, effect=effect,
        description=description.strip(), created_by=cast("User", actor))
    InitiativeAuthor.objects.bulk_create(
        InitiativeAuthor(initiative=initiative, person=p) for p in authors)
    record_event(actor=actor, action="movements.initiative", target=initiative,
                 unit_path=unit.path,
                 data={"title": initiative.title, "scope": scope, "effect": effect,
                       "authors": [p.pk for p in authors]})
    return initiative


def _decision(*, number: str, date: dt.date, body: OrgUnit) -> Decision:
    """Return the council decision `number` of `date` by `body`, registering it once.

    One council decision usually recognises several initiatives, so a second
    recognition under the same decision reuses it.
    """
    found = Decision.objects.filter(issuer=body, number=number, date=date).first()
    if found is not None:
        return found
    return Decision.objects.create(number=number, date=date, issuer=body,
                                   number_folded=fold(number))


@transaction.atomic
def recognise_initiative(
    *, actor: Actor, initiative: Initiative, number: str, date: dt.date, body: OrgUnit,
) -> Initiative:
    """Record the council's recognition and write each author's "initiative" ledger entry."""
    initiative = (Initiative.objects.select_for_update(of=("self",))
                  .select_related("unit").get(pk=initiative.pk))
    # The recognising body's council decides; it must be the unit itself or above it.
    ensure_can(actor, Action.MANAGE_MOVEMENT, body)
    if not initiative.unit.path.startswith(body.path):
        raise ValidationFailed(_("Body: %(body)s is not above %(unit)s.")
                               % {"body": body.name, "unit": initiative.unit.name},
                               field="body")
    if initiative.decision_id is not None:
        raise Conflict(_("This initiative has already been recognised."), field="number")
    number = to_nfc(number.strip())
    if not number:
        raise ValidationFailed(_("Decision number: the number is required."), field="number")
    if date > timezone.localdate():
        raise ValidationFailed(_("Decision date: a decision cannot be dated in the future."),
                               field="date")
    decision = _decision(number=number, date=date, body=body)
    authors = list(initiative.authors.select_related("person__unit").order_by("pk"))
    names = ", ".join(a.person.full_name for a in authors)[:500]
    data = EntryData(kind=EntryKind.INITIATIVE, year=date.year, title=initiative.title[:500],
                     authors=names, scope=initiative.scope, effect=initiative.effect,
                     recognized_by=f"{body.name} ({number})"[:255], date=date)
    for author in authors:
        author.entry = record_entry(actor=actor, subject=author.person, data=data,
                                    source=decision)
        author.save(update_fields=["entry"])
    initiative.decision, initiative.recognised_at = decision, timezone.now()
    initiative.save(update_fields=["decision", "recognised_at", "updated_at"])
    record_event(actor=actor, action="movements.initiative_recognised", target=initiative,
                 unit_path=initiative.unit.path,
                 data={"decision": decision.pk, "number": number, "date": date.isoformat(),
                       "body": body.pk, "entries": [a.entry_id for a in authors]})
    return initiative
