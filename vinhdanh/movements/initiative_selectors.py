"""Reads of initiatives (sáng kiến) and of what their forms offer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone

from vinhdanh.accounts.policy import Action, can, granted_paths, unit_filter
from vinhdanh.movements.models import Initiative, InitiativeAuthor
from vinhdanh.movements.rollup import valid_on
from vinhdanh.people.models import Person
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser

#: The author picker lists at most this many people; the rest are found by narrowing the unit.
MAX_AUTHOR_CHOICES = 1000


def _authors() -> Prefetch[str]:
    return Prefetch("authors", queryset=InitiativeAuthor.objects.select_related("person")
                    .order_by("pk"))


def list_initiatives(*, user: Viewer) -> list[Initiative]:
    """Return the initiatives of units `user` may view, with unit, decision and authors.

    Two queries: the initiatives (joined to unit, decision and its issuer), their authors.
    """
    return list(Initiative.objects.filter(unit_filter(user, Action.VIEW_PERSON))
                .select_related("unit", "decision__issuer", "movement")
                .prefetch_related(_authors()).order_by("-created_at", "-pk")[:500])


def get_initiative_for_user(user: Viewer, pk: int) -> Initiative:
    initiative = (Initiative.objects.select_related("unit", "decision__issuer", "movement")
                  .prefetch_related(_authors()).filter(pk=pk).first())
    if initiative is None or not can(user, Action.VIEW_PERSON, initiative.unit):
        raise Http404
    return initiative


def author_units(user: Viewer) -> list[OrgUnit]:
    """Return the current units whose people `user` may record initiatives for."""
    return list(OrgUnit.objects.filter(unit_filter(user, Action.CHANGE_PERSON, field=""),
                                       valid_on(timezone.localdate())).order_by("path")[:500])


def author_choices(user: Viewer) -> list[Person]:
    """Return the people `user` may name as authors (one query)."""
    return list(Person.objects.filter(unit_filter(user, Action.CHANGE_PERSON))
                .select_related("unit").order_by("full_name", "pk")[:MAX_AUTHOR_CHOICES])


def recognising_bodies(user: Viewer, initiative: Initiative) -> list[OrgUnit]:
    """Return the units at or above the initiative's unit whose council `user` records for."""
    paths = granted_paths(user, Action.MANAGE_MOVEMENT)
    parts = initiative.unit.path.strip("/").split("/")
    above = ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
    allowed = [p for p in above if any(p.startswith(g) for g in paths)]
    if not allowed:
        return []
    return list(OrgUnit.objects.filter(Q(path__in=allowed)).order_by("-depth"))
