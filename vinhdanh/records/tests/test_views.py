"""Ledger pages and API: histories, the decision register, import and export."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from ninja.testing import TestClient
from openpyxl import load_workbook

from vinhdanh.accounts.models import User
from vinhdanh.people.models import Person
from vinhdanh.records.api import router
from vinhdanh.records.models import Decision, Entry, EntryKind, ImportJob, JobStatus
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import DecisionLineIn, record_entry, register_decision
from vinhdanh.records.tests.conftest import AN_ROW, ledger_file, title_row
from vinhdanh.units.models import OrgUnit

PASSWORD = "Mat-khau-2025!"


def _login(client: Client, user: User) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_person_history_page_shows_entries_and_refuses_outsider(
    client: Client, commune_officer: User, outsider: User, person: Person, decision: Decision,
    django_assert_max_num_queries: Any,
) -> None:
    record_entry(actor=commune_officer, subject=person, source=decision,
                 data=EntryData(kind=EntryKind.TITLE, year=2023, award_code="lao_dong_tien_tien"))
    _login(client, commune_officer)
    response = client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/")
    assert response.status_code == 200
    assert "125/QĐ-UBND" in response.content.decode()
    client.logout()
    _login(client, outsider)
    assert client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/").status_code == 404


def test_decision_register_page_searches_by_folded_name(
    client: Client, commune_officer: User, commune: OrgUnit, province: OrgUnit, person: Person,
) -> None:
    register_decision(actor=commune_officer, number="7/QĐ-UBND", date=dt.date(2025, 2, 1),
                      issuer=province,
                      lines=[DecisionLineIn(subject=person, award_code="bang_khen_bo_tinh")])
    _login(client, commune_officer)
    page = client.get("/so-thanh-tich/quyet-dinh/", {"awardee": "nguyen van an"})
    assert "7/QĐ-UBND" in page.content.decode()
    empty = client.get("/so-thanh-tich/quyet-dinh/", {"awardee": "tran"})
    assert "7/QĐ-UBND" not in empty.content.decode()


def test_import_page_reports_problems_then_imports(
    client: Client, commune_officer: User, commune: OrgUnit,
) -> None:
    _login(client, commune_officer)
    bad = io.BytesIO(ledger_file(people=[AN_ROW], entries=[title_row(award="Huân chương X")]))
    bad.name = "loi.xlsx"
    response = client.post("/so-thanh-tich/nhap/", {"file": bad}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Huân chương X" in page
    assert "100%" in page
    assert not Entry.objects.exists()
    good = io.BytesIO(ledger_file(people=[AN_ROW], entries=[title_row()]))
    good.name = "dung.xlsx"
    client.post("/so-thanh-tich/nhap/", {"file": good})
    assert Entry.objects.count() == 1
    assert ImportJob.objects.filter(status=JobStatus.DONE).count() == 2
    assert not any(ImportJob.objects.values_list("data", flat=True))
    not_a_workbook = io.BytesIO(b"plain text")
    not_a_workbook.name = "gia.xlsx"
    refused = client.post("/so-thanh-tich/nhap/", {"file": not_a_workbook})
    assert "không phải bảng tính Excel" in refused.content.decode()


def test_import_job_is_private_to_its_owner(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit,
) -> None:
    _login(client, commune_officer)
    good = io.BytesIO(ledger_file(people=[AN_ROW], entries=[title_row()]))
    good.name = "dung.xlsx"
    response = client.post("/so-thanh-tich/nhap/", {"file": good})
    job_url = response["Location"]
    assert client.get(job_url, headers={"HX-Request": "true"}).status_code == 200
    client.logout()
    _login(client, outsider)
    assert client.get(job_url).status_code == 404


def test_template_and_export_download(
    client: Client, commune_officer: User, commune: OrgUnit, person: Person, decision: Decision,
) -> None:
    record_entry(actor=commune_officer, subject=person, source=decision,
                 data=EntryData(kind=EntryKind.TASK_RATING, year=2022, rating="good"))
    _login(client, commune_officer)
    template = client.get("/so-thanh-tich/nhap/mau.xlsx")
    assert template.status_code == 200
    exported = client.get(f"/so-thanh-tich/don-vi/{commune.pk}/xuat/")
    workbook = load_workbook(io.BytesIO(exported.content), read_only=True)
    rows = list(workbook["Thành tích"].iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1] == person.full_name


def test_api_history_and_decisions(
    province_officer: User, outsider: User, person: Person, decision: Decision,
) -> None:
    """The province's officer records against the province's decision; others get 404."""
    api = TestClient(router)
    created = api.post(f"/persons/{person.pk}/entries", user=province_officer, json={
        "kind": "task_rating", "year": 2023, "rating": "excellent", "decision_id": decision.pk})
    assert created.status_code == 201
    history = api.get(f"/persons/{person.pk}/history", user=province_officer).json()
    assert [(e["kind"], e["decision_number"]) for e in history] == [
        ("task_rating", "125/QĐ-UBND")]
    assert api.get(f"/persons/{person.pk}/history", user=outsider).status_code == 404
    listed = api.get("/decisions", user=province_officer).json()
    assert [d["number"] for d in listed] == ["125/QĐ-UBND"]
    assert api.get("/decisions", user=outsider).json() == []
    by_issuer = api.get(f"/decisions?issuer_id={decision.issuer_id}", user=province_officer)
    assert len(by_issuer.json()) == 1
    assert api.get("/decisions?date_from=2024-02-01", user=province_officer).json() == []


def test_list_pages_query_counts(
    client: Client, commune_officer: User, person: Person, province: OrgUnit,
    django_assert_num_queries: Any,
) -> None:
    """Neither page's query count grows with the number of entries or decisions."""
    for number in range(5):
        register_decision(actor=commune_officer, number=f"{number}/QĐ-UBND",
                          date=dt.date(2024, 1, 1 + number), issuer=province,
                          lines=[DecisionLineIn(subject=person, award_code="giay_khen")])
    _login(client, commune_officer)
    # 1: session; 2: user; 3: role grants; 4: decisions with issuer and line count
    with django_assert_num_queries(4):
        assert client.get("/so-thanh-tich/quyet-dinh/").status_code == 200
    # 1: session; 2: user; 3: role grants; 4: the person with unit; 5: employments;
    # 6: household memberships; 7: the history (one query)
    with django_assert_num_queries(7):
        assert client.get(f"/so-thanh-tich/ca-nhan/{person.pk}/").status_code == 200
