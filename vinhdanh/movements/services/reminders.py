"""Reminders to units that owe a report: one e-mail per unit, at most once a day.

The level above sends them from the completeness board (Action.APPROVE_MOVEMENT_DATA on
the board's unit, the same right that approves the reports); a scheduled job sends them
for the whole movement with `vinhdanh movements remind`. A unit reminded today is not
reminded again the same day, so the job may run as often as cron likes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.movements.models import (
    Movement,
    ReminderBatch,
    Submission,
    SubmissionStatus,
    UnitReminder,
)
from vinhdanh.movements.periods import Period
from vinhdanh.movements.rollup import valid_on
from vinhdanh.movements.selectors import participation_filter
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Actor = User | AnonymousUser

#: Who enters a unit's figures, hence who is told they are missing.
RECIPIENT_ROLES = (Role.EMULATION_OFFICER, Role.DATA_ENTRY_CLERK)
#: Reports still owed: never sent, or sent back for correction.
OWED = (SubmissionStatus.NOT_SUBMITTED, SubmissionStatus.RETURNED)


@dataclass(frozen=True)
class ReminderResult:
    batch: ReminderBatch | None
    reminded: list[OrgUnit]
    skipped_today: list[OrgUnit]
    without_address: list[OrgUnit]


def deadline_of(movement: Movement, period: Period) -> dt.date:
    return period.end + dt.timedelta(days=movement.submission_days)


def owing_units(*, movement: Movement, root: OrgUnit, period: Period,
                whole_subtree: bool = False) -> list[OrgUnit]:
    """Return the participating units below `root` whose report for `period` is owed.

    The board's rows are `root`'s children; the scheduled job takes every level below.
    Three queries: participations, units, their submissions.
    """
    units = OrgUnit.objects.filter(participation_filter(movement), valid_on(period.end))
    if whole_subtree:
        units = units.filter(path__startswith=root.path).exclude(pk=root.pk)
    else:
        units = units.filter(parent=root)
    found = list(units.order_by("path"))
    status = dict(Submission.objects.filter(movement=movement, period=str(period),
                                            unit__in=found).values_list("unit_id", "status"))
    return [u for u in found if status.get(u.pk, SubmissionStatus.NOT_SUBMITTED) in OWED]


def last_reminded(*, movement: Movement, period: Period,
                  units: list[OrgUnit]) -> dict[int, dt.date]:
    """Return the day each of `units` was last reminded about `period` (one query)."""
    rows = (UnitReminder.objects.filter(movement=movement, period=str(period), unit__in=units)
            .values("unit_id").annotate(day=Max("sent_on")).order_by())
    return {row["unit_id"]: row["day"] for row in rows}


def _addresses(units: list[OrgUnit]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    grants = (RoleGrant.objects.filter(unit__in=units, role__in=RECIPIENT_ROLES,
                                       user__is_active=True)
              .exclude(user__email="").values_list("unit_id", "user__email").order_by("pk"))
    for unit_id, email in grants:
        if email not in found.setdefault(unit_id, []):
            found[unit_id].append(email)
    return found


def _message(movement: Movement, unit: OrgUnit, period: Period, deadline: dt.date,
             to: list[str]) -> EmailMessage:
    subject = _("Reminder: report of %(unit)s for %(period)s — %(movement)s") % {
        "unit": unit.name, "period": period, "movement": movement.name}
    body = _(
        "Dear officers of %(unit)s,\n\n"
        "The report of %(unit)s for period %(period)s of the movement \"%(movement)s\" "
        "has not been submitted yet (or was returned for correction). The deadline is "
        "%(deadline)s.\n\nPlease enter and submit the values in Vinh Danh.\n\n"
        "%(sender)s"
    ) % {"unit": unit.name, "period": period, "movement": movement.name,
         "deadline": deadline.strftime("%d/%m/%Y"), "sender": movement.launched_by.name}
    return EmailMessage(subject=subject, body=body, to=to)


@transaction.atomic
def send_reminders(*, actor: Actor | None, movement: Movement, root: OrgUnit, period: Period,
                   whole_subtree: bool = False) -> ReminderResult:
    """E-mail the officers of each unit below `root` that owes its `period` report.

    `actor` None is the scheduled job run by the server's operator, who holds every
    right already; a person needs the right to approve reports at `root`.
    """
    if actor is not None:
        ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, root)
    now = timezone.now()
    today = timezone.localdate(now)
    owing = owing_units(movement=movement, root=root, period=period,
                        whole_subtree=whole_subtree)
    done_today = set(UnitReminder.objects.filter(
        movement=movement, period=str(period), sent_on=today, unit__in=owing,
    ).values_list("unit_id", flat=True))
    skipped = [u for u in owing if u.pk in done_today]
    due = [u for u in owing if u.pk not in done_today]
    addresses = _addresses(due)
    without = [u for u in due if not addresses.get(u.pk)]
    reached = [u for u in due if addresses.get(u.pk)]
    if not reached:
        return ReminderResult(None, [], skipped, without)
    batch = ReminderBatch.objects.create(
        movement=movement, root=root, period=str(period), sent_at=now,
        sent_by=actor if isinstance(actor, User) else None, via_command=actor is None)
    UnitReminder.objects.bulk_create([
        UnitReminder(batch=batch, movement=movement, unit=u, period=str(period), sent_on=today,
                     recipients=addresses[u.pk])
        for u in reached
    ])
    deadline = deadline_of(movement, period)
    # Sent inside the transaction: if the mail server refuses, nothing is recorded as sent.
    get_connection().send_messages(
        [_message(movement, u, period, deadline, addresses[u.pk]) for u in reached])
    record_event(actor=actor, action="movements.remind", target=batch, unit_path=root.path,
                 data={"period": str(period), "units": [u.code for u in reached],
                       "without_address": [u.code for u in without]})
    return ReminderResult(batch, reached, skipped, without)
