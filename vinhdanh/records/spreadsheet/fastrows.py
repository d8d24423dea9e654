"""A worksheet's rows exactly as openpyxl's read-only `iter_rows(values_only=True)` gives them.

openpyxl parses a sheet with the standard library's ElementTree and builds a dict per
cell: for a 100,000-row ledger that read alone cost as much as all the checking and
writing together. Workbooks written by Excel, LibreOffice, openpyxl and xlsxwriter
spell their plain cells one way (`<c r="B7" s="2" t="s"><v>12</v></c>`), so this
reader matches such rows with one compiled pattern and converts their cells itself
(shared strings, numbers, booleans, literal text). Any row it does not recognise
fully (formulas, inline strings, dates, entities, other attributes, prefixes) is
parsed by lxml and its unusual cells by openpyxl's own cell parser; anything odd
between rows (comments, CDATA) hands the rest of the sheet to lxml. Values, row
numbering and padding are therefore those openpyxl returns, which the test suite
checks on the malformed workbooks of the import tests. The workbook itself is still
opened by openpyxl (shared strings, styles, dimensions).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lxml import etree  # type: ignore[import-untyped]
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet._reader import WorkSheetParser
from openpyxl.xml.constants import SHEET_MAIN_NS

_ROW_TAG = f"{{{SHEET_MAIN_NS}}}row"
_VALUE_TAG = f"{{{SHEET_MAIN_NS}}}v"
_DIGITS = "0123456789"
_PLAIN_TYPES = frozenset({None, "n", "s", "str", "b"})
CHUNK = 1 << 20
Cells = list[tuple[int, Any]]  # (1-based column, value)

# The root element: the main namespace as default, no DOCTYPE before it, UTF-8 text.
_ROOT = re.compile(rb'\A(?:<\?xml[^>]*\?>\s*)?(<worksheet\s[^>]*?xmlns="'
                   + re.escape(SHEET_MAIN_NS.encode()) + rb'"[^>]*>)')
_XML_DECLARATION = re.compile(rb"\A<\?xml[^>]*encoding=[\"']([^\"']*)[\"']")
_SHEET_DATA = re.compile(rb"<sheetData\s*(/?)>")
# A row's start tag whose attributes are all name="value" (a ">" may sit in a value).
_ROW_START = re.compile(rb'\s*<row((?:\s+[\w:.-]+="[^"<]*")*)\s*(/?)>')
_ROW_NUMBER = re.compile(rb'\sr="([^"]*)"')
_END = re.compile(rb"\s*</sheetData>")
# A plain cell: reference, optional style and type, and a value without entities.
_CELL = (rb'<c r="([A-Z]{1,3})[0-9]+"(?: s="([0-9]+)")?(?: t="(s|n|b|str)")?'
         rb"(?:(/)>|><v>([^<&\r]*)</v></c>)")
_CELLS = re.compile(_CELL)
# lxml may not expand entities, fetch anything or load a DTD: the file comes from a user.
_PARSER_OPTIONS: dict[str, Any] = {"resolve_entities": False, "no_network": True,
                                   "load_dtd": False, "huge_tree": False,
                                   "remove_comments": True, "remove_pis": True}


def iter_values(worksheet: Any) -> Iterator[tuple[Any, ...]]:
    """Yield the rows of a read-only worksheet like `iter_rows(values_only=True)`."""
    # Mirrors openpyxl.worksheet._read_only.ReadOnlyWorksheet._cells_by_row (3.1).
    min_col = min_row = 1
    max_col: int | None = worksheet.max_column
    max_row: int | None = worksheet.max_row
    empty_row: tuple[Any, ...] = () if max_col is None else (None,) * (max_col + 1 - min_col)
    counter = min_row
    idx = 1
    with worksheet._get_source() as source:
        reader = _SheetReader(source, worksheet.parent, worksheet._shared_strings, max_col)
        for idx, row in reader.rows():
            if max_row is not None and idx > max_row:
                break
            for _ in range(counter, idx):  # rows missing from the file are empty
                counter += 1
                yield empty_row
            if counter <= idx:
                yield row if isinstance(row, tuple) else _row(row, min_col, max_col)
                counter += 1
    if max_row is not None and max_row < idx:
        for _ in range(counter, max_row + 1):
            yield empty_row


def _row(cells: Cells, min_col: int, max_col: int | None) -> tuple[Any, ...]:
    if not cells and not max_col:
        return ()
    last = max_col or cells[-1][0]
    values: list[Any] = [None] * (last + 1 - min_col)
    for column, value in cells:
        if min_col <= column <= last:
            values[column - min_col] = value
    return tuple(values)


class _SheetReader:
    """Turn a sheet part into (row number, values or cells), by pattern where possible."""

    def __init__(self, source: Any, workbook: Any, shared: list[str],
                 width: int | None) -> None:
        self.source = source
        self.shared = shared
        self.width = width
        self.date_formats: set[int] = workbook._date_formats
        # openpyxl's parser reads the unusual cells; it keeps the shared-formula state.
        self.fallback = WorkSheetParser(None, shared, data_only=workbook.data_only,
                                        epoch=workbook.epoch,
                                        date_formats=workbook._date_formats,
                                        timedelta_formats=workbook._timedelta_formats)
        self.columns: dict[Any, int] = {}  # column letters -> index
        self.dated: dict[bytes, bool] = {}  # style attribute -> its number format is a date
        self.number = 0  # the last row number read

    def rows(self) -> Iterator[tuple[int, tuple[Any, ...] | Cells]]:
        """Yield (row number, the row's values padded to the width, or its cells)."""
        buffer = self.source.read(CHUNK)
        while True:
            found = _SHEET_DATA.search(buffer)
            if found is not None or len(buffer) > 16 * CHUNK:
                break
            more = self.source.read(CHUNK)
            if not more:
                break
            buffer += more
        root = _ROOT.match(buffer)
        declared = _XML_DECLARATION.match(buffer)
        if (found is None or root is None or b"<!" in buffer[:found.start()]
                or (declared is not None and declared.group(1).lower() not in (b"utf-8",
                                                                               b"utf8"))):
            yield from self._parse_rest(buffer)
            return
        if found.group(1):  # <sheetData/>: no rows
            return
        head = root.group(1) + b"<sheetData>"
        buffer = buffer[found.end():]
        position = 0
        row_start, find = _ROW_START.match, bytes.find
        while True:
            start = row_start(buffer, position)
            end = -1
            if start is not None:
                attributes, closed = start.group(1), start.group(2)
                end = start.end() if closed else find(buffer, b"</row>", start.end())
            if end < 0:
                if _END.match(buffer, position):
                    return
                more = self.source.read(CHUNK)
                if more and (len(buffer) - position) < 64 * CHUNK:
                    buffer = buffer[position:] + more
                    position = 0
                    continue
                # Not a row we can delimit safely: lxml reads the rest of the sheet.
                yield from self._parse_rest(head + buffer[position:] + more)
                return
            assert start is not None  # end >= 0 only after a start tag
            number = _ROW_NUMBER.search(attributes)
            self.number = (int(number.group(1)) if number is not None
                           and number.group(1).isdigit()
                           else _row_number(number and number.group(1).decode(), self.number))
            content = buffer[start.end():end]
            after = end if closed else end + len(b"</row>")
            values = self._plain_row(content) if self.width is not None else None
            if values is not None:
                position = after
                yield self.number, values
                continue
            if b"<!" in content or b"<?" in content:
                # CDATA, comments or instructions might hide a "</row>": lxml reads on.
                yield from self._parse_rest(head + buffer[start.start():])
                return
            position = after
            yield self.number, self._fragment(head, buffer[start.start():after])

    def _plain_row(self, content: bytes) -> tuple[Any, ...] | None:
        """Return the values of a row of plain cells, or None if it has any other cell."""
        width = self.width
        assert width is not None  # checked by the caller
        values: list[Any] = [None] * width
        columns, shared = self.columns, self.shared
        tags = 0  # "<" of the cells matched: each "<" of the row must belong to one
        for letters, style, kind, closed, value in _CELLS.findall(content):
            column = columns.get(letters)
            if column is None:
                column = columns[letters] = coordinate_to_tuple(letters.decode() + "1")[1]
            if closed:
                tags += 1
                continue
            tags += 4
            if column > width or not value:
                continue  # beyond the sheet's dimension openpyxl drops the cell too
            if kind == b"s":
                values[column - 1] = shared[int(value)]
            elif kind == b"str":
                values[column - 1] = value.decode("utf-8")
            elif kind == b"b":
                values[column - 1] = bool(int(value))
            elif style and self._is_date(style):
                return None  # openpyxl's parser converts dates (epoch, time deltas)
            else:
                values[column - 1] = (float(value) if b"." in value or b"e" in value
                                      or b"E" in value else int(value))
        if tags != content.count(b"<"):
            return None
        return tuple(values)

    def _is_date(self, style: bytes) -> bool:
        found = self.dated.get(style)
        if found is None:
            found = self.dated[style] = int(style) in self.date_formats
        return found

    def _fragment(self, head: bytes, text: bytes) -> Cells:
        """Parse one row with lxml, inside the sheet's own root (for its namespaces)."""
        parser = etree.XMLParser(**_PARSER_OPTIONS)
        document = etree.fromstring(head + text + b"</sheetData></worksheet>", parser)
        return self._cells(document.find(f".//{_ROW_TAG}"))

    def _parse_rest(self, start: bytes) -> Iterator[tuple[int, Cells]]:
        """Parse the sheet from `start` (then the rest of the source) with lxml."""
        parser = etree.XMLPullParser(events=("end",), tag=_ROW_TAG, **_PARSER_OPTIONS)
        data = start
        while data:
            parser.feed(data)
            for _event, row in parser.read_events():
                self.number = _row_number(row.get("r"), self.number)
                yield self.number, self._cells(row)
                # Free the rows already read: the sheet may be large.
                row.clear()
                parent = row.getparent()
                while parent is not None and row.getprevious() is not None:
                    del parent[0]
            data = self.source.read(CHUNK)
        parser.close()

    def _cells(self, row: Any) -> Cells:
        cells: Cells = []
        column = 0
        fallback = self.fallback
        for cell in row:
            kind = cell.get("t")
            coordinate = cell.get("r")
            if coordinate:
                letters = coordinate.rstrip(_DIGITS)
                found = self.columns.get(letters)
                if found is None:
                    found = self.columns[letters] = coordinate_to_tuple(coordinate)[1]
                column = found
            else:
                column += 1
            if len(cell) == 0 and kind != "inlineStr":
                cells.append((column, None))
                continue
            if (len(cell) == 1 and kind in ("s", "str", "b") and cell[0].tag == _VALUE_TAG):
                text = cell[0].text
                cells.append((column, None if not text else self.shared[int(text)]
                              if kind == "s" else text if kind == "str" else bool(int(text))))
                continue
            # As if openpyxl had parsed the row so far (it counts cells without "r").
            fallback.row_counter, fallback.col_counter = self.number, column - 1
            parsed = fallback.parse_cell(cell)
            column = parsed["column"]
            cells.append((column, parsed["value"]))
        return cells


def _row_number(text: str | None, previous: int) -> int:
    """The number of a row from its `r` attribute, as openpyxl reads it."""
    if text is None:
        return previous + 1
    try:
        return int(text)
    except ValueError:
        value = float(text)
        if not value.is_integer():
            raise ValueError(f"{text} is not a valid row number") from None
        return int(value)
