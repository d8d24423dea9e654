"""Importing the ledger workbook: every malformed file is reported row by row, unwritten."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from vinhdanh.accounts.models import User
from vinhdanh.people.models import Household, Person
from vinhdanh.records.models import Entry, EntryKind, ImportBatch
from vinhdanh.records.spreadsheet.importer import ImportResult, import_ledger
from vinhdanh.records.spreadsheet.layout import ENTRIES, HOUSEHOLDS, PEOPLE
from vinhdanh.records.spreadsheet.upload import UploadRejected
from vinhdanh.records.spreadsheet.writer import build_template
from vinhdanh.records.tests.conftest import (
    ENTRY_HEADERS,
    PEOPLE_HEADERS,
    ledger_file,
    make_person,
    row_for,
    workbook_bytes,
)
from vinhdanh.units.models import OrgUnit

AN = row_for(PEOPLE, full_name="Nguyễn Văn An", birth_date="01/05/1980", gender="Nam",
             unit_code="13366")
BINH = row_for(PEOPLE, full_name="Trần Thị Bình", birth_date=dt.datetime(1990, 2, 3),
               gender="Nữ", unit_code="13366")


def title(name: str = "Nguyễn Văn An", birth: Any = "01/05/1980", award: Any = "LĐTT",
          year: Any = 2020, **extra: Any) -> list[Any]:
    values = {"subject_kind": "Cá nhân", "name": name, "birth_date": birth,
              "unit_code": "13366", "kind": "Danh hiệu thi đua", "year": year, "award": award}
    return row_for(ENTRIES, **(values | extra))


def counts() -> tuple[int, int, int, int]:
    return (Person.objects.count(), Household.objects.count(), Entry.objects.count(),
            ImportBatch.objects.count())


def run(actor: User, data: bytes, **options: Any) -> ImportResult:
    return import_ledger(actor=actor, file_name="so-thanh-tich.xlsx", data=data, **options)


def test_clean_file_is_imported_with_abbreviations_and_dates(
    commune_officer: User, commune: OrgUnit
) -> None:
    """Abbreviated award names, Excel dates and serials all land in the ledger."""
    data = ledger_file(
        people=[AN, BINH],
        entries=[
            title(),
            title(award="CSTĐCS", year="2021"),
            title(name="Trần Thị Bình", birth=32907, award="Bằng khen UBND tỉnh",
                  year=2022, kind="Hình thức khen thưởng", date="12/01/2023"),
            row_for(ENTRIES, subject_kind="Tập thể", unit_code="13366", kind="Danh hiệu thi đua",
                    year=2021, award="Tập thể lao động xuất sắc"),
            row_for(ENTRIES, subject_kind="Cá nhân", name="Nguyễn Văn An",
                    birth_date="01/05/1980", unit_code="13366", kind="Xếp loại nhiệm vụ",
                    year=2021, rating="Hoàn thành xuất sắc nhiệm vụ"),
        ],
    )
    result = run(commune_officer, data)
    assert result.problems == []
    assert counts() == (2, 0, 5, 1)
    codes = set(Entry.objects.values_list("award_code", flat=True))
    assert {"lao_dong_tien_tien", "chien_si_thi_dua_co_so", "bang_khen_bo_tinh",
            "tap_the_lao_dong_xuat_sac"} <= codes
    assert Person.objects.get(full_name="Trần Thị Bình").birth_date == dt.date(1990, 2, 3)


def test_same_file_twice_changes_nothing(commune_officer: User, commune: OrgUnit) -> None:
    data = ledger_file(people=[AN], entries=[title()])
    run(commune_officer, data)
    before = counts()
    second = run(commune_officer, data)
    assert second.already_imported
    assert counts() == before


def test_same_rows_in_another_file_are_not_duplicated(
    commune_officer: User, commune: OrgUnit
) -> None:
    run(commune_officer, ledger_file(people=[AN], entries=[title()]))
    result = run(commune_officer, ledger_file(people=[AN], entries=[title(), title(year=2021)]))
    assert result.people_matched == 1
    assert result.entries_existing == 1
    assert counts() == (1, 0, 2, 2)


def test_clean_rows_only_is_recorded(commune_officer: User, commune: OrgUnit) -> None:
    data = ledger_file(people=[AN], entries=[title(), title(award="Huy chương vàng Olympic")])
    result = run(commune_officer, data, clean_rows_only=True)
    assert len(result.problems) == 1
    assert counts() == (1, 0, 1, 1)
    assert ImportBatch.objects.get().clean_rows_only


def test_legacy_encodings_are_converted(commune_officer: User, commune: OrgUnit) -> None:
    """TCVN3 and VNI names become Unicode and match the same person."""
    tcvn3 = row_for(PEOPLE, full_name="NguyÔn V¨n §øc", birth_date="02/03/1975",
                    gender="Nam", unit_code="13366")
    data = ledger_file(people=[tcvn3], entries=[
        title(name="Nguyeãn Vaên Ñöùc", birth="02/03/1975", award="Lao ®éng tiªn tiÕn")])
    result = run(commune_officer, data)
    assert result.problems == []
    assert Person.objects.get().full_name == "Nguyễn Văn Đức"
    assert Entry.objects.get().award_code == "lao_dong_tien_tien"


def test_nfd_and_double_spaces_are_normalised(commune_officer: User, commune: OrgUnit) -> None:
    import unicodedata

    nfd = row_for(PEOPLE, full_name=unicodedata.normalize("NFD", "Lê  Thị   Hoà"),
                  birth_date="09/09/1999", gender="Nữ", unit_code="13366")
    result = run(commune_officer, ledger_file(people=[nfd], entries=[
        title(name="Lê Thị Hoà", birth="09/09/1999")]))
    assert result.problems == []
    assert Person.objects.get().full_name == "Lê Thị Hoà"


def test_header_below_merged_title_is_found(commune_officer: User, commune: OrgUnit) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = PEOPLE.title
    sheet.append(["DANH SÁCH CÁN BỘ"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["Kèm theo công văn số 12/UBND"])
    sheet.append(PEOPLE_HEADERS)
    sheet.append(AN)
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(commune_officer, buffer.getvalue())
    assert result.problems == []
    assert Person.objects.count() == 1


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", build_content_types())
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 50_000_000)
    return buffer.getvalue()


def build_content_types() -> str:
    return ('<Types><Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')


def _docx_named_xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


# Each case: the file, and (sheet, row, column fragment) expected in the report, or an
# UploadRejected when the file is refused before any row is read.
MALFORMED: dict[str, tuple[Callable[[], bytes], tuple[str, int, str] | None]] = {
    "wrong headers": (lambda: workbook_bytes({PEOPLE.title: [["Tên", "Tuổi"], ["An", 40]]}),
                      (PEOPLE.title, 1, "")),
    "bad date": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Nguyễn Văn An", birth_date="31/02/1980", gender="Nam",
        unit_code="13366")]), (PEOPLE.title, 2, "B (Ngày sinh)")),
    "date as words": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Nguyễn Văn An", birth_date="mùng 5 tháng 3", gender="Nam",
        unit_code="13366")]), (PEOPLE.title, 2, "B (Ngày sinh)")),
    "unknown award": (lambda: ledger_file(people=[AN], entries=[title(award="Huân chương X")]),
                      (ENTRIES.title, 2, "H (Danh hiệu")),
    "commendation as title": (
        lambda: ledger_file(people=[AN], entries=[title(award="BK UBND tỉnh")]),
        (ENTRIES.title, 2, "H (Danh hiệu")),
    "duplicate person": (lambda: ledger_file(people=[AN, row_for(
        PEOPLE, full_name="NGUYỄN VĂN AN", birth_date="01/05/1980", gender="Nam",
        unit_code="13366")]), (PEOPLE.title, 3, "A (Họ và tên)")),
    "unknown person in entries": (lambda: ledger_file(people=[AN], entries=[
        title(name="Phạm Văn Cường")]), (ENTRIES.title, 2, "B (Họ tên")),
    "unknown unit": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Nguyễn Văn An", birth_date="01/05/1980", gender="Nam",
        unit_code="99999")]), (PEOPLE.title, 2, "E (Mã đơn vị)")),
    "formula": (lambda: ledger_file(people=[AN], entries=[title(year="=2019+1")]),
                (ENTRIES.title, 2, "G (Năm)")),
    "year out of range": (lambda: ledger_file(people=[AN], entries=[title(year=2999)]),
                          (ENTRIES.title, 2, "G (Năm)")),
    "missing required cell": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Nguyễn Văn An", birth_date="01/05/1980", unit_code="13366")]),
        (PEOPLE.title, 2, "C (Giới tính)")),
    "unknown code": (lambda: ledger_file(people=[AN], entries=[title(kind="Bằng cấp")]),
                     (ENTRIES.title, 2, "F (Loại thành tích)")),
    "bad national id": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Nguyễn Văn An", birth_date="01/05/1980", gender="Nam",
        unit_code="13366", id_number="12345")]), (PEOPLE.title, 2, "D (Số CCCD)")),
    "undecodable legacy text": (lambda: ledger_file(people=[row_for(
        PEOPLE, full_name="Ng¸¸¸n", birth_date="01/05/1980", gender="Nam",
        unit_code="13366")]), (PEOPLE.title, 2, "A (Họ và tên)")),
    "end before start": (lambda: ledger_file(people=[AN], entries=[row_for(
        ENTRIES, subject_kind="Cá nhân", name="Nguyễn Văn An", birth_date="01/05/1980",
        unit_code="13366", kind="Kỷ luật", year=2020, level="Khiển trách",
        start="01/06/2020", end="01/01/2020")]), (ENTRIES.title, 2, "R (Đến ngày)")),
    "empty rows only": (lambda: ledger_file(people=[[None] * 8, [" "] * 8]),
                        (ENTRIES.title, 1, "")),
    "zero-byte file": (lambda: b"", None),
    "text file named .xlsx": (lambda: "Họ tên;Ngày sinh\n".encode(), None),
    "docx named .xlsx": (_docx_named_xlsx, None),
    "truncated zip": (lambda: ledger_file(people=[AN])[:300], None),
    "zip bomb": (_zip_bomb, None),
}


@pytest.mark.parametrize("case", list(MALFORMED))
def test_malformed_file_is_reported_and_nothing_written(
    case: str, commune_officer: User, commune: OrgUnit
) -> None:
    build, where = MALFORMED[case]
    data = build()
    if where is None:
        with pytest.raises(UploadRejected) as info:
            run(commune_officer, data)
        assert info.value.message
    else:
        result = run(commune_officer, data)
        assert not result.written
        located = [(p.sheet, p.row, p.column) for p in result.problems]
        sheet, row, column = where
        assert any(s == sheet and r == row and c.startswith(column) for s, r, c in located), (
            located, [str(p) for p in result.problems])
    assert counts() == (0, 0, 0, 0)


def test_file_over_the_limit_is_refused(commune_officer: User, commune: OrgUnit) -> None:
    data = ledger_file(people=[AN])
    with override_settings(UPLOAD_MAX_BYTES=len(data) - 1), pytest.raises(UploadRejected):
        run(commune_officer, data)
    assert counts() == (0, 0, 0, 0)


def test_existing_namesake_with_other_details_is_flagged(
    commune_officer: User, commune: OrgUnit, other_commune: OrgUnit
) -> None:
    """The same name and birth date in another unit is flagged for merging, not duplicated."""
    make_person(other_commune)
    result = run(commune_officer, ledger_file(people=[AN]))
    assert [(p.sheet, p.row) for p in result.problems] == [(PEOPLE.title, 2)]
    assert Person.objects.count() == 1


def test_clean_rows_only_skips_the_achievements_of_a_refused_person(
    commune_officer: User, commune: OrgUnit, other_commune: OrgUnit
) -> None:
    """A namesake flagged for merging takes its achievement rows with it, not the file down."""
    make_person(other_commune)
    result = run(commune_officer, ledger_file(people=[AN], entries=[title()]),
                 clean_rows_only=True)
    assert [(p.sheet, p.row) for p in result.problems] == [(PEOPLE.title, 2)]
    assert result.skipped_rows >= 1
    assert Person.objects.count() == 1
    assert Entry.objects.count() == 0


def test_outsider_cannot_import_into_another_commune(outsider: User, commune: OrgUnit) -> None:
    result = run(outsider, ledger_file(people=[AN]))
    assert result.problems
    assert not result.written
    assert counts() == (0, 0, 0, 0)


def test_template_has_instructions_codes_and_headers() -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(build_template()), read_only=True)
    assert workbook.sheetnames == ["Hướng dẫn", PEOPLE.title, HOUSEHOLDS.title, ENTRIES.title,
                                   "Danh mục"]
    header = next(workbook[ENTRIES.title].iter_rows(values_only=True))
    assert [str(h).rstrip(" *") for h in header] == ENTRY_HEADERS
    codes = {row[1] for row in workbook["Danh mục"].iter_rows(values_only=True)}
    assert {"lao_dong_tien_tien", EntryKind.TITLE.value} <= codes
