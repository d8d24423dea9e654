"""The ledger seen by the engine: effective entries of a subject become its history."""

from __future__ import annotations

import datetime as dt

from vinhdanh.accounts.models import User
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.eligibility.selectors import check_subject
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.people.models import Employment, Person
from vinhdanh.records.models import Decision, Entry, EntryKind
from vinhdanh.records.services import revoke_entry
from vinhdanh.units.models import OrgUnit

PROVINCIAL_FIGHTER = "chien_si_thi_dua_bo_tinh"


def _by_code(user: User, subject: Person | OrgUnit, year: int = 2025) -> dict[str, str]:
    result = check_subject(user, subject, year=year)
    return {c.award_code: str(c.result) for c in result.checks}


def test_three_grassroots_fighter_years_make_provincial_fighter_to_confirm(
    catalogue: ImportReport, commune_officer: User, mai: Person, record: Record
) -> None:
    """3 consecutive CSTĐCS years, excellent ratings and a provincial initiative: CSTĐ
    tỉnh is open, subject to the council confirming the qualitative criterion."""
    excellent_fighter(record, mai)
    result = check_subject(commune_officer, mai, year=2025)
    fighter = next(c for c in result.checks if c.award_code == PROVINCIAL_FIGHTER)
    assert str(fighter.verdict.verdict) == "needs_confirmation"
    assert fighter in result.to_confirm
    assert result.rules_from_catalogue
    assert result.rule_set == "decree_152_2025"
    assert any("outstanding" in line.text_en or "nổi bật" in line.text_vi
               or line.kind == "qualitative" for line in fighter.pending)


def test_missing_initiative_is_the_single_missing_condition(
    catalogue: ImportReport, commune_officer: User, mai: Person, record: Record
) -> None:
    """Without the provincial initiative, CSTĐ tỉnh is missed by exactly one condition,
    stated with its alternatives and its legal basis."""
    excellent_fighter(record, mai, initiative=False)
    result = check_subject(commune_officer, mai, year=2025)
    fighter = next(c for c in result.checks if c.award_code == PROVINCIAL_FIGHTER)
    assert fighter in result.almost
    missing = fighter.missing_line
    assert missing is not None
    assert "sáng kiến" in missing.text_vi.lower()
    assert "Law 06/2022" in missing.legal_basis or "06/2022" in missing.legal_basis


def test_two_years_miss_one_grassroots_fighter_year(
    catalogue: ImportReport, commune_officer: User, mai: Person, record: Record
) -> None:
    """Two consecutive CSTĐCS years: almost eligible, one year short, said so."""
    excellent_fighter(record, mai, years=range(2024, 2026))
    result = check_subject(commune_officer, mai, year=2025)
    fighter = next(c for c in result.checks if c.award_code == PROVINCIAL_FIGHTER)
    assert str(fighter.verdict.verdict) == "not_eligible"
    assert fighter in result.almost
    missing = fighter.missing_line
    assert missing is not None
    assert missing.text_vi.startswith("3 năm liên tục Chiến sĩ thi đua cơ sở")
    assert "2 năm liên tục" in missing.text_vi


def test_revoked_entry_stops_counting(
    catalogue: ImportReport, commune_officer: User, mai: Person, record: Record,
    decision: Decision,
) -> None:
    """Revoking one of the three CSTĐCS titles (Law 06/2022 Art 93) closes CSTĐ tỉnh."""
    excellent_fighter(record, mai)
    assert _by_code(commune_officer, mai)[PROVINCIAL_FIGHTER] == "needs_confirmation"
    title = Entry.objects.get(person=mai, kind=EntryKind.TITLE, year=2024,
                                  award_code="chien_si_thi_dua_co_so")
    revoke_entry(actor=commune_officer, entry=title, source=decision,
                 reason="Khai không trung thực", legal_basis="Luật TĐKT 2022, Điều 93")
    assert _by_code(commune_officer, mai)[PROVINCIAL_FIGHTER] not in (
        "eligible", "needs_confirmation")


def test_collective_members_are_its_current_staff(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, record: Record
) -> None:
    """A collective's member ratios read the ratings of the people employed in it."""
    for index in range(4):
        person = make_person(commune, f"Cán bộ {index}")
        record(person, EntryKind.TASK_RATING, 2025, rating="excellent")
    left = make_person(commune, "Đã nghỉ", employed_since=None)
    Employment.objects.create(person=left, unit=commune, position="Cũ",
                              start=dt.date(2010, 1, 1), end=dt.date(2020, 1, 1))
    result = check_subject(commune_officer, commune, year=2025)
    lines = [line for c in result.checks for line in c.verdict.lines
             if line.kind in ("member_ratio", "member_count_with")]
    assert lines
    assert any("/4 " in line.found_vi or "4 thành viên" in line.found_vi
               or "/4" in line.found_vi for line in lines)
