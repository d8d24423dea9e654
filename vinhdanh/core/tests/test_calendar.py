"""Working-day calendar: deadlines across Tết, 30/4-1/5, 2/9 and compensated holidays.

Each expected date says where it comes from:
  [statute]    Labour Code 2019 Art. 111.3 / 112.1 alone (lunar dates checked with lunardate);
  [announced]  a Government announcement recorded in data/days_off_vn.yaml;
  [UNVERIFIED] an announcement known from one secondary source (see the data file);
  [computed]   2027 choices of the Prime Minister not announced yet, projected in the data file.
"""

from datetime import date, timedelta

import holidays
import lunardate
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vinhdanh.core.calendar import (
    DATA_FILE,
    CalendarDataError,
    Source,
    add_working_days,
    days_off,
    is_working_day,
    load_calendar_file,
    make_up_working_days,
    parse_calendar,
    working_days_between,
    year_calendar,
)

DATA_YEARS = (2024, 2025, 2026, 2027)


def lunar(year: int, month: int, day: int) -> date:
    solar: date = lunardate.LunarDate(year, month, day).to_solar_date()
    return solar


@pytest.mark.parametrize(
    ("received", "n", "due", "why"),
    [
        # --- Tết Bính Ngọ 2026 [announced]: off Sat 14/02 - Sun 22/02/2026.
        (date(2026, 2, 10), 10, date(2026, 3, 3), "11, 12, 13/02 then 23/02 - 03/03"),
        (date(2026, 2, 13), 1, date(2026, 2, 23), "first working day after the break"),
        (date(2026, 2, 11), 3, date(2026, 2, 23), "12, 13/02 then 23/02"),
        # --- Tết Đinh Mùi 2027 [computed]: off Thu 04/02 - Wed 10/02/2027.
        (date(2027, 2, 1), 10, date(2027, 2, 22), "02, 03/02 then 11/02 - 22/02"),
        (date(2027, 2, 3), 1, date(2027, 2, 11), "first working day after the break"),
        # --- Tết 2025 [announced 6150/TB-LĐTBXH]: off Mon 27/01 - Sat 01/02/2025.
        (date(2025, 1, 24), 1, date(2025, 2, 3), "whole week 27-31/01 off"),
        # --- 2 September 2025 [announced]: Mon 01/09 and Tue 02/09 off.
        (date(2025, 8, 28), 2, date(2025, 9, 3), "29/08 then 03/09"),
        (date(2025, 8, 29), 1, date(2025, 9, 3), "break 30/08 - 02/09"),
        # --- 2 September 2026: 02/09 Wed [statute], 01/09 adjacent day [announced],
        # Mon 31/08 swapped for Sat 22/08 [UNVERIFIED].
        (date(2026, 8, 28), 1, date(2026, 9, 3), "break 29/08 - 02/09"),
        (date(2026, 8, 21), 1, date(2026, 8, 22), "Sat 22/08 is a make-up working day"),
        # --- 2 September 2027 [statute 02/09 Thu; adjacent Fri 03/09 computed].
        (date(2027, 9, 1), 1, date(2027, 9, 6), "02 and 03/09 off, then the weekend"),
        # --- 30/4 - 1/5 2025: Wed, Thu [statute]; Fri 02/05 swapped for Sat 26/04 [announced].
        (date(2025, 4, 29), 1, date(2025, 5, 5), "break 30/04 - 04/05"),
        (date(2025, 4, 25), 1, date(2025, 4, 26), "Sat 26/04 is a make-up working day"),
        # --- 30/4 - 1/5 2024: Mon 29/04 swapped for Sat 04/05 [announced 2450/VPCP-KGVX].
        (date(2024, 4, 26), 1, date(2024, 5, 2), "break 27/04 - 01/05"),
        (date(2024, 5, 3), 1, date(2024, 5, 4), "Sat 04/05 is a make-up working day"),
        # --- 30/4 - 1/5 2026 [statute]: Thu and Fri.
        (date(2026, 4, 29), 1, date(2026, 5, 4), "30/04, 01/05 off, then the weekend"),
        # --- Weekend compensation [statute, Art. 111.3].
        # Giỗ Tổ 2026 falls on Sunday 26/04, so Monday 27/04 is off.
        (date(2026, 4, 24), 1, date(2026, 4, 28), "Mon 27/04 compensates Sun 26/04"),
        # 01/05/2027 is a Saturday, so Monday 03/05 is off (30/04 Fri is off too).
        (date(2027, 4, 29), 1, date(2027, 5, 4), "30/04, weekend, Mon 03/05 compensation"),
        # --- Giỗ Tổ Hùng Vương [statute, 10/3 lunar].
        (date(2025, 4, 4), 1, date(2025, 4, 8), "Mon 07/04/2025 off"),
        (date(2024, 4, 17), 1, date(2024, 4, 19), "Thu 18/04/2024 off"),
        (date(2027, 4, 15), 1, date(2027, 4, 19), "Fri 16/04/2027 off"),
        # --- New Year 2026: Fri 02/01 swapped for Sat 10/01 [UNVERIFIED], across the year end.
        (date(2025, 12, 31), 1, date(2026, 1, 5), "01, 02/01 off, then the weekend"),
        (date(2026, 1, 9), 1, date(2026, 1, 10), "Sat 10/01 is a make-up working day"),
        # --- Ngày Văn hóa Việt Nam 24/11/2026 [UNVERIFIED, Resolution 80-NQ/TW].
        (date(2026, 11, 23), 1, date(2026, 11, 25), "Tue 24/11 off"),
        # --- Receipt on a weekend: counting still starts the next day.
        (date(2026, 3, 7), 1, date(2026, 3, 9), "Sat receipt, due Monday"),
        # --- 20 working days of MOHA appraisal over an ordinary month (no holiday).
        (date(2026, 6, 1), 20, date(2026, 6, 29), "four plain weeks"),
        # --- n == 0 and counting backwards.
        (date(2026, 2, 23), 0, date(2026, 2, 23), "no working day to add"),
        (date(2026, 2, 23), -1, date(2026, 2, 13), "the working day before the Tết break"),
        (date(2026, 3, 3), -10, date(2026, 2, 10), "inverse of the first Tết 2026 case"),
    ],
)
def test_deadline_lands_on_the_nth_working_day_after_receipt(received, n, due, why):
    assert add_working_days(received, n) == due, why
    assert working_days_between(received, due) == n, why


@pytest.mark.parametrize(
    ("deadline", "today", "late_by"),
    [
        (date(2026, 4, 28), date(2026, 5, 7), 5),  # 29/04, 04-07/05; 30/04, 01/05 off [statute]
        (date(2026, 2, 13), date(2026, 2, 23), 1),  # the Tết 2026 break counts for nothing
        (date(2026, 2, 13), date(2026, 2, 14), 0),  # only a Saturday has passed: not late
        (date(2026, 2, 13), date(2026, 2, 13), 0),  # due today: not late
        (date(2026, 2, 23), date(2026, 2, 13), -1),  # early: [13/02, 23/02) holds one day
        (date(2027, 2, 3), date(2027, 2, 11), 1),  # Tết 2027 [computed]
    ],
)
def test_overdue_board_counts_working_days_late(deadline, today, late_by):
    assert working_days_between(deadline, today) == late_by


# No deadline: the first call for a year outside the data file builds it from the holidays
# package (a few hundred ms, then cached).
@settings(deadline=None)
@given(
    start=st.dates(min_value=date(2023, 12, 1), max_value=date(2028, 1, 31)),
    n=st.integers(min_value=-80, max_value=80),
)
def test_adding_then_counting_working_days_gives_n_back(start, n):
    due = add_working_days(start, n)
    assert working_days_between(start, due) == n
    if n != 0:
        assert is_working_day(due)


@pytest.mark.parametrize(
    ("year", "new_year"),
    [
        (2024, date(2024, 2, 10)),
        (2025, date(2025, 1, 29)),
        (2026, date(2026, 2, 17)),
        (2027, date(2027, 2, 6)),
    ],
)
def test_tet_days_match_the_lunar_calendar_and_give_five_weekdays_off(year, new_year):
    # Tết Bính Ngọ is 17/02/2026 and Tết Đinh Mùi 06/02/2027: checked here against the
    # lunar calendar rather than taken on trust.
    assert lunar(year, 1, 1) == new_year
    off = days_off(year)
    assert "mùng 1 tháng Giêng" in off[new_year]
    # The last day of the lunar year (giao thừa) is the day before mùng 1.
    assert "giao thừa" in off[new_year - timedelta(days=1)]
    # Art. 112.1.b gives five days for Tết; those falling on the weekend are compensated
    # (Art. 111.3), so five weekdays are off within the break.
    window = [new_year + timedelta(days=k) for k in range(-7, 8)]
    tet_weekdays = [d for d in window if d in off and "Tết" in off[d] and d.weekday() < 5]
    assert len(tet_weekdays) == 5


@pytest.mark.parametrize("year", DATA_YEARS)
def test_hung_kings_day_is_the_tenth_day_of_the_third_lunar_month(year):
    commemoration = lunar(year, 3, 10)
    assert days_off(year)[commemoration].startswith("Giỗ Tổ Hùng Vương")


@pytest.mark.parametrize("year", DATA_YEARS)
def test_national_day_gives_two_september_and_one_adjacent_day(year):
    off = days_off(year)
    assert off[date(year, 9, 2)] == "Quốc khánh"
    adjacent = [d for d in (date(year, 9, 1), date(year, 9, 3)) if d in off]
    assert len(adjacent) == 1
    assert off[adjacent[0]] == "Quốc khánh (ngày liền kề)"


@pytest.mark.parametrize("year", DATA_YEARS)
def test_fixed_holidays_are_off_in_every_year(year):
    off = days_off(year)
    assert off[date(year, 1, 1)] == "Tết Dương lịch"
    assert off[date(year, 4, 30)] == "Ngày Chiến thắng"
    assert off[date(year, 5, 1)] == "Ngày Quốc tế Lao động"


# Weekdays off in the data file that the holidays package does not have. Each one is a
# deliberate choice; when the package catches up (or disagrees anew) this test says so.
KNOWN_DIFFERENCES_FROM_HOLIDAYS_PACKAGE = {
    2024: set(),
    2025: set(),
    2026: {date(2026, 1, 2)},  # New Year swap, Công văn 12729/VPCP-KGVX [UNVERIFIED]
    2027: set(),
}


@pytest.mark.parametrize("year", DATA_YEARS)
def test_data_file_agrees_with_the_holidays_package_except_known_differences(year):
    # Weekdays only: weekend holidays do not change a working-day count.
    ours = {d for d in days_off(year) if d.weekday() < 5}
    theirs = {
        d for d in holidays.country_holidays("VN", years=year) if d.year == year and d.weekday() < 5
    }
    assert ours ^ theirs == KNOWN_DIFFERENCES_FROM_HOLIDAYS_PACKAGE[year]


def test_tet_2026_break_is_the_announced_nine_days():
    # [announced] off from Saturday 14/02 to Sunday 22/02/2026; the package agrees.
    break_days = [date(2026, 2, 14) + timedelta(days=k) for k in range(9)]
    assert not any(is_working_day(d) for d in break_days)
    assert is_working_day(date(2026, 2, 13))
    assert is_working_day(date(2026, 2, 23))
    assert set(holidays.country_holidays("VN", years=2026)) >= {
        date(2026, 2, d) for d in range(16, 21)
    }


def test_make_up_saturdays_are_working_days_and_listed_by_name():
    assert make_up_working_days(2024) == {date(2024, 5, 4): "Làm bù cho thứ Hai 29/04/2024"}
    assert set(make_up_working_days(2026)) == {date(2026, 1, 10), date(2026, 8, 22)}
    assert make_up_working_days(2027) == {}
    assert is_working_day(date(2025, 4, 26))
    assert not is_working_day(date(2025, 4, 19))  # an ordinary Saturday


def test_every_data_file_entry_is_sourced_and_projections_are_never_marked_verified():
    for year in DATA_YEARS:
        calendar = year_calendar(year)
        assert calendar.from_data_file
        for entry in (*calendar.days_off.values(), *calendar.make_up_days.values()):
            assert entry.ref
            if entry.source is Source.COMPUTED:
                assert not entry.verified, entry
    # 2027 is not announced yet: its Tết choices are projections.
    assert year_calendar(2027).days_off[date(2027, 2, 4)].source is Source.COMPUTED


def test_year_missing_from_the_data_file_follows_the_statute():
    # [statute, via the holidays package] 01/01/2028 is a Saturday, compensated on Monday 03/01.
    calendar = year_calendar(2028)
    assert not calendar.from_data_file
    assert all(e.source is Source.COMPUTED and not e.verified for e in calendar.days_off.values())
    assert add_working_days(date(2027, 12, 31), 1) == date(2028, 1, 4)
    assert lunar(2028, 1, 1) in days_off(2028)


def test_changing_the_returned_dict_does_not_change_the_calendar():
    off = days_off(2026)
    off.clear()
    assert not is_working_day(date(2026, 2, 17))
    assert days_off(2026)


def test_shipped_data_file_is_valid():
    assert set(load_calendar_file(DATA_FILE)) >= set(DATA_YEARS)


def test_corrected_data_file_is_read_as_written(tmp_path):
    path = tmp_path / "days_off.yaml"
    path.write_text(
        "years:\n"
        "  2030:\n"
        "    days_off:\n"
        "      - {date: 2030-01-01, name: Tết Dương lịch, source: statute,\n"
        "         ref: BLLĐ 2019 Điều 112.1.a, verified: true}\n"
        "    working_days:\n"
        "      - {date: '2030-01-05', name: Làm bù, source: announced,\n"
        "         ref: CV 1, verified: false}\n",
        encoding="utf-8",
    )
    calendar = load_calendar_file(path)[2030]
    assert dict(calendar.days_off)[date(2030, 1, 1)].name == "Tết Dương lịch"
    assert date(2030, 1, 5) in calendar.make_up_days


def entry(**overrides: object) -> dict[str, object]:
    base = {
        "date": date(2026, 1, 1),
        "name": "Tết Dương lịch",
        "source": "statute",
        "ref": "BLLĐ 2019 Điều 112.1.a",
        "verified": True,
    }
    return {**base, **overrides}


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            {"days_off": [entry(date=date(2027, 1, 1))]},
            r"year 2026, days_off\[0\]: field 'date' 2027-01-01 is not in year 2026",
        ),
        (
            {"days_off": [entry(date="01/01/2026")]},
            r"days_off\[0\]: field 'date' '01/01/2026' is not a date YYYY-MM-DD",
        ),
        (
            {"days_off": [entry(), entry(name="Lặp")]},
            r"days_off\[1\]: date 2026-01-01 is listed twice",
        ),
        (
            {"days_off": [entry(source="decree")]},
            r"days_off\[0\] \(2026-01-01\): field 'source' must be one of: statute, announced",
        ),
        (
            {"days_off": [entry(verified="yes")]},
            r"\(2026-01-01\): field 'verified' must be true or false",
        ),
        ({"days_off": [entry(name=" ")]}, r"field 'name' must be a non-empty text"),
        ({"days_off": [entry(note="x")]}, r"days_off\[0\]: unknown field\(s\) \['note'\]"),
        (
            {"working_days": [entry(date=date(2026, 1, 2))]},
            r"working_days \(2026-01-02\): a make-up working day must be a Saturday or a Sunday",
        ),
        (
            {
                "days_off": [entry(date=date(2026, 1, 10))],
                "working_days": [entry(date=date(2026, 1, 10))],
            },
            r"working_days \(2026-01-10\): the date is also a day off",
        ),
        ({"days_off": "2026-01-01"}, r"year 2026, days_off: must be a list of entries"),
    ],
)
def test_malformed_data_file_is_refused_naming_year_entry_and_field(block, message):
    with pytest.raises(CalendarDataError, match=message):
        parse_calendar({"years": {2026: block}})


def test_data_file_without_years_is_refused():
    with pytest.raises(CalendarDataError, match="a 'years' mapping"):
        parse_calendar(["2026-01-01"])
