"""The printable achievement record: the PDF opens, carries the name, costs fixed queries."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.people.models import Person
from vinhdanh.records.generator import generate_history
from vinhdanh.records.models import Decision, EntryKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _person_with_history(officer: User, unit: OrgUnit, decision: Decision, name: str,
                         years: int) -> Person:
    person = make_person(unit, name=name)
    generate_history(actor=officer, people=[person], years=range(2025 - years, 2025), seed=5)
    record_entry(actor=officer, subject=person, source=decision,
                 data=EntryData(kind=EntryKind.TITLE, year=2025,
                                award_code="chien_si_thi_dua_co_so"))
    return person


def test_person_record_pdf_opens_with_the_name_in_vietnamese(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit,
    decision: Decision, tmp_path: Path,
) -> None:
    person = _person_with_history(commune_officer, commune, decision, "Đặng Thị Hường", 5)
    assert client.login(username=commune_officer.username, password=PASSWORD)
    response = client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/in.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = tmp_path / "record.pdf"
    pdf.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    text = " ".join(text.split())
    assert "Đặng Thị Hường" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "125/QĐ-UBND" in text
    client.logout()
    assert client.login(username=outsider.username, password=PASSWORD)
    assert client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/in.pdf").status_code == 404


@pytest.mark.parametrize("suffix", ["", "in.pdf"])
def test_history_costs_the_same_queries_for_3_or_30_years(
    client: Client, commune_officer: User, commune: OrgUnit, decision: Decision, suffix: str,
) -> None:
    short = _person_with_history(commune_officer, commune, decision, "Lê Văn Ba", 3)
    long = _person_with_history(commune_officer, commune, decision, "Lê Văn Ba Mươi", 30)
    assert client.login(username=commune_officer.username, password=PASSWORD)
    client.get(f"/so-thanh-tich/ca-nhan/{short.pk}/{suffix}")  # warm the session cache
    few = _queries(client, f"/so-thanh-tich/ca-nhan/{short.pk}/{suffix}")
    many = _queries(client, f"/so-thanh-tich/ca-nhan/{long.pk}/{suffix}")
    # 1: session; 2: user; 3: role grants; 4: the person with unit; 5: employments;
    # 6: household memberships; 7: the whole history with sources (one query)
    assert few == many == 7
