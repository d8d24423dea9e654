"""Build the ledger workbook: the empty template and the export of a unit's ledger."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from vinhdanh.people.models import Household, Person
from vinhdanh.records.awards import award_index
from vinhdanh.records.models import Entry
from vinhdanh.records.spreadsheet.layout import (
    CODE_LISTS,
    CODES_TITLE,
    ENTRIES,
    HOUSEHOLDS,
    INSTRUCTIONS_TITLE,
    PEOPLE,
    SHEETS,
    Sheet,
)

INSTRUCTIONS = (
    "Mẫu nhập sổ thành tích — Vinh Danh",
    "1. Điền sheet “Cá nhân” trước, rồi “Hộ gia đình”, rồi “Thành tích”. Cột có dấu * là bắt buộc.",
    "2. Ngày ghi theo dạng dd/mm/yyyy (ví dụ 05/09/2018) hoặc định dạng ngày của Excel.",
    "3. Mỗi người chỉ ghi một dòng: hai dòng cùng họ tên và ngày sinh bị coi là trùng, cần gộp.",
    "4. Cá nhân trong sheet “Thành tích” được nhận ra theo họ tên và ngày sinh; hộ gia đình "
    "theo mã hộ và mã đơn vị; tập thể theo mã đơn vị.",
    "5. Danh hiệu, hình thức khen thưởng ghi bằng mã hoặc tên (chấp nhận viết tắt như CSTĐCS, "
    "LĐTT, BK UBND tỉnh). Các cột có danh mục ghi bằng mã hoặc tên trong sheet “Danh mục”.",
    "6. Không dùng công thức: hãy dán giá trị (Paste Special → Values).",
    "7. Văn bản gõ bằng phông TCVN3 (.VnTime) hoặc VNI được tự động chuyển sang Unicode.",
    "8. Tệp được kiểm tra toàn bộ trước khi ghi; nếu có lỗi, không dòng nào được ghi và "
    "danh sách lỗi ghi rõ dòng, cột và lý do. Nhập lại cùng một tệp không thay đổi gì.",
)

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _date(value: dt.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _new_workbook() -> tuple[Workbook, dict[str, Any]]:
    workbook = Workbook(write_only=True)
    notes = workbook.create_sheet(INSTRUCTIONS_TITLE)
    for line in INSTRUCTIONS:
        notes.append([line])
    sheets: dict[str, Any] = {}
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.title)
        for index, column in enumerate(sheet.columns, start=1):
            worksheet.column_dimensions[get_column_letter(index)].width = column.width
        worksheet.append([_header_cell(worksheet, c.header + (" *" if c.required else ""))
                          for c in sheet.columns])
        sheets[sheet.key] = worksheet
    return workbook, sheets


def _header_cell(worksheet: Any, text: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet, value=text)
    cell.font = _HEADER_FONT
    cell.fill = _HEADER_FILL
    cell.alignment = Alignment(wrap_text=True, vertical="center")
    return cell


def _append_codes(workbook: Workbook) -> None:
    codes = workbook.create_sheet(CODES_TITLE)
    codes.append(["Danh mục", "Mã", "Tên"])
    for list_name, values in CODE_LISTS.items():
        header = next((c.header for s in SHEETS for c in s.columns if c.codes == list_name),
                      list_name)
        for code, label in values.items():
            codes.append([header, str(code), label])
    for award in award_index().values():
        codes.append(["Danh hiệu / Hình thức khen thưởng", award.code, award.name])


def _finish(workbook: Workbook) -> bytes:
    _append_codes(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template() -> bytes:
    """Return the empty ledger workbook with instructions and code lists."""
    workbook, _sheets = _new_workbook()
    return _finish(workbook)


def _label(list_name: str, code: str) -> str:
    return CODE_LISTS[list_name].get(code, code) if code else ""


def _row(sheet: Sheet, values: dict[str, Any]) -> list[Any]:
    return [values.get(column.key, "") for column in sheet.columns]


def export_ledger(*, people: QuerySet[Person], households: QuerySet[Household],
                  entries: QuerySet[Entry]) -> bytes:
    """Return the workbook for the given rows; it imports back to the same ledger."""
    workbook, sheets = _new_workbook()
    for person in people.select_related("unit").order_by("pk").iterator(chunk_size=2000):
        sheets["people"].append(_row(PEOPLE, {
            "full_name": person.full_name, "birth_date": _date(person.birth_date),
            "gender": _label("gender", person.gender), "id_number": person.id_number or "",
            "unit_code": person.unit.code, "category": _label("category", person.category),
            "ethnicity": person.ethnicity, "address": person.address,
        }))
    for household in households.select_related("unit", "head").order_by("pk").iterator(
        chunk_size=2000
    ):
        sheets["households"].append(_row(HOUSEHOLDS, {
            "code": household.code, "unit_code": household.unit.code,
            "head_name": household.head.full_name,
            "head_birth_date": _date(household.head.birth_date), "address": household.address,
        }))
    _append_entries(sheets["entries"], entries.select_related(
        "person", "household__unit", "collective", "unit").order_by("pk").iterator(
        chunk_size=2000))
    return _finish(workbook)


def _append_entries(worksheet: Any, entries: Iterable[Entry]) -> None:
    for entry in entries:
        values: dict[str, Any] = {
            "subject_kind": _label("subject_kind", entry.subject_kind),
            "unit_code": entry.unit.code, "kind": _label("kind", entry.kind),
            "year": entry.year, "award": entry.award_code,
            "rating": _label("rating", entry.rating), "title": entry.title,
            "authors": entry.authors, "scope": _label("scope", entry.scope),
            "effect": _label("effect", entry.effect),
            "science_state": _label("science_state", entry.science_state),
            "recognized_by": entry.recognized_by, "date": _date(entry.date),
            "start": _date(entry.start), "end": _date(entry.end),
            "level": _label("level", entry.discipline_level or entry.review_kind),
            "ref_number": entry.ref_number, "ref_date": _date(entry.ref_date),
            "ref_issuer": entry.ref_issuer, "note": entry.note,
        }
        if entry.person is not None:
            values |= {"name": entry.person.full_name,
                       "birth_date": _date(entry.person.birth_date)}
        elif entry.household is not None:
            values |= {"household_code": entry.household.code,
                       "unit_code": entry.household.unit.code}
        elif entry.collective is not None:
            values |= {"name": entry.collective.name, "unit_code": entry.collective.code}
        worksheet.append(_row(ENTRIES, values))


def sheet_titles() -> Sequence[str]:
    return [INSTRUCTIONS_TITLE, *(s.title for s in SHEETS), CODES_TITLE]
