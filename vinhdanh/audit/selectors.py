"""Reads of the audit log, limited to the viewer's subtree."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from vinhdanh.accounts.models import Role
from vinhdanh.accounts.policy import Action, held_grants, path_filter
from vinhdanh.audit.models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


def list_events(*, user: User | AnonymousUser) -> QuerySet[AuditEvent]:
    """Return the events the user may read, newest first.

    Events of a unit are visible over VIEW_AUDIT's subtree; events with no unit (logins
    locked out, accounts created) only to system administrators of a whole tree (a
    province or ministry), since they may concern anybody.
    """
    scope = path_filter(user, Action.VIEW_AUDIT, lookup="unit_path")
    if any(g.role == Role.SYSTEM_ADMIN and g.path.count("/") == 2 for g in held_grants(user)):
        scope |= Q(unit_path="")
    return AuditEvent.objects.filter(scope).order_by("-seq")


@dataclass(frozen=True)
class EventPage:
    """One page of the log, addressed by seq (keyset), so page 10,000 costs as much as page 1."""

    events: list[AuditEvent]
    older_than: int | None  # pass as `before` to read the next (older) page
    newest: bool


def page_events(*, user: User | AnonymousUser, before: int | None, size: int) -> EventPage:
    """Return up to `size` events older than seq `before` (the newest when None)."""
    events = list_events(user=user)
    if before is not None:
        events = events.filter(seq__lt=before)
    rows = list(events[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return EventPage(events=rows, older_than=rows[-1].seq if more and rows else None,
                     newest=before is None)
