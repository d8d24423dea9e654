"""Writes to the organisation tree: each checks the policy and records an audit event."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can, granted_paths, is_system_admin
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.core.text import fold, to_nfc
from vinhdanh.units.errors import UnitErrorCode
from vinhdanh.units.models import (
    ADMINISTRATIVE_KINDS,
    ENDING_KINDS,
    ChangeKind,
    LinkRole,
    OrgUnit,
    UnitChange,
    UnitChangeLink,
    UnitKind,
)
from vinhdanh.units.tree import insert_unit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Actor = User | AnonymousUser

#: Suffix of a non-administrative unit's code: "37.SONV", "13366.THCS-01".
SUFFIX_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,19}$")
NAME_MAX = 255


def can_edit_lineage(actor: Actor, unit: OrgUnit) -> bool:
    """Answer whether `actor` may change lineage or official names touching `unit`.

    Reorganisations are decided at province level, so the right must be held on
    the province at the top of `unit`'s tree, or by a system administrator in scope.
    """
    province_path = "/" + unit.path.strip("/").split("/")[0] + "/"
    if province_path in granted_paths(actor, Action.MANAGE_UNIT):
        return True
    return is_system_admin(actor, unit)


def ensure_can_edit_lineage(actor: Actor, unit: OrgUnit) -> None:
    if not can_edit_lineage(actor, unit):
        raise PermissionDenied


def _clean_name(name: str) -> str:
    name = to_nfc(name)
    if not name:
        raise ValidationFailed(_("Name: enter the unit's name."), field="name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(
            _("Name: at most %(max)d characters.") % {"max": NAME_MAX}, field="name"
        )
    return name


def _overlapping(code: str, start: dt.date | None, end: dt.date | None) -> Q:
    """Units with `code` whose validity overlaps [start, end)."""
    query = Q(code=code)
    if end is not None:
        query &= Q(valid_from__isnull=True) | Q(valid_from__lt=end)
    if start is not None:
        query &= Q(valid_to__isnull=True) | Q(valid_to__gt=start)
    return query


@transaction.atomic
def create_unit(
    *,
    actor: Actor,
    parent: OrgUnit,
    name: str,
    kind: str,
    code_suffix: str,
    valid_from: dt.date | None = None,
    address: str = "",
) -> OrgUnit:
    """Create an agency, school, village or other non-administrative unit below `parent`.

    Its code is the parent's code, a dot and a suffix ("37.SONV"), unique among the
    units valid at the same time.
    """
    ensure_can(actor, Action.MANAGE_UNIT, parent)
    if kind in ADMINISTRATIVE_KINDS or kind not in UnitKind.values:
        raise ValidationFailed(
            _("Kind: administrative divisions come from the official import, not this form."),
            field="kind", code=UnitErrorCode.BAD_KIND,
        )
    name = _clean_name(name)
    suffix = to_nfc(code_suffix).upper()
    if not SUFFIX_RE.match(suffix):
        raise ValidationFailed(
            _("Code: use 1 to 20 letters A–Z, digits or hyphens, starting with a letter or digit."),
            field="code_suffix", code=UnitErrorCode.BAD_CODE,
        )
    start = valid_from or timezone.localdate()
    if not parent.is_valid_on(start):
        raise ValidationFailed(
            _("Valid from: %(parent)s is not in force on %(day)s.")
            % {"parent": parent.name, "day": start.strftime("%d/%m/%Y")},
            field="valid_from", code=UnitErrorCode.BAD_DATE,
        )
    code = f"{parent.code}.{suffix}"
    if OrgUnit.objects.filter(_overlapping(code, start, parent.valid_to)).exists():
        raise Conflict(
            _("Code: %(code)s is already used by a unit in force at that time.") % {"code": code},
            field="code_suffix", code=UnitErrorCode.CODE_TAKEN,
        )
    unit = insert_unit(code=code, name=name, kind=kind, parent=parent, valid_from=start,
                       valid_to=parent.valid_to)
    if address:
        unit.address = to_nfc(address)
        unit.save(update_fields=["address", "updated_at"])
    record_event(actor=actor, action="units.created", target=unit, unit_path=unit.path,
                 data={"code": code, "name": name, "kind": kind, "parent": parent.code,
                       "valid_from": start.isoformat()})
    return unit


def _new_change(kind: str, effective_date: dt.date, note: str = "",
                incomplete: bool = False) -> UnitChange:
    return UnitChange.objects.create(
        kind=kind, effective_date=effective_date, note=note, source="vinhdanh",
        successors_incomplete=incomplete, natural_key=f"manual:{uuid.uuid4().hex}",
    )


@transaction.atomic
def update_unit(
    *,
    actor: Actor,
    unit: OrgUnit,
    name: str | None = None,
    address: str | None = None,
    effective_date: dt.date | None = None,
) -> OrgUnit:
    """Change a unit's name or address; a new name is recorded as a rename in its lineage."""
    ensure_can(actor, Action.MANAGE_UNIT, unit)
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    changes: dict[str, str] = {}
    if name is not None and _clean_name(name) != unit.name:
        if unit.kind in ADMINISTRATIVE_KINDS:
            # An official name is changed by a resolution; only the province edits it.
            ensure_can_edit_lineage(actor, unit)
        day = effective_date or timezone.localdate()
        if not unit.is_valid_on(day):
            raise ValidationFailed(
                _("Effective date: the unit is not in force on %(day)s.")
                % {"day": day.strftime("%d/%m/%Y")},
                field="effective_date", code=UnitErrorCode.BAD_DATE,
            )
        new_name = _clean_name(name)
        change = _new_change(ChangeKind.RENAME, day, note=f"{unit.name} → {new_name}")
        UnitChangeLink.objects.bulk_create([
            UnitChangeLink(change=change, unit=unit, role=LinkRole.PREDECESSOR),
            UnitChangeLink(change=change, unit=unit, role=LinkRole.SUCCESSOR),
        ])
        changes["name"] = new_name
        changes["old_name"] = unit.name
        unit.name, unit.name_folded = new_name, fold(new_name)
    if address is not None and to_nfc(address) != unit.address:
        unit.address = to_nfc(address)
        changes["address"] = unit.address
    if changes:
        unit.save(update_fields=["name", "name_folded", "address", "updated_at"])
        record_event(actor=actor, action="units.updated", target=unit, unit_path=unit.path,
                     data=changes)
    return unit


@transaction.atomic
def record_lineage_change(
    *,
    actor: Actor,
    kind: str,
    effective_date: dt.date,
    predecessors: Sequence[OrgUnit],
    successors: Sequence[OrgUnit],
    note: str = "",
    successors_incomplete: bool | None = None,
) -> UnitChange:
    """Record that `predecessors` became `successors` on `effective_date`.

    After a merge, split or dissolution (or a rename into another unit) the
    predecessors cease to be in force that day. A split with a single successor
    is flagged incomplete until an administrator adds the others.
    """
    if kind not in ChangeKind.values:
        raise ValidationFailed(_("Kind: unknown kind of change."), field="kind",
                               code=UnitErrorCode.BAD_LINEAGE)
    for unit in (*predecessors, *successors):
        ensure_can_edit_lineage(actor, unit)
    _check_lineage(kind, effective_date, predecessors, successors)
    if successors_incomplete is None:
        successors_incomplete = kind == ChangeKind.SPLIT and len(successors) < 2
    change = _new_change(kind, effective_date, to_nfc(note), successors_incomplete)
    UnitChangeLink.objects.bulk_create(
        [UnitChangeLink(change=change, unit=u, role=LinkRole.PREDECESSOR) for u in predecessors]
        + [UnitChangeLink(change=change, unit=u, role=LinkRole.SUCCESSOR) for u in successors]
    )
    closed = close_predecessors(kind, effective_date, predecessors, successors)
    record_event(
        actor=actor, action="units.lineage_recorded", target=change,
        unit_path=(predecessors or successors)[0].path,
        data={"kind": kind, "effective_date": effective_date.isoformat(),
              "predecessors": [u.code for u in predecessors],
              "successors": [u.code for u in successors], "closed": closed,
              "successors_incomplete": successors_incomplete},
    )
    return change


def _check_lineage(kind: str, day: dt.date, predecessors: Sequence[OrgUnit],
                   successors: Sequence[OrgUnit]) -> None:
    if not predecessors and kind != ChangeKind.ESTABLISH:
        raise ValidationFailed(_("Predecessors: name at least one unit."), field="predecessors",
                               code=UnitErrorCode.BAD_LINEAGE)
    if not successors and kind != ChangeKind.DISSOLVE:
        raise ValidationFailed(_("Successors: name at least one unit."), field="successors",
                               code=UnitErrorCode.BAD_LINEAGE)
    before = day - dt.timedelta(days=1)
    for unit in predecessors:
        if not unit.is_valid_on(before):
            raise ValidationFailed(
                _("Predecessors: %(unit)s is not in force on %(day)s.")
                % {"unit": unit.name, "day": before.strftime("%d/%m/%Y")},
                field="predecessors", code=UnitErrorCode.BAD_DATE,
            )
    for unit in successors:
        if not unit.is_valid_on(day):
            raise ValidationFailed(
                _("Successors: %(unit)s is not in force on %(day)s.")
                % {"unit": unit.name, "day": day.strftime("%d/%m/%Y")},
                field="successors", code=UnitErrorCode.BAD_DATE,
            )


def close_predecessors(kind: str, day: dt.date, predecessors: Sequence[OrgUnit],
                       successors: Sequence[OrgUnit]) -> list[str]:
    """End the validity of predecessors that cease to exist on `day`; return their codes."""
    ending = kind in ENDING_KINDS or kind in (ChangeKind.RENAME, ChangeKind.CONTINUE)
    if not ending:
        return []
    staying = {u.pk for u in successors}
    closing = [
        u for u in predecessors
        if u.pk not in staying and (u.valid_to is None or u.valid_to > day)
    ]
    OrgUnit.objects.filter(pk__in=[u.pk for u in closing]).update(valid_to=day)
    for unit in closing:
        unit.valid_to = day
    return [u.code for u in closing]


@transaction.atomic
def add_successor(
    *, actor: Actor, change: UnitChange, successor: OrgUnit, complete: bool = False
) -> UnitChange:
    """Add a successor the source data left out of a split; `complete` clears the flag."""
    change = UnitChange.objects.select_for_update().get(pk=change.pk)
    links = list(change.links.select_related("unit"))
    for link in links:
        ensure_can_edit_lineage(actor, link.unit)
    ensure_can_edit_lineage(actor, successor)
    if change.kind not in (ChangeKind.SPLIT, ChangeKind.TRANSFER):
        raise ValidationFailed(
            _("Successor: only a split or a transfer can gain successors."),
            field="successor", code=UnitErrorCode.BAD_LINEAGE,
        )
    if any(link.unit_id == successor.pk for link in links):
        raise Conflict(
            _("Successor: %(unit)s is already part of this change.") % {"unit": successor.name},
            field="successor", code=UnitErrorCode.BAD_LINEAGE,
        )
    if not successor.is_valid_on(change.effective_date):
        raise ValidationFailed(
            _("Successor: %(unit)s is not in force on %(day)s.")
            % {"unit": successor.name, "day": change.effective_date.strftime("%d/%m/%Y")},
            field="successor", code=UnitErrorCode.BAD_DATE,
        )
    UnitChangeLink.objects.create(change=change, unit=successor, role=LinkRole.SUCCESSOR)
    change.successors_incomplete = not complete
    change.save(update_fields=["successors_incomplete", "updated_at"])
    record_event(actor=actor, action="units.successor_added", target=change,
                 unit_path=successor.path,
                 data={"successor": successor.code, "complete": complete})
    return change
