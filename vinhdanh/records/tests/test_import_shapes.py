"""The import's fast path: rows sharing cells are checked once, yet reported one by one."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

from django.core.management import call_command

from vinhdanh.accounts.models import User
from vinhdanh.people.models import Person
from vinhdanh.records.models import Entry, EntryKind, ImportBatch
from vinhdanh.records.rules import EntryData, natural_key
from vinhdanh.records.spreadsheet.entries import key_tail
from vinhdanh.records.spreadsheet.importer import import_ledger
from vinhdanh.records.spreadsheet.layout import ENTRIES, PEOPLE
from vinhdanh.records.tests.conftest import ledger_file, row_for
from vinhdanh.units.models import OrgUnit


def person(name: str) -> list[object]:
    return row_for(PEOPLE, full_name=name, birth_date="01/05/1980", gender="Nam",
                   unit_code="13366")


def title(name: str, year: object = 2020) -> list[object]:
    return row_for(ENTRIES, subject_kind="Cá nhân", name=name, birth_date="01/05/1980",
                   unit_code="13366", kind="Danh hiệu thi đua", year=year, award="LĐTT")


def test_natural_key_of_the_importer_is_the_ledgers() -> None:
    """Keys made from a row's shape equal rules.natural_key, so re-imports stay idempotent."""
    for data in (
        EntryData(kind=EntryKind.TITLE, year=2020, award_code="lao_dong_tien_tien"),
        EntryData(kind=EntryKind.DISCIPLINE, year=2019, discipline_level="warning",
                  start=dt.date(2019, 3, 1), end=None, note="Đã chấp hành xong"),
        EntryData(kind=EntryKind.INITIATIVE, year=2021, title="Số hoá hồ sơ", authors="An, Bình",
                  scope="grassroots", effect="applied", ref_date=dt.date(2021, 12, 30)),
    ):
        for subject in ("p:7", "h:12", "c:3"):
            ours = hashlib.sha256(subject.encode() + key_tail(data)).hexdigest()
            assert ours == natural_key(subject, data)


def test_rows_of_one_shape_are_each_reported_with_their_own_row(
    commune_officer: User, commune: OrgUnit
) -> None:
    data = ledger_file(
        people=[person("Nguyễn Văn An"), person("Trần Văn Bình")],
        entries=[
            title("Nguyễn Văn An"), title("Trần Văn Bình"),  # rows 2-3: one shape, clean
            title("Lê Văn Cường"),  # row 4: same shape, unknown person
            title("Nguyễn Văn An", year=1800), title("Trần Văn Bình", year=1800),  # rows 5-6
        ],
    )
    result = import_ledger(actor=commune_officer, file_name="a.xlsx", data=data)
    located = sorted((p.sheet, p.row, p.column[:1]) for p in result.problems)
    assert located == [(ENTRIES.title, 4, "B"), (ENTRIES.title, 5, "G"), (ENTRIES.title, 6, "G")]
    assert "dòng 4" in str(next(p for p in result.problems if p.row == 4))
    assert (Person.objects.count(), Entry.objects.count(), ImportBatch.objects.count()) == (0, 0, 0)


def test_known_subjects_are_looked_up_and_new_ones_inserted(
    commune_officer: User, commune: OrgUnit
) -> None:
    """A collective and a registered person keep their entries; a newcomer gets new ones."""
    collective = row_for(ENTRIES, subject_kind="Tập thể", unit_code="13366",
                         kind="Danh hiệu thi đua", year=2021, award="Tập thể lao động tiên tiến")
    first = ledger_file(people=[person("Nguyễn Văn An")],
                        entries=[title("Nguyễn Văn An"), collective])
    import_ledger(actor=commune_officer, file_name="1.xlsx", data=first)
    second = ledger_file(
        people=[person("Nguyễn Văn An"), person("Phạm Thị Dung")],
        entries=[title("Nguyễn Văn An"), collective, title("Phạm Thị Dung"),
                 title("Phạm Thị Dung")],  # the same fact twice in one file counts once
    )
    result = import_ledger(actor=commune_officer, file_name="2.xlsx", data=second)
    assert result.problems == []
    assert (result.people_matched, result.people_created) == (1, 1)
    assert (result.entries_created, result.entries_existing) == (1, 3)
    assert Entry.objects.count() == 3


def test_bench_prints_both_speeds_and_keeps_nothing(db: None) -> None:
    out = io.StringIO()
    call_command("bench_import", rows=60, stdout=out)
    text = out.getvalue()
    assert "rows=74 problems=0 entries=60" in text  # 60 + 12 people + 2 header rows
    for label in ("openpyxl:", "import:", "ratio (import speed / openpyxl speed): CPU",
                  "peak memory"):
        assert label in text
    assert not OrgUnit.objects.filter(code="BENCH-IMPORT").exists()
    assert (Person.objects.count(), Entry.objects.count()) == (0, 0)
