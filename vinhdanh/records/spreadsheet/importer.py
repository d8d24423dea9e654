"""Import people, households and historical achievements from the ledger workbook.

The whole file is validated first; nothing is written unless every row is clean, or
the user chose "clean rows only" (recorded on the ImportBatch). A file already
imported (same SHA-256) and rows already in the ledger (same natural key) change
nothing, so an import can be run again safely.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import fold
from vinhdanh.people.idnumber import validate_id_number
from vinhdanh.people.models import Category, Ethnicity, Household, HouseholdMember, Person, Relation
from vinhdanh.records.awards import resolve_award
from vinhdanh.records.bulk import insert_entries, insert_rows
from vinhdanh.records.models import Entry, EntryKind, ImportBatch, ReviewKind, SubjectKind
from vinhdanh.records.rules import EntryData, check_entry, natural_key_of_fields
from vinhdanh.records.rules import Problem as RuleProblem
from vinhdanh.records.spreadsheet import reader
from vinhdanh.records.spreadsheet.layout import ENTRIES, HOUSEHOLDS, PEOPLE, code_for
from vinhdanh.records.spreadsheet.reader import CellError, Problem, SheetRows
from vinhdanh.records.spreadsheet.upload import check_workbook_bytes
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User

CHUNK = 1000
PROGRESS_EVERY = 1000
PersonKey = tuple[str, Any]  # (folded name, birth date)


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    people_created: int = 0
    people_matched: int = 0
    households_created: int = 0
    entries_created: int = 0
    entries_existing: int = 0
    skipped_rows: int = 0
    already_imported: bool = False
    written: bool = False
    batch: ImportBatch | None = None

    @property
    def clean(self) -> bool:
        return not self.problems


@dataclass
class _PersonRow:
    row: int
    key: PersonKey
    values: dict[str, Any]
    unit: OrgUnit


@dataclass
class _HouseholdRow:
    row: int
    code: str
    unit: OrgUnit
    head: PersonKey
    address: str


@dataclass
class _EntryRow:
    row: int
    subject_kind: str
    subject: PersonKey | tuple[int, str] | int  # person key, (unit pk, household code), unit pk
    unit: OrgUnit
    data: EntryData


class _Context:
    """What the rows refer to, loaded in bulk before any row is checked."""

    def __init__(self, actor: User, result: ImportResult,
                 progress: Callable[[int], None] | None = None) -> None:
        self.result = result
        self.progress = progress
        self.paths = granted_paths(actor, Action.CHANGE_PERSON)
        self.units: dict[str, OrgUnit | None] = {}
        self.today = timezone.localdate()
        self.scope: dict[int, bool] = {}
        self.checks: dict[tuple[EntryData, str], list[RuleProblem]] = {}

    def unit(self, code: str) -> OrgUnit | None:
        if code not in self.units:
            # Codes repeat across the tree's history; the unit valid today is meant.
            self.units[code] = (
                OrgUnit.objects.filter(code=code, valid_to__isnull=True).order_by("-pk").first()
            )
        return self.units[code]

    def tick(self) -> None:
        self.result.rows += 1
        if self.progress is not None and self.result.rows % PROGRESS_EVERY == 0:
            self.progress(self.result.rows)

    def in_scope(self, unit: OrgUnit) -> bool:
        if unit.pk not in self.scope:
            self.scope[unit.pk] = any(unit.path.startswith(path) for path in self.paths)
        return self.scope[unit.pk]

    def check(self, data: EntryData, subject_kind: str) -> list[RuleProblem]:
        # The same (kind, year, award, ...) recurs for many subjects of a file: check once.
        key = (data, subject_kind)
        if key not in self.checks:
            self.checks[key] = check_entry(data, subject_kind=subject_kind, today=self.today)
        return self.checks[key]


def import_ledger(*, actor: User, file_name: str, data: bytes, clean_rows_only: bool = False,
                  progress: Callable[[int], None] | None = None) -> ImportResult:
    """Validate a ledger workbook and, if clean (or clean rows only), write it.

    `progress` is called with the number of rows read every PROGRESS_EVERY rows.
    """
    checked = check_workbook_bytes(data)
    digest = hashlib.sha256(checked.data).hexdigest()
    result = ImportResult(file_name=file_name, sha256=digest)
    previous = ImportBatch.objects.filter(sha256=digest).first()
    if previous is not None:
        result.already_imported = True
        result.batch = previous
        return result
    workbook = reader.open_workbook(checked.data)
    context = _Context(actor, result, progress)
    try:
        people = _read_people(workbook, context, result)
        households = _read_households(workbook, context, result, people)
        entries = _read_entries(workbook, context, result, people, households)
    finally:
        workbook.close()
    if result.rows == 0 and not result.problems:
        result.problems.append(Problem(ENTRIES.title, 1, "", _(
            "the file has no data rows under the headers of sheets “Cá nhân”, "
            "“Hộ gia đình” and “Thành tích”.")))
    bad_rows = {(p.sheet, p.row) for p in result.problems}
    result.skipped_rows = len(bad_rows)
    if result.problems and not clean_rows_only:
        return result
    _write(actor=actor, result=result, clean_rows_only=clean_rows_only,
           people=[p for p in people.values() if (PEOPLE.title, p.row) not in bad_rows],
           households=[h for h in households.values() if (HOUSEHOLDS.title, h.row) not in bad_rows],
           entries=[e for e in entries if (ENTRIES.title, e.row) not in bad_rows])
    return result


def _cell(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
          key: str, parse: Any = reader.as_text, *, required: bool = False) -> Any:
    index = layout.positions.get(key)
    value = row[index] if index is not None and index < len(row) else None
    if value is None:  # most cells of a wide sheet are empty: skip the parsers
        if required:
            problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                    _("this cell is required.")))
        return None
    try:
        parsed = parse(value)
    except CellError as exc:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key), str(exc)))
        return None
    if required and parsed in ("", None):
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("this cell is required.")))
    return parsed


def _code(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
          key: str, list_name: str, *, required: bool = False) -> str:
    text = _cell(problems, layout, number, row, key, required=required) or ""
    if not text:
        return ""
    code = code_for(list_name, text)
    if code is None:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("“%(value)s” is not in the code list (sheet “Danh mục”).")
                                % {"value": text}))
        return ""
    return code


def _unit(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
          context: _Context) -> OrgUnit | None:
    code = _cell(problems, layout, number, row, "unit_code", required=True)
    if not code:
        return None
    unit = context.unit(code)
    if unit is None or not context.in_scope(unit):
        # Units outside the user's subtree are reported as unknown so existence does not leak.
        problems.append(Problem(layout.sheet.title, number, layout.letter("unit_code"),
                                _("no unit with code “%(code)s” in your area.") % {"code": code}))
        return None
    return unit


def _read_people(workbook: Any, context: _Context, result: ImportResult
                 ) -> dict[PersonKey, _PersonRow]:
    problems = result.problems
    people: dict[PersonKey, _PersonRow] = {}
    for number, layout, row in reader.iter_sheet(workbook, PEOPLE, problems):
        context.tick()
        before = len(problems)
        name = _cell(problems, layout, number, row, "full_name", required=True)
        birth = _cell(problems, layout, number, row, "birth_date", reader.as_date, required=True)
        gender = _code(problems, layout, number, row, "gender", "gender", required=True)
        category = _code(problems, layout, number, row, "category", "category")
        ethnicity = _code(problems, layout, number, row, "ethnicity", "ethnicity")
        address = _cell(problems, layout, number, row, "address") or ""
        id_text = _cell(problems, layout, number, row, "id_number") or ""
        try:
            id_number = validate_id_number(id_text)
        except ValidationFailed as exc:
            problems.append(Problem(PEOPLE.title, number, layout.letter("id_number"), exc.message))
            id_number = None
        unit = _unit(problems, layout, number, row, context)
        if len(problems) > before or unit is None:
            continue
        key = (fold(name), birth)
        if key in people:
            problems.append(Problem(PEOPLE.title, number, layout.letter("full_name"), _(
                "same name and date of birth as row %(row)s: the same person must appear "
                "once; merge the two rows.") % {"row": people[key].row}))
            continue
        people[key] = _PersonRow(number, key, {
            "full_name": name, "birth_date": birth, "gender": gender,
            "category": category or Category.WORKER_FARMER,
            "ethnicity": ethnicity or Ethnicity.KINH, "address": address, "id_number": id_number,
        }, unit)
    _match_existing_people(people, result)
    return people


def _chunks(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def _match_existing_people(people: dict[PersonKey, _PersonRow], result: ImportResult) -> None:
    """Flag file rows that duplicate a person already registered elsewhere."""
    names = sorted({key[0] for key in people})
    for chunk in _chunks(names):
        for pk, folded, birth, unit_id, id_number in Person.objects.filter(
            name_folded__in=chunk
        ).values_list("pk", "name_folded", "birth_date", "unit_id", "id_number"):
            row = people.get((folded, birth))
            if row is None:
                continue
            if row.unit.pk != unit_id or (row.values["id_number"] or id_number) != id_number:
                result.problems.append(Problem(PEOPLE.title, row.row, "", _(
                    "a person with the same name and date of birth is already registered "
                    "(no. %(pk)s) with different details; merge them before importing.")
                    % {"pk": pk}))
            else:
                row.values["pk"] = pk
                result.people_matched += 1


def _read_households(workbook: Any, context: _Context, result: ImportResult,
                     people: dict[PersonKey, _PersonRow]) -> dict[tuple[int, str], _HouseholdRow]:
    problems = result.problems
    households: dict[tuple[int, str], _HouseholdRow] = {}
    for number, layout, row in reader.iter_sheet(workbook, HOUSEHOLDS, problems):
        context.tick()
        before = len(problems)
        code = _cell(problems, layout, number, row, "code", required=True)
        head_name = _cell(problems, layout, number, row, "head_name", required=True)
        head_birth = _cell(problems, layout, number, row, "head_birth_date", reader.as_date,
                           required=True)
        address = _cell(problems, layout, number, row, "address") or ""
        unit = _unit(problems, layout, number, row, context)
        if len(problems) > before or unit is None:
            continue
        head = (fold(head_name), head_birth)
        if head not in people:
            problems.append(Problem(HOUSEHOLDS.title, number, layout.letter("head_name"), _(
                "the head of household is not in sheet “Cá nhân” (or that row has errors).")))
            continue
        if (unit.pk, code) in households:
            problems.append(Problem(HOUSEHOLDS.title, number, layout.letter("code"),
                                    _("household code repeated from row %(row)s.")
                                    % {"row": households[(unit.pk, code)].row}))
            continue
        households[(unit.pk, code)] = _HouseholdRow(number, code, unit, head, address)
    for (unit_pk, code), pk in _existing_households(households):
        households[(unit_pk, code)].__dict__["pk"] = pk
    return households


def _existing_households(households: dict[tuple[int, str], _HouseholdRow]
                         ) -> Iterable[tuple[tuple[int, str], int]]:
    codes = sorted({code for _unit_pk, code in households})
    for chunk in _chunks(codes):
        for pk, unit_id, code in Household.objects.filter(code__in=chunk).values_list(
            "pk", "unit_id", "code"
        ):
            if (unit_id, code) in households:
                yield (unit_id, code), pk


# Optional cells of sheet "Thành tích", read only when the row has a value there.
_ENTRY_TEXT = ("title", "authors", "recognized_by", "note", "ref_number", "ref_issuer")
_ENTRY_DATES = ("date", "start", "end", "ref_date")
_ENTRY_CODES = ("rating", "scope", "effect", "science_state")
_PROBLEM_COLUMN = {"award_code": "award", "discipline_level": "level", "review_kind": "level"}
_fold = lru_cache(maxsize=65536)(fold)
_code_for = lru_cache(maxsize=4096)(code_for)


def _read_entries(workbook: Any, context: _Context, result: ImportResult,
                  people: dict[PersonKey, _PersonRow],
                  households: dict[tuple[int, str], _HouseholdRow]) -> list[_EntryRow]:
    """Parse sheet “Thành tích” row by row.

    This loop runs once per achievement (100,000s of rows), so it reads the row's
    non-empty cells once into a dict by column key and calls a parser only for them;
    repeated texts (codes, award names, dates) hit caches.
    """
    problems = result.problems
    entries: list[_EntryRow] = []
    columns: list[tuple[str, int]] | None = None
    for number, layout, row in reader.iter_sheet(workbook, ENTRIES, problems):
        context.tick()
        if columns is None:
            columns = list(layout.positions.items())
        width = len(row)
        values = {key: row[i] for key, i in columns if i < width and row[i] is not None}
        before = len(problems)
        cell = partial(_parse, problems, layout, number, values)

        subject_kind = _listed(problems, layout, number, values, "subject_kind", required=True)
        kind = _listed(problems, layout, number, values, "kind", required=True)
        year = cell("year", reader.as_year, required=True)
        unit = _unit(problems, layout, number, row, context)
        level = _listed(problems, layout, number, values, "level") if "level" in values else ""
        fields: dict[str, Any] = {}
        for key in _ENTRY_TEXT:
            if key in values:
                fields[key] = cell(key) or ""
        for key in _ENTRY_DATES:
            if key in values:
                fields[key] = cell(key, reader.as_date)
        for key in _ENTRY_CODES:
            if key in values:
                fields[key] = _listed(problems, layout, number, values, key)
        award_text = cell("award") or "" if "award" in values else ""
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
            continue
        if kind == EntryKind.PENDING_REVIEW and level and level not in ReviewKind.values:
            problems.append(Problem(ENTRIES.title, number, layout.letter("level"),
                                    _("a pending review needs a kind of review.")))
            continue
        subject = _entry_subject(problems, layout, number, row, subject_kind, unit,
                                 people, households)
        if subject is None:
            continue
        for problem in context.check(data, subject_kind):
            column = _PROBLEM_COLUMN.get(problem.field, problem.field)
            letter = layout.letter(column) if column in layout.positions else ""
            problems.append(Problem(ENTRIES.title, number, letter, problem.message))
        if len(problems) == before:
            entries.append(_EntryRow(number, subject_kind, subject, unit, data))
    return entries


def _parse(problems: list[Problem], layout: SheetRows, number: int, values: dict[str, Any],
           key: str, parse: Any = reader.as_text, *, required: bool = False) -> Any:
    """Like `_cell`, on the row's non-empty cells already picked out by column key."""
    value = values.get(key)
    if value is None:
        if required:
            problems.append(Problem(layout.sheet.title, number, layout.letter(key)
                                    if key in layout.positions else "",
                                    _("this cell is required.")))
        return None
    try:
        parsed = parse(value)
    except CellError as exc:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key), str(exc)))
        return None
    if required and parsed in ("", None):
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("this cell is required.")))
    return parsed


def _listed(problems: list[Problem], layout: SheetRows, number: int, values: dict[str, Any],
            key: str, *, required: bool = False) -> str:
    """Return the code of a code-list cell (the list is named like the column)."""
    text = _parse(problems, layout, number, values, key, required=required) or ""
    if not text:
        return ""
    code = _code_for(key, text)
    if code is None:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("“%(value)s” is not in the code list (sheet “Danh mục”).")
                                % {"value": text}))
        return ""
    return code


def _entry_subject(problems: list[Problem], layout: SheetRows, number: int,
                   row: tuple[Any, ...], subject_kind: str, unit: OrgUnit,
                   people: dict[PersonKey, _PersonRow],
                   households: dict[tuple[int, str], _HouseholdRow]
                   ) -> PersonKey | tuple[int, str] | int | None:
    if subject_kind == SubjectKind.COLLECTIVE:
        return unit.pk
    if subject_kind == SubjectKind.HOUSEHOLD:
        code = _cell(problems, layout, number, row, "household_code", required=True)
        if code and (unit.pk, code) not in households:
            problems.append(Problem(ENTRIES.title, number, layout.letter("household_code"),
                                    _("household “%(code)s” is not in sheet “Hộ gia đình”.")
                                    % {"code": code}))
            return None
        return (unit.pk, code) if code else None
    name = _cell(problems, layout, number, row, "name", required=True)
    birth = _cell(problems, layout, number, row, "birth_date", reader.as_date, required=True)
    if not name or birth is None:
        return None
    key = (_fold(name), birth)
    if key not in people:
        problems.append(Problem(ENTRIES.title, number, layout.letter("name"), _(
            "this person is not in sheet “Cá nhân” (or that row has errors).")))
        return None
    return key


@transaction.atomic
def _write(*, actor: User, result: ImportResult, clean_rows_only: bool,
           people: list[_PersonRow], households: list[_HouseholdRow],
           entries: list[_EntryRow]) -> None:
    scope_unit = min((p.unit for p in people), key=lambda u: u.depth, default=None) or min(
        (e.unit for e in entries), key=lambda u: u.depth, default=None)
    if scope_unit is None:
        return
    batch = ImportBatch.objects.create(
        file_name=result.file_name, sha256=result.sha256, unit=scope_unit, imported_by=actor,
        imported_at=timezone.now(), clean_rows_only=clean_rows_only,
        options={"clean_rows_only": clean_rows_only},
    )
    person_pks = _create_people(people, result)
    household_pks = _create_households(households, person_pks, result)
    rows: list[dict[str, Any]] = []
    for item in entries:
        fk: dict[str, Any]
        found: int | None = None
        if item.subject_kind == SubjectKind.INDIVIDUAL:
            found = person_pks.get(item.subject)  # type: ignore[arg-type]
            fk, subject_key = {"person_id": found}, f"p:{found}"
        elif item.subject_kind == SubjectKind.HOUSEHOLD:
            found = household_pks.get(item.subject)  # type: ignore[arg-type]
            fk, subject_key = {"household_id": found}, f"h:{found}"
        if item.subject_kind != SubjectKind.COLLECTIVE and found is None:
            # With "clean rows only" the person or household row itself may have been
            # refused; its achievements are skipped with it instead of failing the file.
            result.skipped_rows += 1
            continue
        if item.subject_kind == SubjectKind.COLLECTIVE:
            fk, subject_key = {"collective_id": item.subject}, f"c:{item.subject}"
        fields = item.data.as_model_fields()
        fk["natural_key"] = natural_key_of_fields(subject_key, fields)
        fk.update(fields)
        fk.update(unit_id=item.unit.pk, import_batch_id=batch.pk, recorded_by_id=actor.pk)
        rows.append(fk)
    _create_entries(rows, result)
    result.written = True
    result.batch = batch
    batch.summary = {"rows": result.rows, "people_created": result.people_created,
                     "households_created": result.households_created,
                     "entries_created": result.entries_created,
                     "entries_existing": result.entries_existing,
                     "skipped_rows": result.skipped_rows}
    batch.save(update_fields=["summary", "updated_at"])
    record_event(actor=actor, action="records.ledger_imported", target=batch,
                 unit_path=scope_unit.path,
                 data={"file": result.file_name, "sha256": result.sha256, **batch.summary,
                       "clean_rows_only": clean_rows_only})


def _create_people(people: list[_PersonRow], result: ImportResult) -> dict[PersonKey, int]:
    pks = {p.key: p.values["pk"] for p in people if "pk" in p.values}
    new = [p for p in people if "pk" not in p.values]
    # Plain rows rather than Person objects and bulk_create: a file brings thousands of
    # people, and the model layer's per-object work cost more than the insert itself.
    insert_rows(Person, [{"unit_id": p.unit.pk, "name_folded": p.key[0], **p.values}
                         for p in new])
    result.people_created = len(new)
    # The new keys are read back by (folded name, birth date): no other person has that
    # pair, or _match_existing_people would have matched or refused the row.
    _fill_keys(new, pks)
    return pks


def _fill_keys(rows: list[_PersonRow], pks: dict[PersonKey, int]) -> None:
    names = sorted({row.key[0] for row in rows})
    for chunk in _chunks(names):
        for pk, folded, birth in Person.objects.filter(name_folded__in=chunk).values_list(
            "pk", "name_folded", "birth_date"
        ):
            pks.setdefault((folded, birth), pk)


def _create_households(households: list[_HouseholdRow], person_pks: dict[PersonKey, int],
                       result: ImportResult) -> dict[tuple[int, str], int]:
    pks = {(h.unit.pk, h.code): h.__dict__["pk"] for h in households if "pk" in h.__dict__}
    new = [h for h in households if "pk" not in h.__dict__ and h.head in person_pks]
    objects = [Household(code=h.code, unit=h.unit, head_id=person_pks[h.head], address=h.address)
               for h in new]
    for chunk in _chunks(objects):
        Household.objects.bulk_create(chunk)
    members = [HouseholdMember(household=obj, person_id=obj.head_id, relation=Relation.HEAD)
               for obj in objects]
    for chunk in _chunks(members):
        HouseholdMember.objects.bulk_create(chunk)
    result.households_created = len(objects)
    pks.update({(obj.unit_id, obj.code): obj.pk for obj in objects})
    return pks


def _create_entries(rows: list[dict[str, Any]], result: ImportResult) -> None:
    unique: dict[str, dict[str, Any]] = {}
    for row in rows:
        unique.setdefault(row["natural_key"], row)
    keys = list(unique)
    existing: set[str] = set()
    for chunk in _chunks(keys):
        existing.update(
            k for k in Entry.objects.filter(natural_key__in=chunk).values_list(
                "natural_key", flat=True) if k
        )
    new = [row for key, row in unique.items() if key not in existing]
    insert_entries(new)
    result.entries_created = len(new)
    result.entries_existing = len(rows) - len(new)


def count_rows(data: bytes) -> int:
    """Return the rows the workbook's sheets declare (their dimension), for a progress bar."""
    workbook = reader.open_workbook(data)
    try:
        return sum(
            workbook[sheet.title].max_row or 0
            for sheet in (PEOPLE, HOUSEHOLDS, ENTRIES)
            if sheet.title in workbook.sheetnames
        )
    finally:
        workbook.close()
