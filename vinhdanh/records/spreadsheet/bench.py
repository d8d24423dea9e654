"""Synthetic ledger workbooks for `vinhdanh bench import`, and a bare openpyxl read."""

from __future__ import annotations

import io
import time
from collections.abc import Iterable

import xlsxwriter

from vinhdanh.records.spreadsheet.layout import ENTRIES, PEOPLE, Sheet
from vinhdanh.records.spreadsheet.reader import open_workbook

AWARDS = ("LĐTT", "CSTĐCS", "Lao động tiên tiến", "chien_si_thi_dua_co_so")


def make_bench_file(*, rows: int, unit_code: str) -> bytes:
    """Return a workbook of `rows` achievement rows for rows/5 people of one unit."""
    people = max(rows // 5, 1)
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": True})
    _write(workbook, PEOPLE, (
        [f"Người Thử {i}", f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 40}",
         "Nam" if i % 2 else "Nữ", None, unit_code, None, None, None]
        for i in range(people)))
    _write(workbook, ENTRIES, (
        ["Cá nhân", f"Người Thử {n % people}",
         f"{1 + n % people % 28:02d}/{1 + n % people % 12:02d}/{1960 + n % people % 40}",
         None, unit_code, "Danh hiệu thi đua", 2000 + n // people, AWARDS[n % len(AWARDS)]]
        for n in range(rows)))
    workbook.close()
    return buffer.getvalue()


def _write(workbook: xlsxwriter.Workbook, sheet: Sheet, rows: Iterable[list[object]]) -> None:
    worksheet = workbook.add_worksheet(sheet.title)
    worksheet.write_row(0, 0, [column.header for column in sheet.columns])
    for number, row in enumerate(rows, start=1):
        worksheet.write_row(number, 0, row)


def bare_read(data: bytes) -> tuple[int, float, float]:
    """Return (rows, CPU seconds, wall seconds) for iterating every sheet with openpyxl alone."""
    start, wall = time.process_time(), time.perf_counter()
    workbook = open_workbook(data)
    count = 0
    for worksheet in workbook.worksheets:
        for _row in worksheet.iter_rows(values_only=True):
            count += 1
    workbook.close()
    return count, time.process_time() - start, time.perf_counter() - wall
