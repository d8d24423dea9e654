"""Working-day calendar: Vietnamese public holidays, announced days off and make-up working days.

Procedures of emulation and commendation work count deadlines in working days (Decree
152/2025 and the appraisal deadlines in procedures.yaml). A working day is Monday to Friday that
is not a day off, plus any Saturday or Sunday the Government has made a make-up working day
(làm bù) when it swapped a weekday off.

Days off come from two places:

* ``data/days_off_vn.yaml``: the announced calendar, complete for every year it lists, which an
  administrator can correct without a code change;
* for any other year, the statutory rule (Labour Code 2019, Art. 111.3 and 112) as computed by
  the ``holidays`` package, with lunar dates from its Vietnamese calendar. Those years have no
  make-up working days, because swaps exist only by announcement.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

import holidays
import yaml

DATA_FILE = Path(__file__).resolve().parent / "data" / "days_off_vn.yaml"

SATURDAY = 5


class CalendarDataError(ValueError):
    """The days-off data file is malformed; the message names the year, entry and field."""


class Source(StrEnum):
    # Follows from the Labour Code 2019 (Art. 111.3, 112.1) alone.
    STATUTE = "statute"
    # Fixed by a Government announcement (Art. 112.3, or a swap of working days).
    ANNOUNCED = "announced"
    # A choice the Government has not announced yet, projected by this project or computed by
    # the holidays package for a year missing from the data file.
    COMPUTED = "computed"


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    name: str
    source: Source
    ref: str
    verified: bool


@dataclass(frozen=True)
class YearCalendar:
    year: int
    days_off: Mapping[date, CalendarEntry]
    make_up_days: Mapping[date, CalendarEntry]
    from_data_file: bool


def _fail(where: str, problem: str) -> CalendarDataError:
    return CalendarDataError(f"{where}: {problem}")


def _parse_entry(raw: object, *, year: int, where: str) -> CalendarEntry:
    if not isinstance(raw, dict):
        raise _fail(where, "must be a mapping with date, name, source, ref and verified")
    unknown = set(raw) - {"date", "name", "source", "ref", "verified"}
    if unknown:
        raise _fail(where, f"unknown field(s) {sorted(unknown)}")

    value = raw.get("date")
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise _fail(where, f"field 'date' {value!r} is not a date YYYY-MM-DD") from None
    if not isinstance(value, date):
        raise _fail(where, "field 'date' is missing or not a date YYYY-MM-DD")
    if value.year != year:
        raise _fail(where, f"field 'date' {value.isoformat()} is not in year {year}")
    where = f"{where} ({value.isoformat()})"

    name, ref = raw.get("name"), raw.get("ref")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, "field 'name' must be a non-empty text")
    if not isinstance(ref, str) or not ref.strip():
        raise _fail(where, "field 'ref' must cite the article or the announcement")
    source = raw.get("source")
    if not isinstance(source, str) or source not in {s.value for s in Source}:
        allowed = ", ".join(s.value for s in Source)
        raise _fail(where, f"field 'source' must be one of: {allowed}")
    verified = raw.get("verified")
    if not isinstance(verified, bool):
        raise _fail(where, "field 'verified' must be true or false")
    return CalendarEntry(value, name.strip(), Source(source), ref.strip(), verified)


def _parse_entries(raw: object, *, year: int, where: str) -> dict[date, CalendarEntry]:
    if raw is None:
        return {}
    if not isinstance(raw, list):
        raise _fail(where, "must be a list of entries")
    entries: dict[date, CalendarEntry] = {}
    for index, item in enumerate(raw):
        entry = _parse_entry(item, year=year, where=f"{where}[{index}]")
        if entry.day in entries:
            raise _fail(f"{where}[{index}]", f"date {entry.day.isoformat()} is listed twice")
        entries[entry.day] = entry
    return entries


def parse_calendar(
    document: object, *, origin: str = "days_off_vn.yaml"
) -> dict[int, YearCalendar]:
    """Validate a loaded days-off document and return its calendar per year."""
    if not isinstance(document, dict) or not isinstance(document.get("years"), dict):
        raise _fail(origin, "the top level must be a mapping with a 'years' mapping")
    calendars: dict[int, YearCalendar] = {}
    for year, block in document["years"].items():
        where = f"{origin}: year {year}"
        if not isinstance(year, int) or isinstance(year, bool):
            raise _fail(where, "the year must be a number such as 2026")
        if not isinstance(block, dict):
            raise _fail(where, "must be a mapping with 'days_off' and 'working_days'")
        unknown = set(block) - {"days_off", "working_days"}
        if unknown:
            raise _fail(where, f"unknown field(s) {sorted(unknown)}")
        off = _parse_entries(block.get("days_off"), year=year, where=f"{where}, days_off")
        make_up = _parse_entries(
            block.get("working_days"), year=year, where=f"{where}, working_days"
        )
        for day in make_up:
            if day.weekday() < SATURDAY:
                raise _fail(
                    f"{where}, working_days ({day.isoformat()})",
                    "a make-up working day must be a Saturday or a Sunday",
                )
            if day in off:
                raise _fail(
                    f"{where}, working_days ({day.isoformat()})", "the date is also a day off"
                )
        calendars[year] = YearCalendar(
            year=year,
            days_off=MappingProxyType(dict(sorted(off.items()))),
            make_up_days=MappingProxyType(dict(sorted(make_up.items()))),
            from_data_file=True,
        )
    return calendars


def load_calendar_file(path: Path) -> dict[int, YearCalendar]:
    """Read and validate a days-off YAML file."""
    try:
        with path.open(encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except yaml.YAMLError as exc:
        raise _fail(path.name, f"not valid YAML: {exc}") from exc
    return parse_calendar(document, origin=path.name)


@functools.lru_cache(maxsize=1)
def _announced_calendars() -> dict[int, YearCalendar]:
    return load_calendar_file(DATA_FILE)


def _statutory_calendar(year: int) -> YearCalendar:
    # The holidays package applies Art. 112.1 with the Vietnamese lunar calendar and the
    # compensation of Art. 111.3; its choice of the Tết days and of the day next to 2 September
    # stands in for the Prime Minister's decision (Art. 112.3) until the data file has the year.
    computed = holidays.country_holidays("VN", years=year, language="vi")
    off = {
        day: CalendarEntry(
            day=day,
            name=str(name),
            source=Source.COMPUTED,
            ref="BLLĐ 2019 Điều 111.3, 112 (thư viện holidays)",
            verified=False,
        )
        for day, name in sorted(computed.items())
        if day.year == year
    }
    return YearCalendar(
        year=year,
        days_off=MappingProxyType(off),
        make_up_days=MappingProxyType({}),
        from_data_file=False,
    )


@functools.lru_cache(maxsize=64)
def year_calendar(year: int) -> YearCalendar:
    """Return the days off and make-up working days of `year`, from the data file if listed."""
    announced = _announced_calendars().get(year)
    return announced if announced is not None else _statutory_calendar(year)


def reload_calendar() -> None:
    """Forget the cached calendar so that an edited data file is read again."""
    _announced_calendars.cache_clear()
    year_calendar.cache_clear()


def days_off(year: int) -> dict[date, str]:
    """Return the days off of `year` with their Vietnamese names, weekend holidays included."""
    return {day: entry.name for day, entry in year_calendar(year).days_off.items()}


def make_up_working_days(year: int) -> dict[date, str]:
    """Return the Saturdays/Sundays of `year` worked in exchange for a weekday given off."""
    return {day: entry.name for day, entry in year_calendar(year).make_up_days.items()}


def is_working_day(day: date) -> bool:
    """Tell whether public offices work on `day`."""
    calendar = year_calendar(day.year)
    if day in calendar.make_up_days:
        return True
    return day.weekday() < SATURDAY and day not in calendar.days_off


def add_working_days(start: date, n: int) -> date:
    """Return the n-th working day after `start` (before it when n < 0; `start` when n == 0).

    A period counted in days starts the day after the event (Civil Code 2015, Art. 147.1): a
    dossier received on day D with 10 working days to answer is due on the 10th working day
    after D, whether or not D itself is a working day. A negative n gives the |n|-th working
    day strictly before `start`, e.g. the last day to post a public notice that must run
    10 working days before a meeting.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Count working days after `start` up to and including `end`; negative when `end` is earlier.

    * end > start: the working days in (start, end]. With start = a deadline and end = today,
      a positive result reads "late by N working days"; 0 means not late (e.g. today is the
      deadline, or only a weekend has passed since).
    * end == start: 0.
    * end < start: minus the working days in [end, start), so that for every n
      ``working_days_between(d, add_working_days(d, n)) == n``. To show "N working days left"
      call it as ``working_days_between(today, deadline)``.
    """
    if end >= start:
        return sum(
            1
            for d in _days(start + timedelta(days=1), end + timedelta(days=1))
            if is_working_day(d)
        )
    return -sum(1 for d in _days(end, start) if is_working_day(d))


def _days(first: date, stop: date) -> Iterator[date]:
    """Yield the dates from `first` (inclusive) to `stop` (exclusive)."""
    for offset in range((stop - first).days):
        yield first + timedelta(days=offset)
