"""Import people, households and historical achievements from the ledger workbook.

The whole file is validated first; nothing is written unless every row is clean, or
the user chose "clean rows only" (recorded on the ImportBatch). A file already
imported (same SHA-256) and rows already in the ledger (same natural key) change
nothing, so an import can be run again safely.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import fold
from vinhdanh.people.idnumber import validate_id_number
from vinhdanh.people.models import Category, Ethnicity, Household, HouseholdMember, Person, Relation
from vinhdanh.records.bulk import insert_rows, insert_tuples
from vinhdanh.records.models import Entry, ImportBatch
from vinhdanh.records.spreadsheet import reader
from vinhdanh.records.spreadsheet.context import (
    Context,
    ImportResult,
    PersonKey,
    cached_fold,
    cell,
    coded,
    unit_cell,
)
from vinhdanh.records.spreadsheet.entries import (
    KEY_AT,
    EntryReader,
    EntryRow,
    LedgerRows,
    ledger_rows,
)
from vinhdanh.records.spreadsheet.layout import ENTRIES, HOUSEHOLDS, PEOPLE
from vinhdanh.records.spreadsheet.reader import Problem
from vinhdanh.records.spreadsheet.upload import check_workbook_bytes
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User

__all__ = ["ImportResult", "count_rows", "import_ledger"]

CHUNK = 1000


@dataclass
class _PersonRow:
    row: int
    key: PersonKey
    values: dict[str, Any]
    unit: OrgUnit
    unit_id: int


@dataclass
class _HouseholdRow:
    row: int
    code: str
    unit: OrgUnit
    head: PersonKey
    address: str


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
    context = Context(actor, result, progress)
    try:
        people = _read_people(workbook, context, result)
        households = _read_households(workbook, context, result, people)
        entries = EntryReader(context, people, households).read(workbook)
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
           # An entry row is kept only when it had no problem of its own.
           entries=entries)
    return result


def _read_people(workbook: Any, context: Context, result: ImportResult
                 ) -> dict[PersonKey, _PersonRow]:
    problems = result.problems
    people: dict[PersonKey, _PersonRow] = {}
    for number, layout, row in reader.iter_sheet(workbook, PEOPLE, problems):
        context.tick()
        before = len(problems)
        name = cell(problems, layout, number, row, "full_name", required=True)
        birth = cell(problems, layout, number, row, "birth_date", reader.as_date, required=True)
        gender = coded(problems, layout, number, row, "gender", required=True)
        category = coded(problems, layout, number, row, "category")
        ethnicity = coded(problems, layout, number, row, "ethnicity")
        address = cell(problems, layout, number, row, "address") or ""
        id_text = cell(problems, layout, number, row, "id_number") or ""
        try:
            id_number = validate_id_number(id_text)
        except ValidationFailed as exc:
            problems.append(Problem(PEOPLE.title, number, layout.letter("id_number"), exc.message))
            id_number = None
        unit = unit_cell(problems, layout, number, row, context)
        if len(problems) > before or unit is None:
            continue
        key = (cached_fold(name), birth)
        if key in people:
            problems.append(Problem(PEOPLE.title, number, layout.letter("full_name"), _(
                "same name and date of birth as row %(row)s: the same person must appear "
                "once; merge the two rows.") % {"row": people[key].row}))
            continue
        people[key] = _PersonRow(number, key, {
            "full_name": name, "birth_date": birth, "gender": gender,
            "category": category or Category.WORKER_FARMER,
            "ethnicity": ethnicity or Ethnicity.KINH, "address": address, "id_number": id_number,
        }, unit, unit.pk)
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


def _read_households(workbook: Any, context: Context, result: ImportResult,
                     people: dict[PersonKey, _PersonRow]) -> dict[tuple[int, str], _HouseholdRow]:
    problems = result.problems
    households: dict[tuple[int, str], _HouseholdRow] = {}
    for number, layout, row in reader.iter_sheet(workbook, HOUSEHOLDS, problems):
        context.tick()
        before = len(problems)
        code = cell(problems, layout, number, row, "code", required=True)
        head_name = cell(problems, layout, number, row, "head_name", required=True)
        head_birth = cell(problems, layout, number, row, "head_birth_date", reader.as_date,
                           required=True)
        address = cell(problems, layout, number, row, "address") or ""
        unit = unit_cell(problems, layout, number, row, context)
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


@transaction.atomic
def _write(*, actor: User, result: ImportResult, clean_rows_only: bool,
           people: list[_PersonRow], households: list[_HouseholdRow],
           entries: list[EntryRow]) -> None:
    entry_units = {id(e.shape): e.shape.unit for e in entries}.values()
    scope_unit = min((p.unit for p in people), key=lambda u: u.depth, default=None) or min(
        entry_units, key=lambda u: u.depth, default=None)
    if scope_unit is None:
        return
    batch = ImportBatch.objects.create(
        file_name=result.file_name, sha256=result.sha256, unit=scope_unit, imported_by=actor,
        imported_at=timezone.now(), clean_rows_only=clean_rows_only,
        options={"clean_rows_only": clean_rows_only},
    )
    person_pks, new_people = _create_people(people, result)
    household_pks, new_households = _create_households(households, person_pks, result)
    rows = LedgerRows(batch_id=batch.pk, actor_id=actor.pk)
    split = ledger_rows(entries, rows, person_pks=person_pks, household_pks=household_pks,
                        new_people=new_people, new_households=new_households)
    # With "clean rows only" the person or household row itself may have been refused;
    # its achievements are skipped with it instead of failing the file.
    result.skipped_rows += split.skipped
    _create_entries(rows, split.new, split.known, result)
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


def _create_people(people: list[_PersonRow], result: ImportResult
                   ) -> tuple[dict[PersonKey, int], set[int]]:
    """Insert the file's new people; return every person's key and the new keys."""
    pks = {p.key: p.values["pk"] for p in people if "pk" in p.values}
    new = [p for p in people if "pk" not in p.values]
    # Plain rows rather than Person objects and bulk_create: a file brings thousands of
    # people, and the model layer's per-object work cost more than the insert itself.
    insert_rows(Person, [{"unit_id": p.unit_id, "name_folded": p.key[0], **p.values}
                         for p in new])
    result.people_created = len(new)
    # The new keys are read back by (folded name, birth date): no other person has that
    # pair, or _match_existing_people would have matched or refused the row.
    matched = set(pks.values())
    _fill_keys(new, pks)
    return pks, set(pks.values()) - matched


def _fill_keys(rows: list[_PersonRow], pks: dict[PersonKey, int]) -> None:
    names = sorted({row.key[0] for row in rows})
    for chunk in _chunks(names):
        for pk, folded, birth in Person.objects.filter(name_folded__in=chunk).values_list(
            "pk", "name_folded", "birth_date"
        ):
            pks.setdefault((folded, birth), pk)


def _create_households(households: list[_HouseholdRow], person_pks: dict[PersonKey, int],
                       result: ImportResult) -> tuple[dict[tuple[int, str], int], set[int]]:
    """Insert the file's new households; return every household's key and the new keys."""
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
    return pks, {obj.pk for obj in objects}


def _create_entries(rows: LedgerRows, new: list[tuple[Any, ...]],
                    known: list[tuple[Any, ...]], result: ImportResult) -> None:
    """Insert entries not yet in the ledger; the same fact twice in the file counts once."""
    unique_new = {row[KEY_AT]: row for row in reversed(new)}
    unique_known = {row[KEY_AT]: row for row in reversed(known)}
    existing: set[str] = set()
    for chunk in _chunks(list(unique_known)):
        existing.update(key for key in Entry.objects.filter(natural_key__in=chunk).values_list(
            "natural_key", flat=True) if key)
    fresh = [*unique_new.values(),
             *(row for key, row in unique_known.items() if key not in existing)]
    insert_tuples(Entry, rows.columns, fresh)
    result.entries_created = len(fresh)
    result.entries_existing = len(new) + len(known) - len(fresh)


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
