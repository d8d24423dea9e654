"""XLSX export of a movement's progress: totals, then one row per unit below."""

from __future__ import annotations

from io import BytesIO

import xlsxwriter
from django.utils.translation import gettext as _

from vinhdanh.movements.rollup import Progress, UnitProgress


def progress_workbook(progress: Progress, units: list[UnitProgress]) -> bytes:
    """Return the workbook bytes for `progress` and its per-unit breakdown."""
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Progress")[:31])
    sheet.write_row(0, 0, [progress.movement.name], bold)
    sheet.write_row(1, 0, [_("Unit"), progress.unit.name, _("As of"),
                           progress.as_of.strftime("%d/%m/%Y")])
    sheet.write_row(3, 0, [_("Indicator"), _("Value"), _("Target"), _("Percent of target"),
                           _("Reporting units")], bold)
    for n, row in enumerate(progress.rows, start=4):
        sheet.write_string(n, 0, row.indicator.name)
        for col, number in ((1, row.value), (2, row.target), (3, row.percent_of_target)):
            if number is not None:
                sheet.write_number(n, col, float(number))
        sheet.write_number(n, 4, row.reporting_units)
    sheet.set_column(0, 0, 40)
    detail = book.add_worksheet(_("By unit")[:31])
    detail.write_row(0, 0, [_("Unit"), *[r.indicator.name for r in progress.rows],
                            _("Share on track (%)")], bold)
    for n, unit in enumerate(units, start=1):
        detail.write_string(n, 0, unit.unit.name)
        for col, row in enumerate(unit.rows, start=1):
            if row.value is not None:
                detail.write_number(n, col, float(row.value))
        share = unit.on_track_share()
        if share is not None:
            detail.write_number(n, len(unit.rows) + 1, float(share))
    detail.set_column(0, 0, 30)
    book.close()
    return buffer.getvalue()
