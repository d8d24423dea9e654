"""Initiatives: recorded with their authors, recognised by a council's decision, which
writes the ledger entries the eligibility rules count."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.catalogue.importer import import_catalogue
from vinhdanh.core.text import fold
from vinhdanh.eligibility.selectors import check_subject
from vinhdanh.eligibility.tests.conftest import make_person
from vinhdanh.movements.models import Initiative
from vinhdanh.movements.services.initiatives import recognise_initiative, register_initiative
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, Entry, EntryKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit

pytestmark = pytest.mark.django_db

PROVINCIAL_FIGHTER = "chien_si_thi_dua_bo_tinh"


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def mai(commune: OrgUnit, province: OrgUnit, commune_officer: User) -> Person:
    """Three grassroots emulation-fighter years rated excellent, but no initiative yet."""
    person = make_person(commune)
    titles = Decision.objects.create(number="15/QĐ-UBND", date=dt.date(2025, 12, 20),
                                     issuer=province, number_folded=fold("15/QĐ-UBND"))
    for year in range(2023, 2026):
        for data in (EntryData(kind=EntryKind.TASK_RATING, year=year, rating="excellent"),
                     EntryData(kind=EntryKind.TITLE, year=year, award_code="lao_dong_tien_tien"),
                     EntryData(kind=EntryKind.TITLE, year=year,
                               award_code="chien_si_thi_dua_co_so")):
            record_entry(actor=commune_officer, subject=person, data=data, source=titles)
    return person


def _fighter(user: User, person: Person) -> Any:
    result = check_subject(user, person, year=2025)
    return result, next(c for c in result.checks if c.award_code == PROVINCIAL_FIGHTER)


def test_recognition_writes_the_ledger_and_the_initiative_condition_passes(
    mai: Person, commune: OrgUnit, province: OrgUnit, commune_officer: User,
    province_officer: User, outsider: User,
) -> None:
    import_catalogue(actor=None)
    result, fighter = _fighter(commune_officer, mai)
    assert fighter in result.almost
    assert fighter.missing_line is not None
    assert "sáng kiến" in fighter.missing_line.text_vi.lower()

    officer = login(commune_officer)
    response = officer.post(reverse("movements:initiative_create"), {
        "unit": commune.pk, "title": "Số hoá sổ thành tích", "authors": [mai.pk],
        "scope": "ministry_province", "effect": "applied_and_replicable",
        "description": "Áp dụng ở 12 phường"})
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    detail = reverse("movements:initiative_detail", args=[initiative.pk])
    assert login(outsider).get(detail).status_code == 404

    recognise = reverse("movements:initiative_recognise", args=[initiative.pk])
    decision = {"number": "08/QĐ-HĐSK", "date": "01/10/2025", "body": province.pk}
    assert login(outsider).post(recognise, decision).status_code == 404
    future = login(province_officer).post(recognise, {**decision, "date": "01/01/2030"})
    assert "Ngày quyết định: không được là ngày trong tương lai." in future.content.decode()
    assert not Entry.objects.filter(kind=EntryKind.INITIATIVE).exists()

    login(province_officer).post(recognise, decision)
    entry = Entry.objects.get(kind=EntryKind.INITIATIVE)
    assert (entry.person, entry.year, entry.scope, entry.effect, entry.date) == (
        mai, 2025, "ministry_province", "applied_and_replicable", dt.date(2025, 10, 1))
    assert entry.decision is not None
    assert (entry.decision.number, entry.decision.issuer) == ("08/QĐ-HĐSK", province)
    page = officer.get(detail).content.decode()
    assert "Quyết định số 08/QĐ-HĐSK ngày 01/10/2025 của Tỉnh Ninh Bình" in page

    _result, fighter = _fighter(commune_officer, mai)
    assert str(fighter.verdict.verdict) == "needs_confirmation"

    again = login(province_officer).post(recognise, decision)
    assert again.status_code == 400
    assert "Sáng kiến này đã được công nhận." in again.content.decode()
    assert Entry.objects.filter(kind=EntryKind.INITIATIVE).count() == 1


def test_authors_must_belong_to_the_unit(
    commune: OrgUnit, other_commune: OrgUnit, commune_officer: User, outsider: User,
) -> None:
    stranger = make_person(other_commune, "Lê Văn Khác")
    response = login(commune_officer).post(reverse("movements:initiative_create"), {
        "unit": commune.pk, "title": "Sáng kiến", "authors": [stranger.pk],
        "scope": "grassroots", "effect": "applied"})
    assert response.status_code == 400  # not among the officer's people
    assert not Initiative.objects.exists()
    empty = login(commune_officer).post(reverse("movements:initiative_create"), {
        "unit": commune.pk, "title": "Sáng kiến", "scope": "grassroots", "effect": "applied"})
    assert "Tác giả: chọn ít nhất một tác giả." in empty.content.decode()


def test_initiative_list_uses_constant_queries(
    commune: OrgUnit, province: OrgUnit, commune_officer: User, province_officer: User,
    outsider: User, django_assert_num_queries: Any,
) -> None:
    people = [make_person(commune, f"Tác giả {n}") for n in range(4)]
    for n in range(3):
        initiative = register_initiative(
            actor=commune_officer, unit=commune, title=f"Sáng kiến {n}", scope="grassroots",
            effect="applied", authors=people[n:n + 2])
        if n:
            recognise_initiative(actor=province_officer, initiative=initiative,
                                 number=f"{n}/QĐ-HĐSK", date=dt.date(2025, 6, n),
                                 body=province)
    client = login(commune_officer)
    url = reverse("movements:initiative_list")
    client.get(url)
    # session, user, grants, the initiatives with unit, movement and decision issuer, their
    # authors with the people, the units the officer may record for.
    with django_assert_num_queries(6):
        page = client.get(url).content.decode()
    assert page.count("Sáng kiến ") >= 3
    assert "Sáng kiến 1" not in login(outsider).get(url).content.decode()
