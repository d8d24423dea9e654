"""Lineage of later reorganisations from a CSV file: old_code,new_code,kind,date.

Every row is checked before anything is written; one bad row and nothing is
written, and each problem is reported with its row, column and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import fold
from vinhdanh.units.models import ChangeKind, LinkRole, OrgUnit, UnitChange, UnitChangeLink
from vinhdanh.units.services import close_predecessors, ensure_can_edit_lineage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

COLUMNS = ("old_code", "new_code", "kind", "date")
#: Accepted spellings of each kind: the code value and the Vietnamese term, folded.
KIND_WORDS = {
    **{kind.value: kind.value for kind in ChangeKind},
    "sap nhap": ChangeKind.MERGE.value,
    "hop nhat": ChangeKind.MERGE.value,
    "chia tach": ChangeKind.SPLIT.value,
    "doi ten": ChangeKind.RENAME.value,
    "dieu chuyen": ChangeKind.TRANSFER.value,
    "thanh lap": ChangeKind.ESTABLISH.value,
    "giai the": ChangeKind.DISSOLVE.value,
    "giu nguyen": ChangeKind.CONTINUE.value,
}
MAX_ROWS = 50_000


class LineageFileInvalid(ValidationFailed):
    """The file was refused; `errors` lists every problem found, one line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LineageRow:
    line: int
    kind: str
    day: dt.date
    old: OrgUnit | None
    new: OrgUnit | None


@dataclass
class LineageSummary:
    events_created: int = 0
    links_created: int = 0
    units_closed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return self.events_created + self.links_created + len(self.units_closed)

    def lines(self) -> list[str]:
        return [
            f"Sự kiện: {self.events_created} mới; liên kết: {self.links_created} mới; "
            f"đơn vị hết hiệu lực: {len(self.units_closed)}",
            f"{self.changes} thay đổi",
        ]


def _parse_date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    return None


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LineageFileInvalid(["Tệp không phải văn bản UTF-8."]) from exc


def _pick(units: list[OrgUnit], day: dt.date) -> OrgUnit | None:
    return next((u for u in units if u.is_valid_on(day)), None)


def parse_lineage_csv(content: bytes) -> list[LineageRow]:
    """Check every row of the file and return them, or raise LineageFileInvalid."""
    reader = csv.reader(io.StringIO(_decode(content)))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) != COLUMNS:
        raise LineageFileInvalid([
            "Dòng 1: tiêu đề phải là old_code,new_code,kind,date "
            f"(tệp có: {','.join(header) or 'trống'})."
        ])
    raw = [(number, row) for number, row in enumerate(reader, start=2)
           if any(c.strip() for c in row)]
    if len(raw) > MAX_ROWS:
        raise LineageFileInvalid([f"Tệp có quá {MAX_ROWS} dòng."])
    codes = {c.strip() for _n, row in raw for c in row[:2] if c.strip()}
    by_code: dict[str, list[OrgUnit]] = defaultdict(list)
    for unit in OrgUnit.objects.filter(code__in=codes).only(
        "pk", "code", "name", "path", "valid_from", "valid_to"
    ):
        by_code[unit.code].append(unit)
    errors: list[str] = []
    rows: list[LineageRow] = []
    for number, row in raw:
        row_errors: list[str] = []

        def error(
            column: str, reason: str, *, n: int = number, acc: list[str] = row_errors
        ) -> None:
            acc.append(f"Dòng {n}, cột {column}: {reason}")

        if len(row) != len(COLUMNS):
            error("-", f"cần đúng 4 cột, có {len(row)}.")
            errors.extend(row_errors)
            continue
        old_code, new_code, kind_text, date_text = (c.strip() for c in row)
        kind = KIND_WORDS.get(fold(kind_text))
        if kind is None:
            error("kind", f"loại thay đổi «{kind_text}» không hợp lệ (merge, split, rename, "
                          "transfer, establish, dissolve, continue).")
        day = _parse_date(date_text)
        if day is None:
            error("date", f"ngày «{date_text}» không đúng dạng YYYY-MM-DD hoặc dd/mm/yyyy.")
        old = new = None
        if day is not None:
            before = day - dt.timedelta(days=1)
            if old_code:
                old = _pick(by_code.get(old_code, []), before)
                if old is None:
                    error("old_code", f"không có đơn vị mã {old_code} còn hiệu lực ngày "
                                      f"{before:%d/%m/%Y}.")
            elif kind != ChangeKind.ESTABLISH:
                error("old_code", "bắt buộc với loại thay đổi này.")
            if new_code:
                new = _pick(by_code.get(new_code, []), day)
                if new is None:
                    error("new_code", f"không có đơn vị mã {new_code} có hiệu lực ngày "
                                      f"{day:%d/%m/%Y}.")
            elif kind != ChangeKind.DISSOLVE:
                error("new_code", "bắt buộc với loại thay đổi này.")
        if not row_errors and kind is not None and day is not None:
            rows.append(LineageRow(number, kind, day, old, new))
        errors.extend(row_errors)
    if errors:
        raise LineageFileInvalid(errors)
    if not rows:
        raise LineageFileInvalid(["Tệp không có dòng dữ liệu nào."])
    return rows


@dataclass
class _Group:
    kind: str
    day: dt.date
    predecessors: dict[int, OrgUnit] = field(default_factory=dict)
    successors: dict[int, OrgUnit] = field(default_factory=dict)


def _group_key(row: LineageRow) -> str:
    old = row.old.code if row.old else ""
    new = row.new.code if row.new else ""
    # A merge gathers its predecessors under the new unit, a split its successors
    # under the old one; other kinds are one event per row.
    anchor = {ChangeKind.MERGE: f">{new}", ChangeKind.SPLIT: f"{old}>"}.get(
        ChangeKind(row.kind), f"{old}>{new}"
    )
    return f"csv:{row.kind}:{row.day.isoformat()}:{anchor}"


def _group(rows: list[LineageRow]) -> dict[str, _Group]:
    groups: dict[str, _Group] = {}
    for row in rows:
        group = groups.setdefault(_group_key(row), _Group(row.kind, row.day))
        if row.old is not None:
            group.predecessors[row.old.pk] = row.old
        if row.new is not None:
            group.successors[row.new.pk] = row.new
    return groups


def import_lineage_csv(
    *, actor: User | AnonymousUser | None, content: bytes, source: str = ""
) -> LineageSummary:
    """Record the lineage listed in a CSV file; all or nothing, and idempotent.

    `actor` None is the system (the console command); a user needs the right to
    edit lineage on every unit the file names.
    """
    rows = parse_lineage_csv(content)
    groups = _group(rows)
    if actor is not None:
        for group in groups.values():
            for unit in (*group.predecessors.values(), *group.successors.values()):
                ensure_can_edit_lineage(actor, unit)
    summary = LineageSummary()
    with transaction.atomic():
        existing = {c.natural_key: c for c in UnitChange.objects.filter(natural_key__in=groups)}
        present = set(
            UnitChangeLink.objects.filter(change__natural_key__in=groups).values_list(
                "change_id", "unit_id", "role"
            )
        )
        links: list[UnitChangeLink] = []
        for key, group in groups.items():
            change = existing.get(key)
            if change is None:
                change = UnitChange.objects.create(
                    natural_key=key, kind=group.kind, effective_date=group.day,
                    source=source[:255],
                    successors_incomplete=group.kind == ChangeKind.SPLIT
                    and len(group.successors) < 2,
                )
                summary.events_created += 1
            wanted = [(u, LinkRole.PREDECESSOR) for u in group.predecessors.values()] + [
                (u, LinkRole.SUCCESSOR) for u in group.successors.values()
            ]
            links += [
                UnitChangeLink(change=change, unit=unit, role=role)
                for unit, role in wanted
                if (change.pk, unit.pk, role) not in present
            ]
            summary.units_closed += close_predecessors(
                group.kind, group.day, list(group.predecessors.values()),
                list(group.successors.values()),
            )
        UnitChangeLink.objects.bulk_create(links)
        summary.links_created = len(links)
        if summary.changes:
            record_event(actor=actor, action="units.lineage_imported",
                         data={"source": source, "rows": len(rows),
                               "events_created": summary.events_created,
                               "links_created": summary.links_created,
                               "units_closed": summary.units_closed})
    return summary

