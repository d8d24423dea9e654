"""A unit's values for one period as an XLSX sheet: download prefilled, upload back.

The sheet names the movement, unit and period in its head (cells B2–B4) and lists one
indicator per row from row 7: code in column A, value in column D. An upload is checked
as the entry form checks it — each value against its indicator (type, bounds), then the
cross-indicator rules over the values as they would stand — and every problem is named
by row, column and reason. Nothing is written unless the whole sheet is clean; then the
values go through `services.enter_values` like the form's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO
from typing import TYPE_CHECKING, Any

import xlsxwriter
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.movements import rollup, selectors
from vinhdanh.movements.errors import ValuesLocked
from vinhdanh.movements.models import DataValue, Indicator, Movement, ValueType
from vinhdanh.movements.periods import Period
from vinhdanh.movements.rules import evaluate
from vinhdanh.movements.services.values import (
    coerce_value,
    enter_values,
    rule_specs,
    unit_values_as_of,
)
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Actor = User | AnonymousUser

FIRST_ROW = 7  # 1-based row of the first indicator
CODE_COLUMN, VALUE_COLUMN = "A", "D"
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class CellProblem:
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)d, column %(column)s: %(reason)s") % {
            "row": self.row, "column": self.column, "reason": self.reason}


class UploadRejected(ValidationFailed):
    """The sheet has problems; nothing was written."""

    def __init__(self, problems: list[CellProblem]):
        super().__init__(_("The file was refused; nothing was written: %(list)s")
                         % {"list": "; ".join(str(p) for p in problems)}, field="file")
        self.problems = problems


def _column(letter: str) -> str:
    names = {"A": _("Indicator code"), "B": _("Indicator"), "D": _("Value")}
    return f"{letter} ({names[letter]})" if letter in names else letter


def _shown(value: DataValue | None) -> object:
    if value is None:
        return None
    if value.value_number is not None:
        return float(rollup.tidy(value.value_number))
    if value.value_bool is not None:
        return _("yes") if value.value_bool else _("no")
    return None


def _hint(indicator: Indicator) -> str:
    if indicator.value_type == ValueType.BOOLEAN:
        return _("yes / no")
    bounds = []
    if indicator.min_value is not None:
        bounds.append(f"≥ {rollup.tidy(indicator.min_value)}")
    if indicator.max_value is not None:
        bounds.append(f"≤ {rollup.tidy(indicator.max_value)}")
    return ", ".join(bounds) or _("number")


def entry_workbook(movement: Movement, unit: OrgUnit, period: Period) -> bytes:
    """Return the sheet of `unit`'s indicators for `period`, filled with stored values.

    Three queries: indicators, stored values, submission.
    """
    indicators = selectors.list_indicators_for_period(movement, period)
    values, _submission = selectors.get_entry(movement, unit, period)
    buffer = BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    locked = book.add_format({"locked": True, "bg_color": "#EEEEEE"})
    sheet = book.add_worksheet(str(period))
    sheet.write(0, 0, movement.name, bold)
    sheet.write_row(1, 0, [_("Movement code"), movement.code], locked)
    sheet.write_row(2, 0, [_("Unit code"), unit.code, unit.name], locked)
    sheet.write_row(3, 0, [_("Period"), str(period)], locked)
    sheet.write(4, 0, _("Enter values in column D only; leave a cell empty to clear it."))
    sheet.write_row(FIRST_ROW - 2, 0, [_("Indicator code"), _("Indicator"), _("Unit of measure"),
                                       _("Value"), _("Allowed")], bold)
    for n, indicator in enumerate(indicators, start=FIRST_ROW - 1):
        sheet.write_row(n, 0, [indicator.code, indicator.name, indicator.measure_unit])
        shown = _shown(values.get(indicator.pk))
        if shown is not None:
            sheet.write(n, 3, shown)
        sheet.write(n, 4, _hint(indicator))
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 45)
    sheet.set_column(2, 4, 16)
    book.close()
    return buffer.getvalue()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def read_sheet(content: bytes) -> list[tuple[Any, ...]]:
    from openpyxl import load_workbook

    if len(content) > MAX_BYTES:
        raise UploadRejected([CellProblem(1, "-", _("the file is larger than 2 MB"))])
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise UploadRejected([CellProblem(1, "-", _("not an Excel workbook (.xlsx)"))]) from None
    return rows


def _head(rows: list[tuple[Any, ...]], movement: Movement, unit: OrgUnit,
          period: Period) -> list[CellProblem]:
    def cell(row: int) -> str:
        line = rows[row - 1] if len(rows) >= row else ()
        return _text(line[1]) if len(line) > 1 else ""

    problems = []
    for row, expected, what in ((2, movement.code, _("movement code")),
                                (3, unit.code, _("unit code")), (4, str(period), _("period"))):
        found = cell(row)
        if found != expected:
            problems.append(CellProblem(row, "B", _(
                "the %(what)s is “%(found)s” but this form is for “%(expected)s”; download "
                "the sheet of this form") % {"what": what, "found": found,
                                              "expected": expected}))
    return problems


def check_upload(*, content: bytes, movement: Movement, unit: OrgUnit,
                 period: Period) -> dict[str, object]:
    """Return the sheet's values by indicator code, or raise UploadRejected."""
    rows = read_sheet(content)
    problems = _head(rows, movement, unit, period)
    if problems:
        raise UploadRejected(problems)
    indicators = {i.code: i for i in selectors.list_indicators_for_period(movement, period)}
    wanted: dict[str, object] = {}
    where: dict[str, int] = {}
    parsed: dict[str, Decimal | None] = {}
    for number, line in enumerate(rows[FIRST_ROW - 1:], start=FIRST_ROW):
        code = _text(line[0]) if line else ""
        raw = line[3] if len(line) > 3 else None
        if not code:
            if raw not in (None, ""):
                problems.append(CellProblem(number, _column(CODE_COLUMN),
                                            _("a value without an indicator code")))
            continue
        indicator = indicators.get(code)
        if indicator is None:
            problems.append(CellProblem(number, _column(CODE_COLUMN), _(
                "“%(code)s” is not an indicator reported for %(period)s")
                % {"code": code, "period": period}))
            continue
        if code in where:
            problems.append(CellProblem(number, _column(CODE_COLUMN), _(
                "indicator %(code)s already appears in row %(row)d")
                % {"code": code, "row": where[code]}))
            continue
        where[code] = number
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            wanted[code] = ""
            parsed[code] = None
            continue
        try:
            stored, flag = coerce_value(indicator, raw)
        except ValueError as exc:
            problems.append(CellProblem(number, _column(VALUE_COLUMN), str(exc)))
            continue
        wanted[code] = raw if not isinstance(raw, dt.datetime) else str(raw)
        parsed[code] = stored if stored is not None else (
            Decimal(int(flag)) if flag is not None else None)
    if problems:
        raise UploadRejected(problems)
    problems.extend(_rule_problems(movement, unit, period, indicators, parsed, where))
    if problems:
        raise UploadRejected(problems)
    return wanted


def _rule_problems(movement: Movement, unit: OrgUnit, period: Period,
                   indicators: Mapping[str, Indicator], parsed: Mapping[str, Decimal | None],
                   where: Mapping[str, int]) -> list[CellProblem]:
    """Check the cross-indicator rules over the values as the upload would leave them."""
    stored, _submission = selectors.get_entry(movement, unit, period)
    totals = unit_values_as_of(movement, unit, period.end)
    for code, new in parsed.items():
        old = stored.get(indicators[code].pk)
        old_number = None if old is None else (
            old.value_number if old.value_number is not None
            else (Decimal(int(old.value_bool)) if old.value_bool is not None else None))
        # The period's stored value is replaced by the sheet's: flows add up over periods.
        base = totals.get(code)
        rest = (base or Decimal(0)) - (old_number or Decimal(0))
        others = base is not None and (old_number is None or base != old_number)
        totals[code] = (rest + new) if new is not None else (rest if others else None)
    specs = {spec.id: spec for spec in rule_specs(movement)}
    problems = []
    for violation in evaluate(specs.values(), totals):
        rule = specs[violation.rule_id]
        rows = sorted(where[c] for c in (*rule.left_codes, rule.right_code) if c in where)
        shown = f"{rollup.tidy(violation.left)}"
        if violation.right is not None:
            shown += f" ≠ {rollup.tidy(violation.right)}"
        problems.append(CellProblem(rows[0] if rows else FIRST_ROW, _column(VALUE_COLUMN), _(
            "%(message)s (%(values)s; rows %(rows)s). Correct the sheet, or enter the values "
            "on the form and explain them when submitting.")
            % {"message": violation.message, "values": shown,
               "rows": ", ".join(str(r) for r in rows)}))
    return problems


def upload_values(*, actor: Actor, movement: Movement, unit: OrgUnit, period: Period,
                  content: bytes) -> int:
    """Check the sheet and store its values; return how many indicators it carried."""
    ensure_can(actor, Action.ENTER_MOVEMENT_DATA, unit)
    _values, submission = selectors.get_entry(movement, unit, period)
    if submission is not None and submission.is_locked:
        raise ValuesLocked(
            _("The values of %(unit)s for %(period)s are approved and locked; ask the level "
              "above to reopen them.") % {"unit": unit.name, "period": period})
    values = check_upload(content=content, movement=movement, unit=unit, period=period)
    enter_values(actor=actor, movement=movement, unit=unit, period=str(period), values=values)
    return len(values)
