"""Small builders for subjects and records used by the engine tests."""

from __future__ import annotations

from datetime import date

from vinhdanh.eligibility.engine import model as m

CIVIL = "civil_servant_or_employee"


def person(
    *records: m.RecordEntry,
    category: str | None = CIVIL,
    start: date | None = date(2015, 9, 1),
    gender: str | None = None,
) -> m.SubjectHistory:
    subject = m.Subject(kind="individual", category=category, employment_start=start, gender=gender)
    return m.SubjectHistory(subject=subject, record=tuple(records))


def collective(
    *records: m.RecordEntry,
    members: tuple[m.SubjectHistory, ...] = (),
    unit_type: str | None = "state_agency_unit",
) -> m.SubjectHistory:
    subject = m.Subject(kind="collective", unit_type=unit_type)
    return m.SubjectHistory(subject=subject, record=tuple(records), members=members)


def household(*records: m.RecordEntry) -> m.SubjectHistory:
    return m.SubjectHistory(subject=m.Subject(kind="household"), record=tuple(records))


def rating(year: int, level: str = "good") -> m.TaskRating:
    return m.TaskRating(year=year, level=level)


def ratings(first: int, last: int, level: str = "good") -> list[m.RecordEntry]:
    return [m.TaskRating(year=y, level=level) for y in range(first, last + 1)]


def title(award: str, year: int) -> m.TitleConferred:
    return m.TitleConferred(award=award, year=year)


def commendation(award: str, on: date, basis: str = "merit") -> m.CommendationReceived:
    return m.CommendationReceived(award=award, on=on, basis=basis)


def initiative(
    on: date, scope: str = "grassroots", effect: str = "recognized", used_for: str | None = None
) -> m.Initiative:
    return m.Initiative(on=on, scope=scope, effect=effect, used_for=used_for)


def members(
    total: int,
    *,
    advanced: int,
    fighters: int = 0,
    completed: int | None = None,
    year: int = 2025,
    advanced_title: str = "lao_dong_tien_tien",
    category: str = CIVIL,
) -> tuple[m.SubjectHistory, ...]:
    """`total` members: the first `advanced` hold `advanced_title`, the first `fighters`
    are grassroots emulation fighters, the first `completed` (default all) completed tasks."""
    done = total if completed is None else completed
    result = []
    for index in range(total):
        records: list[m.RecordEntry] = [
            m.TaskRating(year=year, level="good" if index < done else "not_completed")
        ]
        if index < advanced:
            records.append(m.TitleConferred(award=advanced_title, year=year))
        if index < fighters:
            records.append(m.TitleConferred(award="chien_si_thi_dua_co_so", year=year))
        subject = m.Subject(kind="individual", category=category, ref=f"m{index}")
        result.append(m.SubjectHistory(subject=subject, record=tuple(records)))
    return tuple(result)
