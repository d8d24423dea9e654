"""The importer's sheet reader returns exactly the rows openpyxl's read-only mode returns."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import xlsxwriter
from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

from vinhdanh.records.spreadsheet import fastrows
from vinhdanh.records.spreadsheet.reader import open_workbook
from vinhdanh.records.tests.test_import import MALFORMED

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def assert_same_rows(data: bytes) -> int:
    """Compare both readers on every sheet; return the number of rows compared."""
    workbook = open_workbook(data)
    compared = 0
    try:
        for worksheet in workbook.worksheets:
            expected = [_comparable(row) for row in worksheet.iter_rows(values_only=True)]
            got = [_comparable(row) for row in fastrows.iter_values(worksheet)]
            assert got == expected, worksheet.title
            compared += len(expected)
    finally:
        workbook.close()
    return compared


def _comparable(row: tuple[Any, ...]) -> tuple[Any, ...]:
    # Array formulas are objects without equality: compare what they hold.
    return tuple((type(v).__name__, v.ref, v.text) if isinstance(v, ArrayFormula) else v
                 for v in row)


def _xlsxwriter_book() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Thành tích")
    dates = book.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ["Họ và tên", "Ngày sinh", "Năm", "Đúng", "Ghi chú"])
    sheet.write_row(1, 0, ["Nguyễn Văn An", "01/05/1980", 2020, True, "a & b < c > d \"e\" 'f'"])
    sheet.write_datetime(2, 1, dt.datetime(1990, 2, 3), dates)
    sheet.write_number(2, 2, 2021.5)
    sheet.write_formula(2, 3, "=C2+1", None, 2021)
    sheet.write_string(2, 4, "dòng 1\r\ndòng 2\ttab")
    sheet.write_boolean(3, 3, False)
    sheet.write_number(3, 27, 1e-7)  # column AB, far right of the others
    sheet.write_blank(5, 0, None, dates)  # a styled empty cell after an empty row
    sheet.write_rich_string(6, 0, "đậm ", book.add_format({"bold": True}), "chữ")
    sheet.write_url(7, 0, "https://example.vn/a?b=1&c=2", string="liên kết")
    sheet.write_array_formula(8, 0, 8, 1, "{=A1:B1}")
    sheet.write_number(9, 1, 32907, dates)  # an Excel serial shown as a date
    sheet.write_number(10, 2, -0.0)
    book.close()
    return buffer.getvalue()


def _openpyxl_book() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Cá nhân"
    sheet.append(["DANH SÁCH"])
    sheet.merge_cells("A1:H1")
    sheet.append([])
    sheet.append(["Họ và tên", "Ngày sinh", None, 12, 1.25, True, dt.date(2020, 1, 2)])
    sheet.append(["=SUM(D3:E3)", dt.datetime(2021, 3, 4, 5, 6), dt.time(7, 8), None, "x"])
    sheet["J9"] = "xa"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _with_sheet(xml: str) -> bytes:
    """An openpyxl workbook whose first sheet part is replaced by `xml`."""
    source = zipfile.ZipFile(io.BytesIO(_openpyxl_book()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode("utf-8")
            target.writestr(item, data)
    return buffer.getvalue()


def _sheet(rows: str, *, root: str = f'<worksheet xmlns="{MAIN}">',
           dimension: str = '<dimension ref="A1:C4"/>', end: str = "</worksheet>") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{root}{dimension}'
            f"<sheetData>{rows}</sheetData>{end}")


PLAIN = '<row r="1"><c r="A1" t="str"><v>An</v></c><c r="B1"><v>7</v></c></row>'
HAND_WRITTEN: dict[str, str] = {
    "plain": _sheet(PLAIN + '<row r="3"><c r="C3" t="b"><v>1</v></c></row>'),
    "pretty printed": _sheet('\n  <row r="1">\n    <c r="A1" t="str"><v>An</v></c>\n'
                             '  </row>\n  <row r="2"/>\n'),
    "comment between rows": _sheet(PLAIN + '<!-- </row> --><row r="2"><c r="A2" t="str">'
                                   "<v>Bình</v></c></row>"),
    "cdata and entities": _sheet(PLAIN + '<row r="2"><c r="A2" t="str"><v><![CDATA[a</row>'
                                 ']]></v></c><c r="B2" t="str"><v>&amp;&#273;</v></c></row>'
                                 '<row r="3"><c r="A3" t="str"><v>sau</v></c></row>'),
    "inline string": _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>Cường</t></is></c>'
                            '<c r="B1" t="e"><v>#N/A</v></c></row>'),
    "no references": _sheet('<row><c t="str"><v>a</v></c><c><v>2</v></c></row>'
                            '<row><c r="C2" t="str"><v>c</v></c><c><v>4.5</v></c></row>'),
    "no dimension": _sheet(PLAIN + '<row r="4"><c r="E4"><v>1</v></c></row>', dimension=""),
    "rows past the dimension": _sheet(PLAIN + '<row r="9"><c r="A9"><v>1</v></c></row>'),
    "row number as a float": _sheet('<row r="2.0"><c r="A2" t="str"><v>a</v></c></row>'),
    "prefixed elements": (
        f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN}">'
        '<x:dimension ref="A1:B1"/><x:sheetData><x:row r="1"><x:c r="A1" t="str">'
        "<x:v>An</x:v></x:c></x:row></x:sheetData></x:worksheet>"),
    "extra attributes": _sheet('<row r="1" spans="1:2" ht="20" customHeight="1">'
                               '<c r="A1" s="0" t="str" cm="1"><v>An</v></c>'
                               "<c r='B1'><v>3</v></c></row>"),
    "odd row attributes": _sheet('<row r="1" ht="15" note="a>b/"><c r="A1" t="str"><v>An</v></c>'
                                 "</row><row r='2'><c r=\"A2\"><v>2</v></c></row>"
                                 '<row r="3" note="x/>"/><row r="4"><c r="B4"><v>4</v></c></row>'),
    "shared formula": _sheet('<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f>'
                             '<v>2</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/>'
                             "<v>3</v></c></row>"),
    "empty sheet data": _sheet("").replace("<sheetData></sheetData>", "<sheetData/>"),
}


@pytest.mark.parametrize("name", sorted(HAND_WRITTEN))
def test_hand_written_sheet_parts_read_as_openpyxl_reads_them(name: str) -> None:
    assert_same_rows(_with_sheet(HAND_WRITTEN[name]))


def test_workbooks_of_both_writers_read_as_openpyxl_reads_them() -> None:
    assert assert_same_rows(_xlsxwriter_book()) >= 11
    assert assert_same_rows(_openpyxl_book()) >= 4


# The files refused before any row is read (empty, not a zip, zip bomb) are left out.
@pytest.mark.parametrize("name", sorted(name for name, (_build, where) in MALFORMED.items()
                                        if where is not None))
def test_malformed_import_files_read_as_openpyxl_reads_them(name: str) -> None:
    build, _where = MALFORMED[name]
    assert assert_same_rows(build()) >= 1


def test_rows_spanning_read_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows cut across the reader's buffer boundaries come out whole."""
    monkeypatch.setattr(fastrows, "CHUNK", 97)
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="str"><v>dòng {n}</v></c>'
                   f'<c r="B{n}"><v>{n}.5</v></c></row>' for n in range(1, 60))
    data = _with_sheet(_sheet(rows, dimension='<dimension ref="A1:B59"/>'))
    assert assert_same_rows(data) == 59


def test_a_damaged_sheet_is_an_error_for_both_readers() -> None:
    """A sheet cut short is refused, not read in part."""
    data = _with_sheet(_sheet(PLAIN + '<row r="2"><c r="A2" t="str"><v>a</v></c>'))
    workbook = open_workbook(data)
    sheet = workbook.worksheets[0]
    with pytest.raises(SyntaxError):  # ElementTree's ParseError and lxml's XMLSyntaxError
        list(sheet.iter_rows(values_only=True))
    with pytest.raises(SyntaxError):
        list(fastrows.iter_values(sheet))
