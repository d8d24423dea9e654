"""Period names parse, order and bound themselves like DHIS2's ISO periods."""

from __future__ import annotations

import datetime as dt

import pytest

from vinhdanh.movements.periods import (
    InvalidPeriod,
    PeriodType,
    latest_ended,
    parse_period,
    period_containing,
    periods_between,
)


@pytest.mark.parametrize(
    ("text", "kind", "start", "end"),
    [
        ("2024", PeriodType.YEAR, dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
        ("2025-H1", PeriodType.HALF_YEAR, dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        ("2025-Q2", PeriodType.QUARTER, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
        ("2024-02", PeriodType.MONTH, dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ],
)
def test_period_names_give_their_type_and_days(
    text: str, kind: PeriodType, start: dt.date, end: dt.date
) -> None:
    period = parse_period(text)
    assert (period.type, period.start, period.end, str(period)) == (kind, start, end, text)


@pytest.mark.parametrize("text", ["", "24", "2025-13", "2025-Q5", "2025-H3", "2025-5", "abc",
                                  "1800"])
def test_malformed_period_names_are_refused(text: str) -> None:
    with pytest.raises(InvalidPeriod):
        parse_period(text)


def test_latest_ended_period_is_the_last_one_closed_by_the_date() -> None:
    assert str(latest_ended(PeriodType.YEAR, dt.date(2025, 5, 11))) == "2024"
    assert str(latest_ended(PeriodType.YEAR, dt.date(2024, 12, 31))) == "2024"
    assert str(latest_ended(PeriodType.MONTH, dt.date(2025, 5, 11))) == "2025-04"
    assert str(latest_ended(PeriodType.QUARTER, dt.date(2025, 1, 5))) == "2024-Q4"
    assert str(period_containing(dt.date(2025, 8, 1), PeriodType.HALF_YEAR)) == "2025-H2"


def test_periods_between_cover_the_range_in_order() -> None:
    names = [str(p) for p in periods_between(PeriodType.QUARTER, dt.date(2024, 11, 1),
                                             dt.date(2025, 4, 1))]
    assert names == ["2024-Q4", "2025-Q1", "2025-Q2"]
