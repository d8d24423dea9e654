"""XLSX export of a sweep's rows: the same rows, in the same order, as the page shows."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun
from vinhdanh.eligibility.panel import citation_for_display


def headers() -> list[str]:
    return [
        _("Subject"),
        _("Subject kind"),
        _("Award"),
        _("Result"),
        _("Missing condition"),
        _("Legal basis"),
        _("To confirm"),
    ]


def row_values(row: SweepResult) -> list[str]:
    return [
        row.subject_name,
        str(_subject_kind_label(row.subject_kind)),
        row.award_name,
        str(ResultKind(row.kind).label),
        row.missing,
        citation_for_display(row.missing_basis),
        row.to_confirm,
    ]


def _subject_kind_label(kind: str) -> str:
    labels = {"individual": _("Individual"), "household": _("Household"),
              "collective": _("Collective")}
    return labels.get(kind, kind)


def write_results(run: SweepRun, rows: QuerySet[SweepResult] | Iterable[SweepResult]) -> bytes:
    """Return an .xlsx of `rows`, streamed from the database in chunks.

    XlsxWriter's constant-memory mode flushes each row as it is written, so a province
    sweep exports without holding the sheet in memory.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "in_memory": False})
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet(_("Eligibility"))
    sheet.write_row(0, 0, [
        _("Unit: %(unit)s — year %(year)s") % {"unit": run.unit.name, "year": run.year}
    ], bold)
    sheet.write_row(1, 0, headers(), bold)
    sheet.set_column(0, 0, 32)
    sheet.set_column(2, 2, 40)
    sheet.set_column(4, 6, 60)
    iterator = rows.iterator(chunk_size=2000) if isinstance(rows, QuerySet) else iter(rows)
    for index, row in enumerate(iterator, start=2):
        sheet.write_row(index, 0, row_values(row))
    book.close()
    return buffer.getvalue()
