"""Sheet “Thành tích”: achievement rows checked, then turned into ledger rows.

This is the hot path of an import (100,000s of rows), so it works by row *shape*: all
cells of a row except those naming its subject (kind, year, award, unit, ...). Real
files repeat a handful of shapes over thousands of subjects (every LĐTT of 2020 of a
commune), so a shape is parsed and checked once, and each later row with the same
cells costs two dictionary look-ups. A row whose shape has a problem is never cached:
it always goes through the full check, which reports it with its own row number.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, NamedTuple, cast

from django.db import connection
from django.utils.translation import gettext as _

from vinhdanh.records.awards import resolve_award
from vinhdanh.records.models import Entry, EntryKind, ReviewKind, SubjectKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.spreadsheet import reader
from vinhdanh.records.spreadsheet.context import (
    Context,
    PersonKey,
    cached_fold,
    cell,
    coded,
    unit_cell,
)
from vinhdanh.records.spreadsheet.layout import ENTRIES
from vinhdanh.records.spreadsheet.reader import Problem, SheetRows
from vinhdanh.units.models import OrgUnit

# Optional cells of sheet "Thành tích", read only when the row has a value there.
_ENTRY_TEXT = ("title", "authors", "recognized_by", "note", "ref_number", "ref_issuer")
_ENTRY_DATES = ("date", "start", "end", "ref_date")
_ENTRY_CODES = ("rating", "scope", "effect", "science_state")
_PROBLEM_COLUMN = {"award_code": "award", "discipline_level": "level", "review_kind": "level"}
# Cells that name the subject of a row; every other cell belongs to the row's shape.
_SUBJECT_CELLS = ("name", "birth_date", "household_code")
# A file of unique initiatives has as many shapes as rows: stop caching past this many.
MAX_SHAPES = 50_000

Subject = PersonKey | tuple[int, str] | int  # person key, (unit pk, household code), unit pk


@dataclass(eq=False, slots=True)
class Shape:
    """What a row records apart from its subject; shared by every row with the same cells."""

    subject_kind: str
    unit: OrgUnit
    unit_id: int
    data: EntryData
    # The natural key's text after the subject key (see rules.natural_key_of_fields).
    key_tail: bytes
    # The insert values every row of the shape shares, once LedgerRows has made them.
    fixed: tuple[Any, ...] | None = None


class EntryRow(NamedTuple):
    row: int
    subject: Subject
    shape: Shape


def key_tail(data: EntryData) -> bytes:
    """Return the part of `natural_key(subject_key, data)` hashed after the subject key.

    rules.natural_key_of_fields hashes "\\x1f".join([subject, "record", "", *fields]);
    the test suite checks both give the same key, so re-imports stay idempotent.
    """
    fields = ("" if value is None else str(value) for value in data.as_model_fields().values())
    return "\x1f".join(("", "record", "", *fields)).encode("utf-8")


class EntryReader:
    """Read sheet “Thành tích” against the people and households of the same file."""

    def __init__(self, context: Context, people: dict[PersonKey, Any],
                 households: dict[tuple[int, str], Any]) -> None:
        self.context = context
        self.problems = context.result.problems
        self.people = people
        self.households = households
        self.shapes: dict[Any, Shape] = {}
        self.subjects: dict[tuple[Any, ...], Subject] = {}

    def read(self, workbook: Any) -> list[EntryRow]:
        entries: list[EntryRow] = []
        append = entries.append
        shapes, subjects = self.shapes, self.subjects
        tick = self.context.tick
        shape_of: Callable[[tuple[Any, ...]], Any] | None = None
        subject_of: Callable[[tuple[Any, ...]], Any] = tuple
        width = 0
        for number, layout, row in reader.iter_sheet(workbook, ENTRIES, self.problems):
            tick()
            if shape_of is None:
                shape_of, subject_of, width = _getters(layout)
            if len(row) < width:
                row = row + (None,) * (width - len(row))
            shape_key = shape_of(row)
            shape = shapes.get(shape_key)
            if shape is None:
                entry = self._read_row(number, layout, row, shape_key)
                if entry is not None:
                    append(entry)
                continue
            subject_key = (shape.subject_kind, shape.unit_id, subject_of(row))
            subject = subjects.get(subject_key)
            if subject is None:
                subject = self._subject(number, layout, row, shape.subject_kind, shape.unit)
                if subject is None:
                    continue
                subjects[subject_key] = subject
            append(EntryRow(number, subject, shape))
        return entries

    def _read_row(self, number: int, layout: SheetRows, row: tuple[Any, ...],
                  shape_key: Any) -> EntryRow | None:
        """Check every cell of a row whose shape is not known yet (or has problems)."""
        problems = self.problems
        before = len(problems)
        subject_kind = coded(problems, layout, number, row, "subject_kind", required=True)
        kind = coded(problems, layout, number, row, "kind", required=True)
        year = cell(problems, layout, number, row, "year", reader.as_year, required=True)
        unit = unit_cell(problems, layout, number, row, self.context)
        level = coded(problems, layout, number, row, "level")
        fields: dict[str, Any] = {}
        for key in _ENTRY_TEXT:
            value = cell(problems, layout, number, row, key)
            if value is not None:
                fields[key] = value
        for key in _ENTRY_DATES:
            value = cell(problems, layout, number, row, key, reader.as_date)
            if value is not None:
                fields[key] = value
        for key in _ENTRY_CODES:
            fields[key] = coded(problems, layout, number, row, key)
        award_text = cell(problems, layout, number, row, "award") or ""
        award_code = ""
        if award_text:
            award = resolve_award(award_text)
            if award is None:
                problems.append(Problem(ENTRIES.title, number, layout.letter("award"), _(
                    "unknown award “%(value)s”; use a name or code from sheet “Danh mục”.")
                    % {"value": award_text}))
            else:
                award_code = award.code
        data = EntryData(
            kind=kind, year=year or 0, award_code=award_code,
            discipline_level=level if kind == EntryKind.DISCIPLINE else "",
            review_kind=level if kind == EntryKind.PENDING_REVIEW else "", **fields,
        )
        if len(problems) > before or unit is None:
            return None
        if kind == EntryKind.PENDING_REVIEW and level and level not in ReviewKind.values:
            problems.append(Problem(ENTRIES.title, number, layout.letter("level"),
                                    _("a pending review needs a kind of review.")))
            return None
        checked = self.context.check(data, subject_kind)
        shape = Shape(subject_kind, unit, unit.pk, data, key_tail(data))
        if not checked and len(self.shapes) < MAX_SHAPES:
            self.shapes[shape_key] = shape
        subject = self._subject(number, layout, row, subject_kind, unit)
        if subject is None:
            return None
        for problem in checked:
            column = _PROBLEM_COLUMN.get(problem.field, problem.field)
            letter = layout.letter(column) if column in layout.positions else ""
            problems.append(Problem(ENTRIES.title, number, letter, problem.message))
        if len(problems) > before:
            return None
        return EntryRow(number, subject, shape)

    def _subject(self, number: int, layout: SheetRows, row: tuple[Any, ...],
                 subject_kind: str, unit: OrgUnit) -> Subject | None:
        problems = self.problems
        if subject_kind == SubjectKind.COLLECTIVE:
            return int(unit.pk)
        if subject_kind == SubjectKind.HOUSEHOLD:
            code = cell(problems, layout, number, row, "household_code", required=True)
            if code and (unit.pk, code) not in self.households:
                problems.append(Problem(ENTRIES.title, number, layout.letter("household_code"),
                                        _("household “%(code)s” is not in sheet “Hộ gia đình”.")
                                        % {"code": code}))
                return None
            return (unit.pk, code) if code else None
        name = cell(problems, layout, number, row, "name", required=True)
        birth = cell(problems, layout, number, row, "birth_date", reader.as_date, required=True)
        if not name or birth is None:
            return None
        key = (cached_fold(name), birth)
        if key not in self.people:
            problems.append(Problem(ENTRIES.title, number, layout.letter("name"), _(
                "this person is not in sheet “Cá nhân” (or that row has errors).")))
            return None
        return key


def _getters(layout: SheetRows) -> tuple[Callable[[tuple[Any, ...]], Any],
                                          Callable[[tuple[Any, ...]], Any], int]:
    """Return functions picking a row's shape cells and subject cells, and the row width."""
    positions = layout.positions
    shape_at = sorted(i for key, i in positions.items() if key not in _SUBJECT_CELLS)
    subject_at = sorted(positions[key] for key in _SUBJECT_CELLS if key in positions)
    # itemgetter of several indexes returns a tuple (of one, the bare value): hashable
    # either way, and much cheaper per row than building the tuple in Python.
    shape_of = itemgetter(*shape_at)
    subject_of: Callable[[tuple[Any, ...]], Any] = (
        itemgetter(*subject_at) if subject_at else (lambda row: None))
    return shape_of, subject_of, max(positions.values()) + 1


# Columns an imported entry takes from its subject and unit, first in every insert row.
SUBJECT_COLUMNS = ("person_id", "household_id", "collective_id", "unit_id", "natural_key")


class LedgerRows:
    """Turn checked entry rows into insert tuples (SUBJECT_COLUMNS, then `fixed_columns`)."""

    def __init__(self, *, batch_id: int, actor_id: int) -> None:
        fields = [f for f in Entry._meta.concrete_fields
                  if not f.primary_key and f.attname not in SUBJECT_COLUMNS]
        self.fixed_columns = [f.attname for f in fields]
        self.columns = [*SUBJECT_COLUMNS, *self.fixed_columns]
        self._defaults = {f.attname: f.get_default() for f in fields}
        self._defaults.update(import_batch_id=batch_id, recorded_by_id=actor_id)
        self._dates = {f.attname for f in fields if f.get_internal_type() == "DateField"}

    def fixed(self, shape: Shape) -> tuple[Any, ...]:
        """Return the columns every row of `shape` shares, adapted for the database."""
        values = self._defaults | shape.data.as_model_fields()
        adapt = connection.ops.adapt_datefield_value
        shape.fixed = tuple(adapt(values[name]) if name in self._dates else values[name]
                            for name in self.fixed_columns)
        return shape.fixed


KEY_AT = SUBJECT_COLUMNS.index("natural_key")


@dataclass
class Split:
    """Insert tuples of a file's entries, by whether their subject existed before."""

    new: list[tuple[Any, ...]]  # subjects created by this import: nothing to look up
    known: list[tuple[Any, ...]]  # subjects already registered: may be in the ledger
    skipped: int  # entries whose person or household row was refused (clean rows only)


def ledger_rows(entries: list[EntryRow], rows: LedgerRows, *,
                person_pks: dict[PersonKey, int], household_pks: dict[tuple[int, str], int],
                new_people: set[int], new_households: set[int]) -> Split:
    """Return the insert tuples of `entries`, natural keys computed.

    An entry of a person or household created by this import cannot be in the ledger
    yet (an existing entry's natural key names its own subject, which existed), so
    only the others need the look-up of existing natural keys.
    """
    sha256 = hashlib.sha256
    for shape in {id(entry.shape): entry.shape for entry in entries}.values():
        rows.fixed(shape)  # a shape object belongs to one import: set for this batch
    split = Split([], [], 0)
    new, known = split.new.append, split.known.append
    for entry in entries:
        shape = entry.shape
        kind = shape.subject_kind
        if kind == SubjectKind.INDIVIDUAL:
            pk = person_pks.get(entry.subject)  # type: ignore[arg-type]
            if pk is None:
                split.skipped += 1
                continue
            head: tuple[Any, ...] = (pk, None, None)
            prefix, fresh = b"p:%d" % pk, pk in new_people
        elif kind == SubjectKind.HOUSEHOLD:
            pk = household_pks.get(entry.subject)  # type: ignore[arg-type]
            if pk is None:
                split.skipped += 1
                continue
            head = (None, pk, None)
            prefix, fresh = b"h:%d" % pk, pk in new_households
        else:
            pk = cast(int, entry.subject)  # a collective is its unit
            head, prefix, fresh = (None, None, pk), b"c:%d" % pk, False
        key = sha256(prefix + shape.key_tail).hexdigest()
        (new if fresh else known)((*head, shape.unit_id, key, *shape.fixed))  # type: ignore[misc]
    return split
