"""Fixtures of the Django side of eligibility: the imported catalogue, a decision, a clerk
that records ledger entries through the ledger's own services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from vinhdanh.accounts.models import User
from vinhdanh.catalogue.importer import ImportReport, import_catalogue
from vinhdanh.core.text import fold
from vinhdanh.people.models import Employment, Person
from vinhdanh.records.models import Decision, Entry, EntryKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit

Record = Callable[..., Entry]


@pytest.fixture
def catalogue(db: None) -> ImportReport:
    return import_catalogue(actor=None)


@pytest.fixture
def decision(province: OrgUnit) -> Decision:
    return Decision.objects.create(number="15/QĐ-UBND", date=dt.date(2025, 12, 20),
                                   issuer=province, number_folded=fold("15/QĐ-UBND"))


def make_person(unit: OrgUnit, name: str = "Trần Thị Mai", *, employed_since: dt.date
                | None = dt.date(2015, 3, 1)) -> Person:
    person = Person.objects.create(full_name=name, name_folded=fold(name), gender="female",
                                   birth_date=dt.date(1985, 4, 2), unit=unit,
                                   category="civil_servant_or_employee")
    if employed_since is not None:
        Employment.objects.create(person=person, unit=unit, position="Chuyên viên",
                                  start=employed_since)
    return person


@pytest.fixture
def mai(commune: OrgUnit) -> Person:
    return make_person(commune)


@pytest.fixture
def record(commune_officer: User, decision: Decision) -> Record:
    """Record a ledger entry for a subject through records.services.record_entry."""

    def add(subject: object, kind: str, year: int, **fields: object) -> Entry:
        data = EntryData(kind=kind, year=year, **fields)  # type: ignore[arg-type]
        return record_entry(actor=commune_officer, subject=subject,  # type: ignore[arg-type]
                            data=data, source=decision)

    return add


def excellent_fighter(record: Record, person: Person, *, years: range = range(2023, 2026),
                      initiative: bool = True) -> None:
    """Three consecutive grassroots emulation-fighter years rated excellent, and (when
    `initiative`) a provincial initiative applied and replicable."""
    for year in years:
        record(person, EntryKind.TASK_RATING, year, rating="excellent")
        record(person, EntryKind.TITLE, year, award_code="lao_dong_tien_tien")
        record(person, EntryKind.TITLE, year, award_code="chien_si_thi_dua_co_so")
    if initiative:
        record(person, EntryKind.INITIATIVE, years[-1], title="Số hoá sổ thành tích",
               scope="ministry_province", effect="applied_and_replicable",
               date=dt.date(years[-1], 10, 1))
