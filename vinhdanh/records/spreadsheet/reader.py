"""Stream rows out of a messy workbook: find the header row, parse cells, note problems."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel

from vinhdanh.core.text import fold
from vinhdanh.records.legacy import detect_and_convert
from vinhdanh.records.spreadsheet.fastrows import iter_values
from vinhdanh.records.spreadsheet.layout import Sheet

HEADER_SEARCH_ROWS = 10
_DATE_TEXT = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# Excel serials for 1 Jan 1900 .. 31 Dec 2099.
_SERIAL_RANGE = (1, 73415)


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("sheet “%(sheet)s”, row %(row)s") % {"sheet": self.sheet, "row": self.row}
        if self.column:
            where += _(", column %(column)s") % {"column": self.column}
        return f"{where}: {self.message}"


class CellError(ValueError):
    pass


def open_workbook(data: bytes) -> Any:
    # read_only streams rows without building the sheet in memory; formulas are kept
    # as formulas (data_only=False) so that they can be refused, not silently replaced
    # by cached values that a generator may never have computed.
    return load_workbook(io.BytesIO(data), read_only=True, data_only=False)


@dataclass
class SheetRows:
    sheet: Sheet
    positions: dict[str, int]  # column key -> 0-based index in the row
    header_row: int

    def letter(self, key: str) -> str:
        header = next(c.header for c in self.sheet.columns if c.key == key)
        return f"{get_column_letter(self.positions[key] + 1)} ({header})"


def find_header(rows: list[tuple[Any, ...]], sheet: Sheet) -> tuple[int, dict[str, int]] | None:
    """Return the 1-based header row and column positions, looking below merged titles."""
    wanted = {fold(column.header): column.key for column in sheet.columns}
    for number, row in enumerate(rows, start=1):
        positions: dict[str, int] = {}
        for index, value in enumerate(row):
            if isinstance(value, str):
                key = wanted.get(fold(value).rstrip(" *"))
                if key is not None and key not in positions:
                    positions[key] = index
        required = [c.key for c in sheet.columns if c.required]
        if all(key in positions for key in required):
            return number, positions
    return None


def iter_sheet(workbook: Any, sheet: Sheet, problems: list[Problem]
               ) -> Iterator[tuple[int, SheetRows, tuple[Any, ...]]]:
    """Yield (row number, layout, values) for every non-empty data row of `sheet`."""
    if sheet.title not in workbook.sheetnames:
        return
    worksheet = workbook[sheet.title]
    rows = iter_values(worksheet)
    head: list[tuple[Any, ...]] = []
    for row in rows:
        head.append(row)
        if len(head) == HEADER_SEARCH_ROWS:
            break
    found = find_header(head, sheet)
    if found is None:
        missing = ", ".join(c.header for c in sheet.columns if c.required)
        problems.append(Problem(sheet.title, 1, "", _(
            "No header row found in the first %(n)s rows; the required columns are: "
            "%(columns)s.") % {"n": HEADER_SEARCH_ROWS, "columns": missing}))
        return
    header_row, positions = found
    layout = SheetRows(sheet, positions, header_row)
    number = 0
    for number, row in enumerate(head, start=1):
        if number > header_row and _has_values(row):
            yield number, layout, row
    for number, row in enumerate(rows, start=len(head) + 1):
        if _has_values(row):
            yield number, layout, row


def _has_values(row: tuple[Any, ...]) -> bool:
    # Numbers and dates are never blank; only text needs stripping (hot: once per row).
    return any(value is not None and (type(value) is not str or value.strip() != "")
               for value in row)


def raw(row: tuple[Any, ...], layout: SheetRows, key: str) -> Any:
    index = layout.positions.get(key)
    if index is None or index >= len(row):
        return None
    return row[index]


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


@lru_cache(maxsize=65536)
def _text(value: str) -> str:
    # Code-list labels, unit codes, names and award names repeat on most rows of a sheet.
    if value.startswith("="):
        raise CellError(_("formulas are not accepted; paste the values instead "
                          "(Paste Special → Values)."))
    converted, encoding = detect_and_convert(value)
    if encoding is None:
        raise CellError(_("the text “%(text)s” is in an unknown legacy encoding; "
                          "convert it to Unicode (e.g. with Unikey).") % {"text": value})
    return converted


def as_date(value: Any) -> dt.date | None:
    """Parse a date typed as a date, an Excel serial or dd/mm/yyyy text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            result = from_excel(value)
            return result.date() if isinstance(result, dt.datetime) else None
        raise CellError(_("%(value)s is not a date.") % {"value": value})
    return _date_from_text(as_text(value))


@lru_cache(maxsize=65536)
def _date_from_text(text: str) -> dt.date:
    # Birth dates repeat on every achievement row of a person: parse each text once.
    match = _DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        iso = _ISO_DATE.match(text)
        if iso:
            year, month, day = (int(part) for part in iso.groups())
            return dt.date(year, month, day)
    except ValueError as exc:
        raise CellError(_("“%(value)s” is not a valid date.") % {"value": text}) from exc
    raise CellError(_("“%(value)s” is not a date; write dd/mm/yyyy.") % {"value": text})


def as_year(value: Any) -> int:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = as_text(value)
    if text.isdigit() and len(text) == 4:
        return int(text)
    raise CellError(_("“%(value)s” is not a year.") % {"value": text})
