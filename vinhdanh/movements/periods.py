"""Reporting periods: "2024", "2025-H1", "2025-Q2", "2025-05".

A period is named by its type and position within a year, like DHIS2's ISO period
identifiers. Strings of one type sort in time order, so a stored period column can be
compared as text; values also carry their first and last day for date filters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF_YEAR = "half_year", _("Half year")
    YEAR = "year", _("Year")


#: Months in one period of each type.
_MONTHS = {
    PeriodType.MONTH: 1,
    PeriodType.QUARTER: 3,
    PeriodType.HALF_YEAR: 6,
    PeriodType.YEAR: 12,
}

_PATTERNS: tuple[tuple[re.Pattern[str], PeriodType], ...] = (
    (re.compile(r"^(\d{4})$"), PeriodType.YEAR),
    (re.compile(r"^(\d{4})-H([12])$"), PeriodType.HALF_YEAR),
    (re.compile(r"^(\d{4})-Q([1-4])$"), PeriodType.QUARTER),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), PeriodType.MONTH),
)

MIN_YEAR = 1945
MAX_YEAR = 2100


class InvalidPeriod(ValueError):
    """The text is not a period this system knows."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: `index` counts from 1 within `year` (month 1–12, quarter 1–4)."""

    year: int
    type: PeriodType
    index: int

    def __str__(self) -> str:
        if self.type == PeriodType.YEAR:
            return f"{self.year:04d}"
        if self.type == PeriodType.HALF_YEAR:
            return f"{self.year:04d}-H{self.index}"
        if self.type == PeriodType.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    @property
    def start(self) -> dt.date:
        """Return the first day of the period."""
        return dt.date(self.year, (self.index - 1) * _MONTHS[self.type] + 1, 1)

    @property
    def end(self) -> dt.date:
        """Return the last day of the period (inclusive)."""
        month = self.index * _MONTHS[self.type]
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def previous(self) -> Period:
        if self.index > 1:
            return Period(self.year, self.type, self.index - 1)
        return Period(self.year - 1, self.type, 12 // _MONTHS[self.type])


def parse_period(text: str) -> Period:
    """Return the period named by `text`, or raise InvalidPeriod."""
    text = text.strip()
    for pattern, period_type in _PATTERNS:
        match = pattern.match(text)
        if match:
            year = int(match.group(1))
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise InvalidPeriod(text)
            index = 1 if period_type == PeriodType.YEAR else int(match.group(2))
            return Period(year, period_type, index)
    raise InvalidPeriod(text)


def period_containing(day: dt.date, period_type: PeriodType) -> Period:
    """Return the period of `period_type` that contains `day`."""
    months = _MONTHS[period_type]
    return Period(day.year, period_type, (day.month - 1) // months + 1)


def latest_ended(period_type: PeriodType, as_of: dt.date) -> Period:
    """Return the latest period of `period_type` whose last day is on or before `as_of`."""
    current = period_containing(as_of, period_type)
    return current if current.end <= as_of else current.previous()


def periods_between(period_type: PeriodType, start: dt.date, end: dt.date) -> list[Period]:
    """Return every period of `period_type` that overlaps [start, end], in order."""
    found: list[Period] = []
    current = period_containing(start, period_type)
    last = period_containing(end, period_type)
    while current <= last:
        found.append(current)
        current = (
            Period(current.year, current.type, current.index + 1)
            if current.index < 12 // _MONTHS[period_type]
            else Period(current.year + 1, current.type, 1)
        )
    return found
