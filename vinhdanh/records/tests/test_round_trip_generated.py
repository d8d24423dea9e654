"""Acceptance: 2,000 generated people × 10 years, exported and imported into an empty ledger."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Model

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.people.generator.run import generate_province
from vinhdanh.people.models import Household, HouseholdMember, Person
from vinhdanh.records.generator import generate_history
from vinhdanh.records.models import Entry, ImportBatch
from vinhdanh.records.selectors import get_ledger_for_export
from vinhdanh.records.spreadsheet.importer import import_ledger
from vinhdanh.records.spreadsheet.writer import export_ledger
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

# Every column of the ledger a user can see, with the subject named as in the file.
FIELDS = ["kind", "year", "award_code", "rating", "title", "authors", "scope", "effect",
          "science_state", "recognized_by", "discipline_level", "review_kind", "date", "start",
          "end", "note", "ref_number", "ref_date", "ref_issuer", "operation", "unit__code",
          "person__full_name", "person__birth_date", "household__code", "collective__code"]


def _ledger() -> list[tuple[str, ...]]:
    return sorted(tuple(str(v) for v in row) for row in Entry.objects.values_list(*FIELDS))


def _people() -> list[tuple[Any, ...]]:
    return sorted(Person.objects.values_list("full_name", "birth_date", "gender", "id_number",
                                             "unit__code", "category", "ethnicity"))


def test_generated_ledger_survives_export_and_import(province: OrgUnit) -> None:
    for code, name in (("13366", "Phường Hà Nam"), ("13285", "Phường Phủ Lý"),
                       ("13300", "Xã Kim Bảng")):
        insert_unit(code=code, name=name, kind=UnitKind.WARD, parent=province)
    generated = generate_province(people=2000, seed=3, province_code=province.code)
    assert generated.created
    officer: User = make_user("can_bo_tinh", Role.EMULATION_OFFICER, province)
    people = list(Person.objects.filter(unit__path__startswith=province.path))
    assert len(people) == 2000
    history = generate_history(actor=officer, people=people, years=range(2015, 2025), seed=3)
    assert history.entries > 2000 * 10
    before_ledger, before_people = _ledger(), _people()
    if connection.vendor == "postgresql":
        # The rows are not committed, so autovacuum has no statistics for the planner;
        # without them the export's NOT EXISTS (superseded entries) runs as a nested
        # loop over the whole table. A committed generate or import gets analysed.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    ledger = get_ledger_for_export(officer, province)
    data = export_ledger(people=ledger.people, households=ledger.households,
                         entries=ledger.entries)
    # Empty the ledger and the registers with plain DELETEs: an ORM delete would visit
    # every model that points at Person, which other apps own. The generator also made
    # rows that point at people (employments...): they go first.
    dependants: set[type[Model]] = {
        rel.related_model for rel in Person._meta.related_objects
        if isinstance(rel.related_model, type) and issubclass(rel.related_model, Model)
        and rel.related_model not in (Entry, HouseholdMember, Household)}
    tables: list[type[Model]] = [*dependants, Entry, ImportBatch, HouseholdMember, Household,
                                 Person]
    with connection.cursor() as cursor:
        for model in tables:
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a model table name)

    result = import_ledger(actor=officer, file_name="export.xlsx", data=data)
    assert result.problems == [], [str(p) for p in result.problems[:5]]
    assert result.entries_created == len(before_ledger)
    assert _ledger() == before_ledger
    assert _people() == before_people
