"""Reads of the organisation tree: subtrees, the tree on a date, search and lineage.

A subtree is one indexed prefix query on the materialised path, and "the tree as it
was on day D" adds the validity range [valid_from, valid_to) to it: no recursion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, granted_paths, unit_filter
from vinhdanh.core.errors import NotFound
from vinhdanh.core.text import fold
from vinhdanh.units.models import (
    ENDING_KINDS,
    ChangeKind,
    LinkRole,
    OrgUnit,
    UnitChange,
    UnitChangeLink,
)
from vinhdanh.units.tree import subtree_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser

#: Changes after which the successors hold the predecessors' place.
REPLACING_KINDS = [*ENDING_KINDS, ChangeKind.RENAME, ChangeKind.CONTINUE]
#: Lineage is followed at most this many reorganisations deep (one query each).
MAX_LINEAGE_STEPS = 20


def valid_on(day: dt.date, *, field: str = "") -> Q:
    """Return a Q matching units valid on `day` (`field` prefixes a relation, e.g. "unit")."""
    prefix = f"{field}__" if field else ""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


def list_subtree(unit: OrgUnit, *, on: dt.date | None = None) -> QuerySet[OrgUnit]:
    """Return `unit` and every unit below it (valid on `on` if given), in tree order."""
    units = OrgUnit.objects.filter(subtree_q(unit.path))
    if on is not None:
        units = units.filter(valid_on(on))
    return units.order_by("path")


def list_tree_as_of(day: dt.date, *, root: OrgUnit | None = None) -> QuerySet[OrgUnit]:
    """Return the tree as it was on `day` (below `root` if given), in tree order."""
    units = OrgUnit.objects.filter(valid_on(day))
    if root is not None:
        units = units.filter(subtree_q(root.path))
    return units.order_by("path")


def list_units(
    user: Viewer, *, q: str = "", on: dt.date | None = None, parent: OrgUnit | None = None
) -> QuerySet[OrgUnit]:
    """Return the units the user may see, matching every folded word of `q`."""
    units = OrgUnit.objects.filter(unit_filter(user, Action.VIEW_UNIT, field=""))
    if parent is not None:
        units = units.filter(parent=parent)
    if on is not None:
        units = units.filter(valid_on(on))
    for word in fold(q).split():
        units = units.filter(Q(name_folded__contains=word) | Q(code__startswith=word))
    return units.select_related("parent").order_by("depth", "name_folded", "pk")


def search_units(user: Viewer, q: str, *, on: dt.date | None = None) -> QuerySet[OrgUnit]:
    """Return units in the user's scope whose folded name holds every word of `q`.

    "dak lak" finds "Tỉnh Đắk Lắk"; without `on`, units of every period are searched
    (so "nam dinh" finds the province that existed until 1 July 2025). Higher levels
    come first.
    """
    return list_units(user, q=q, on=on)


def list_scope_roots(user: Viewer, *, on: dt.date | None = None) -> QuerySet[OrgUnit]:
    """Return the top units of the user's scope (the units their roles are granted on)."""
    units = OrgUnit.objects.filter(path__in=granted_paths(user, Action.VIEW_UNIT))
    if on is not None:
        units = units.filter(valid_on(on))
    return units.select_related("parent").order_by("depth", "name_folded", "pk")


def list_children(unit: OrgUnit, *, on: dt.date | None = None) -> QuerySet[OrgUnit]:
    """Return the units directly below `unit`, valid on `on` if given, by name."""
    children = OrgUnit.objects.filter(parent=unit)
    if on is not None:
        children = children.filter(valid_on(on))
    return children.order_by("name_folded", "pk")


def get_unit_by_code(code: str, *, on: dt.date | None = None) -> OrgUnit:
    """Return the unit carrying `code` on `on` (today by default) or raise NotFound."""
    day = on or timezone.localdate()
    unit = OrgUnit.objects.filter(valid_on(day), code=code.strip()).select_related(
        "parent"
    ).first()
    if unit is None:
        raise NotFound(
            _("No unit has code %(code)s on %(day)s.")
            % {"code": code, "day": day.strftime("%d/%m/%Y")},
            field="code",
        )
    return unit


def get_unit_for_user(user: Viewer, pk: int, *, action: Action = Action.VIEW_UNIT) -> OrgUnit:
    """Return the unit with its parent, or raise Http404 when it is outside the user's scope."""
    unit = (
        OrgUnit.objects.filter(unit_filter(user, action, field=""), pk=pk)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def get_unit_for_user_by_code(
    user: Viewer, code: str, *, on: dt.date | None = None, action: Action = Action.VIEW_UNIT
) -> OrgUnit:
    """Return the unit carrying `code` on `on` (today by default) in the user's scope, or 404."""
    day = on or timezone.localdate()
    unit = (
        OrgUnit.objects.filter(unit_filter(user, action, field=""), valid_on(day), code=code)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def get_change_for_user(user: Viewer, pk: int) -> UnitChange:
    """Return a lineage event touching at least one unit in the user's scope, or raise Http404."""
    scoped = UnitChangeLink.objects.filter(unit_filter(user, Action.VIEW_UNIT), change_id=pk)
    change = (
        UnitChange.objects.filter(pk=pk, pk__in=scoped.values("change_id"))
        .prefetch_related(_links_prefetch())
        .first()
    )
    if change is None:
        raise Http404
    return change


def _links_prefetch() -> Prefetch[str, QuerySet[UnitChangeLink], str]:
    return Prefetch(
        "links",
        queryset=UnitChangeLink.objects.select_related("unit").order_by("unit__code", "pk"),
        to_attr="all_links",
    )


@dataclass(frozen=True)
class LineageEntry:
    """One lineage event seen from a unit: where it came from and what it became."""

    change: UnitChange
    predecessors: list[OrgUnit]
    successors: list[OrgUnit]


def list_lineage(unit: OrgUnit) -> list[LineageEntry]:
    """Return the lineage events of `unit`, oldest first, with both sides of each."""
    changes = (
        UnitChange.objects.filter(links__unit=unit)
        .distinct()
        .prefetch_related(_links_prefetch())
        .order_by("effective_date", "pk")
    )
    entries = []
    for change in changes:
        links: list[UnitChangeLink] = change.all_links  # type: ignore[attr-defined]
        entries.append(LineageEntry(
            change=change,
            predecessors=[link.unit for link in links if link.role == LinkRole.PREDECESSOR],
            successors=[link.unit for link in links if link.role == LinkRole.SUCCESSOR],
        ))
    return entries


def resolve_unit(unit: OrgUnit, *, on: dt.date) -> list[OrgUnit]:
    """Return the unit(s) holding `unit`'s place on `on`, following lineage either way.

    Old Nam Định (36) resolves to the new Ninh Bình on 1 July 2025 and to itself on
    30 June 2025; a split commune resolves to all its successors; a dissolved unit
    with no successor resolves to nothing. One query per reorganisation crossed.
    """
    frontier = [unit]
    for _step in range(MAX_LINEAGE_STEPS):
        kept = [u for u in frontier if u.is_valid_on(on)]
        later = [u.pk for u in frontier if u.valid_to is not None and on >= u.valid_to]
        earlier = [u.pk for u in frontier if u.valid_from is not None and on < u.valid_from]
        if not later and not earlier:
            break
        step: list[OrgUnit] = []
        if later:
            step += _neighbours(later, LinkRole.PREDECESSOR, LinkRole.SUCCESSOR, on, forward=True)
        if earlier:
            step += _neighbours(earlier, LinkRole.SUCCESSOR, LinkRole.PREDECESSOR, on,
                                forward=False)
        by_pk = {u.pk: u for u in (*kept, *step)}
        frontier = list(by_pk.values())
        if not step:
            break
    return sorted((u for u in frontier if u.is_valid_on(on)), key=lambda u: (u.code, u.pk))


def _neighbours(
    pks: list[int], from_role: str, to_role: str, on: dt.date, *, forward: bool
) -> list[OrgUnit]:
    """Return units on the other side of lineage events of `pks`, toward `on`."""
    events = UnitChangeLink.objects.filter(unit_id__in=pks, role=from_role)
    date = "lineage_links__change__effective_date"
    dated = Q(**{f"{date}__lte": on}) if forward else Q(**{f"{date}__gt": on})
    return list(
        OrgUnit.objects.filter(
            dated,
            lineage_links__role=to_role,
            lineage_links__change_id__in=events.values("change_id"),
            # A transfer hands over part of a unit that lives on: it is history,
            # not a replacement.
            lineage_links__change__kind__in=REPLACING_KINDS,
        )
        .exclude(pk__in=pks)
        .select_related("parent")
        .distinct()
    )
