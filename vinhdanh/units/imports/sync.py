"""Bring the database in line with the 2025 reform data, set-based and idempotent."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from vinhdanh.audit.services import record_event
from vinhdanh.core.text import fold
from vinhdanh.units.imports.reform2025 import (
    EVENT_PREFIX,
    NEW,
    OLD,
    REFORM_DATE,
    SOURCE,
    Category,
    EventSpec,
    ReformData,
    UnitKey,
    UnitSpec,
    load_reform_data,
)
from vinhdanh.units.models import (
    ADMINISTRATIVE_KINDS,
    ChangeKind,
    LinkRole,
    OrgUnit,
    UnitChange,
    UnitChangeLink,
)
from vinhdanh.units.tree import move_unit, reserve_ids

BATCH = 1000

#: Summary lines in the order printed, with their Vietnamese labels.
CATEGORY_LABELS = {
    Category.PROVINCE: "Tỉnh/thành",
    Category.COMMUNE: "Xã/phường/đặc khu",
    Category.OLD_PROVINCE: "Tỉnh/thành trước 01/07/2025",
    Category.OLD_DISTRICT: "Quận/huyện trước 01/07/2025",
    Category.OLD_COMMUNE: "Xã/phường/thị trấn trước 01/07/2025",
}


@dataclass
class ImportSummary:
    created: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORY_LABELS, 0))
    updated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORY_LABELS, 0))
    events_created: int = 0
    events_updated: int = 0
    links_created: int = 0

    @property
    def changes(self) -> int:
        return (sum(self.created.values()) + sum(self.updated.values()) + self.events_created
                + self.events_updated + self.links_created)

    def lines(self) -> list[str]:
        """Return the summary as Vietnamese lines for the console."""
        lines = [
            f"{label}: {self.created[key]} mới, {self.updated[key]} cập nhật"
            for key, label in CATEGORY_LABELS.items()
        ]
        lines.append(
            f"Sự kiện sáp nhập/chia tách/đổi tên: {self.events_created} mới, "
            f"{self.events_updated} cập nhật; {self.links_created} liên kết mới"
        )
        lines.append(f"{self.changes} thay đổi")
        return lines

    def as_data(self) -> dict[str, object]:
        return {
            "created": self.created,
            "updated": self.updated,
            "events_created": self.events_created,
            "events_updated": self.events_updated,
            "links_created": self.links_created,
        }


def _key_of(unit: OrgUnit) -> UnitKey:
    return (NEW if unit.valid_from == REFORM_DATE else OLD, unit.code)


def _existing_units() -> dict[UnitKey, OrgUnit]:
    units = OrgUnit.objects.filter(kind__in=ADMINISTRATIVE_KINDS).filter(
        Q(valid_from=REFORM_DATE) | Q(valid_to=REFORM_DATE, valid_from__isnull=True)
    ).only("pk", "code", "name", "kind", "parent_id", "path", "depth", "valid_from")
    return {_key_of(unit): unit for unit in units}


def _renamed_by_people() -> set[int]:
    """Units renamed through the application since the import: their names are kept."""
    return set(
        UnitChangeLink.objects.filter(change__kind=ChangeKind.RENAME)
        .exclude(change__natural_key__startswith=EVENT_PREFIX)
        .values_list("unit_id", flat=True)
    )


def _sync_units(specs: list[UnitSpec], summary: ImportSummary) -> dict[UnitKey, int]:
    existing = _existing_units()
    ids = {key: unit.pk for key, unit in existing.items()}
    keep_names = _renamed_by_people()
    changed: list[OrgUnit] = []
    moves: list[tuple[OrgUnit, UnitKey | None]] = []
    # Parents come before children in `specs`' levels: provinces, districts, communes.
    paths = {key: (unit.path, unit.depth) for key, unit in existing.items()}
    # Parents come before children: provinces, then districts, then communes. New
    # rows get reserved keys so each is inserted with its final path in one go.
    for category in sorted({spec.category for spec in specs}, key=_level):
        fresh: list[OrgUnit] = []
        level = [s for s in specs if s.category == category]
        for spec in level:
            parent_id = ids[spec.parent] if spec.parent is not None else None
            unit = existing.get(spec.key)
            if unit is None:
                parent_path, parent_depth = paths[spec.parent] if spec.parent else ("/", -1)
                fresh.append(OrgUnit(
                    code=spec.code, name=spec.name, name_folded=fold(spec.name), kind=spec.kind,
                    parent_id=parent_id, valid_from=spec.valid_from, valid_to=spec.valid_to,
                    path=parent_path, depth=parent_depth + 1,
                ))
                continue
            dirty = False
            if unit.name != spec.name and unit.pk not in keep_names:
                unit.name, unit.name_folded, dirty = spec.name, fold(spec.name), True
            if unit.kind != spec.kind:
                unit.kind, dirty = spec.kind, True
            if dirty:
                changed.append(unit)
            if unit.parent_id != parent_id:
                moves.append((unit, spec.parent))
            if dirty or unit.parent_id != parent_id:
                summary.updated[category] += 1
        for unit, pk in zip(fresh, reserve_ids(len(fresh)), strict=True):
            unit.pk = pk
            unit.path = f"{unit.path}{pk}/"
        OrgUnit.objects.bulk_create(fresh, batch_size=BATCH)
        for unit in fresh:
            ids[_key_of(unit)] = unit.pk
            paths[_key_of(unit)] = (unit.path, unit.depth)
        summary.created[category] += len(fresh)
    OrgUnit.objects.bulk_update(changed, ["name", "name_folded", "kind"], batch_size=BATCH)
    for unit, parent_key in moves:
        parent = OrgUnit.objects.get(pk=ids[parent_key]) if parent_key is not None else None
        unit.refresh_from_db(fields=["path", "depth"])
        move_unit(unit, parent=parent)
    return ids


def _level(category: str) -> int:
    order = [Category.PROVINCE, Category.OLD_PROVINCE, Category.OLD_DISTRICT, Category.COMMUNE,
             Category.OLD_COMMUNE]
    return order.index(category)


def _wanted_links(event: EventSpec, ids: dict[UnitKey, int]) -> Iterable[tuple[int, str]]:
    for key in event.predecessors:
        yield ids[key], LinkRole.PREDECESSOR
    for key in event.successors:
        yield ids[key], LinkRole.SUCCESSOR


def _sync_events(events: list[EventSpec], ids: dict[UnitKey, int],
                 summary: ImportSummary) -> None:
    existing = {
        change.natural_key: change
        for change in UnitChange.objects.filter(natural_key__startswith=EVENT_PREFIX).only(
            "pk", "natural_key", "kind", "note", "effective_date"
        )
    }
    fresh: list[UnitChange] = []
    changed: list[UnitChange] = []
    for event in events:
        change = existing.get(event.natural_key)
        if change is None:
            fresh.append(UnitChange(
                natural_key=event.natural_key, kind=event.kind, effective_date=REFORM_DATE,
                source=SOURCE, note=event.note,
                successors_incomplete=event.successors_incomplete,
            ))
        elif change.kind != event.kind or change.note != event.note:
            # successors_incomplete is left alone: an administrator may have completed it.
            change.kind, change.note = event.kind, event.note
            changed.append(change)
    for change in UnitChange.objects.bulk_create(fresh, batch_size=BATCH):
        existing[change.natural_key] = change
    UnitChange.objects.bulk_update(changed, ["kind", "note"], batch_size=BATCH)
    summary.events_created += len(fresh)
    summary.events_updated += len(changed)

    # Links are only ever added: those an administrator added (completing a split)
    # must survive a re-import.
    present = set(
        UnitChangeLink.objects.filter(change__natural_key__startswith=EVENT_PREFIX).values_list(
            "change_id", "unit_id", "role"
        )
    )
    links = [
        UnitChangeLink(change_id=change_id, unit_id=unit_id, role=role)
        for event in events
        for change_id in [existing[event.natural_key].pk]
        for unit_id, role in _wanted_links(event, ids)
        if (change_id, unit_id, role) not in present
    ]
    UnitChangeLink.objects.bulk_create(links, batch_size=BATCH)
    summary.links_created += len(links)


def import_reform_units(data: ReformData | None = None) -> ImportSummary:
    """Load both trees and their lineage; a second run changes nothing."""
    data = data or load_reform_data()
    summary = ImportSummary()
    with transaction.atomic():
        ids = _sync_units(data.units, summary)
        _sync_events(data.events, ids, summary)
        if summary.changes:
            record_event(actor=None, action="units.imported", data=summary.as_data())
    return summary
