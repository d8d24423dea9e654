"""Helpers for ledger tests: people, a provincial decision, workbooks built in memory."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import pytest
from openpyxl import Workbook

from vinhdanh.accounts.models import User
from vinhdanh.core.text import fold
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision
from vinhdanh.records.spreadsheet.layout import ENTRIES, HOUSEHOLDS, PEOPLE, Sheet
from vinhdanh.units.models import OrgUnit

PEOPLE_HEADERS = [c.header for c in PEOPLE.columns]
HOUSEHOLD_HEADERS = [c.header for c in HOUSEHOLDS.columns]
ENTRY_HEADERS = [c.header for c in ENTRIES.columns]


def make_person(unit: OrgUnit, name: str = "Nguyễn Văn An",
                birth: dt.date = dt.date(1980, 5, 1)) -> Person:
    return Person.objects.create(full_name=name, name_folded=fold(name), gender="male",
                                 birth_date=birth, unit=unit)


@pytest.fixture
def person(commune: OrgUnit) -> Person:
    return make_person(commune)


@pytest.fixture
def decision(province: OrgUnit) -> Decision:
    return Decision.objects.create(number="125/QĐ-UBND", date=dt.date(2024, 1, 15),
                                   issuer=province, number_folded=fold("125/QĐ-UBND"))


def row_for(sheet: Sheet, **values: Any) -> list[Any]:
    return [values.get(column.key) for column in sheet.columns]


def workbook_bytes(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    """Return an .xlsx whose sheets hold the given rows (first row at row 1)."""
    workbook = Workbook()
    default = workbook.active
    assert default is not None
    workbook.remove(default)
    for title, rows in sheets.items():
        worksheet = workbook.create_sheet(title)
        for row in rows:
            worksheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ledger_file(people: Sequence[list[Any]] = (), entries: Sequence[list[Any]] = (),
                households: Sequence[list[Any]] = ()) -> bytes:
    return workbook_bytes({
        PEOPLE.title: [PEOPLE_HEADERS, *people],
        HOUSEHOLDS.title: [HOUSEHOLD_HEADERS, *households],
        ENTRIES.title: [ENTRY_HEADERS, *entries],
    })


@pytest.fixture
def officer(commune_officer: User) -> User:
    return commune_officer


AN_ROW = row_for(PEOPLE, full_name="Nguyễn Văn An", birth_date="01/05/1980", gender="Nam",
                 unit_code="13366")


def title_row(award: str = "LĐTT", year: int = 2020) -> list[Any]:
    return row_for(ENTRIES, subject_kind="Cá nhân", name="Nguyễn Văn An",
                   birth_date="01/05/1980", unit_code="13366", kind="Danh hiệu thi đua",
                   year=year, award=award)
