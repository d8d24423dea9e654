"""Export of a ledger imports back, into an empty database, to the identical ledger."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import connection

from vinhdanh.accounts.models import User
from vinhdanh.core.text import fold
from vinhdanh.people.models import Household, HouseholdMember, Person
from vinhdanh.records.models import Entry, EntryKind, ImportBatch
from vinhdanh.records.selectors import get_ledger_for_export
from vinhdanh.records.spreadsheet.importer import import_ledger
from vinhdanh.records.spreadsheet.writer import export_ledger
from vinhdanh.units.models import OrgUnit

AWARDS = ["lao_dong_tien_tien", "chien_si_thi_dua_co_so", "bang_khen_bo_tinh", "giay_khen"]


def _build_ledger(actor: User, commune: OrgUnit, size: int) -> None:
    rng = random.Random(7)
    batch = ImportBatch.objects.create(file_name="seed", sha256="0" * 64, unit=commune,
                                       imported_by=actor, imported_at=dt.datetime.now(dt.UTC))
    people = [
        Person.objects.create(
            full_name=f"Nguyễn Văn Số {i}", name_folded=fold(f"Nguyễn Văn Số {i}"),
            gender="male", birth_date=dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
            unit=commune, id_number=f"0370{70 + i % 30:02d}{i:06d}" if i % 3 else None,
        )
        for i in range(40)
    ]
    household = Household.objects.create(code="HGD-01", head=people[0], unit=commune)
    HouseholdMember.objects.create(household=household, person=people[0], relation="head")
    rows: list[Entry] = []
    for n in range(size):
        person = people[n % len(people)]
        year = 2005 + n // len(people)
        common: dict[str, Any] = {"unit": commune, "import_batch": batch, "recorded_by": actor,
                                  "year": year, "natural_key": f"seed-{n}"}
        choice = n % 5
        if choice == 0:
            rows.append(Entry(person=person, kind=EntryKind.TASK_RATING,
                              rating=rng.choice(["excellent", "good", "completed"]), **common))
        elif choice == 1:
            rows.append(Entry(person=person, kind=EntryKind.TITLE, award_code=AWARDS[n % 2],
                              **common))
        elif choice == 2:
            rows.append(Entry(person=person, kind=EntryKind.COMMENDATION,
                              award_code=rng.choice(AWARDS[2:]), date=dt.date(year, 3, 1),
                              ref_number=f"{n}/QĐ-UBND", ref_date=dt.date(year, 3, 1),
                              ref_issuer="UBND tỉnh Ninh Bình", **common))
        elif choice == 3:
            rows.append(Entry(person=person, kind=EntryKind.INITIATIVE, title=f"Sáng kiến {n}",
                              authors=person.full_name, scope="grassroots", effect="applied",
                              date=dt.date(year, 6, 1), recognized_by="Hội đồng sáng kiến",
                              **common))
        else:
            rows.append(Entry(household=household, kind=EntryKind.TITLE,
                              award_code="gia_dinh_van_hoa", note=f"dòng {n}", **common)
                        if n % 2 else
                        Entry(collective=commune, kind=EntryKind.TITLE,
                              award_code="tap_the_lao_dong_tien_tien", note=f"dòng {n}",
                              **common))
    Entry.objects.bulk_create(rows)


FIELDS = ["kind", "year", "award_code", "rating", "title", "authors", "scope", "effect",
          "science_state", "recognized_by", "discipline_level", "review_kind", "date", "start",
          "end", "note", "ref_number", "ref_date", "ref_issuer", "unit__code",
          "person__full_name", "person__birth_date", "household__code", "collective__code"]


def _snapshot() -> list[tuple[Any, ...]]:
    return sorted(tuple(str(v) for v in row) for row in Entry.objects.values_list(*FIELDS))


def _people() -> list[tuple[Any, ...]]:
    return sorted(Person.objects.values_list("full_name", "birth_date", "gender", "id_number",
                                             "unit__code", "category", "ethnicity"))


def test_export_then_import_into_empty_ledger_gives_same_rows(
    commune_officer: User, commune: OrgUnit, django_assert_num_queries: Any
) -> None:
    _build_ledger(commune_officer, commune, 300)
    before_entries, before_people = _snapshot(), _people()
    ledger = get_ledger_for_export(commune_officer, commune)
    # 1: people with unit; 2: households with unit and head;
    # 3: effective entries with subject and unit (the scope was checked above)
    with django_assert_num_queries(3):
        data = export_ledger(people=ledger.people, households=ledger.households,
                             entries=ledger.entries)

    # Empty the ledger and the registers with plain DELETEs: an ORM delete would visit
    # every model that points at Person, which other apps are still adding.
    with connection.cursor() as cursor:
        for model in (Entry, ImportBatch, HouseholdMember, Household, Person):
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 (a model table name)

    result = import_ledger(actor=commune_officer, file_name="export.xlsx", data=data)
    assert result.problems == [], [str(p) for p in result.problems[:5]]
    assert result.entries_created == 300
    assert _snapshot() == before_entries
    assert _people() == before_people
    assert Household.objects.get().head.full_name == "Nguyễn Văn Số 0"
