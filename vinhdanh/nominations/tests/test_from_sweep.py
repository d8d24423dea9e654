"""A proposal drafted from an eligibility sweep's results (issue 5, "What to build" 1)."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun, SweepStatus
from vinhdanh.eligibility.tests.conftest import excellent_fighter, make_person
from vinhdanh.nominations.models import Proposal, Verdict
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, Entry
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit

AWARD = "chien_si_thi_dua_co_so"


def finished_sweep(officer: User, commune: OrgUnit) -> tuple[SweepRun, list[Person]]:
    """A finished sweep of the ward: two fighters found, a third one condition short."""
    source = Decision.objects.create(number="15/QĐ-UBND", date=dt.date(2025, 12, 20),
                                     issuer=commune, number_folded="15/qd-ubnd")

    def record(subject: Person, kind: str, year: int, **fields: object) -> Entry:
        return record_entry(actor=officer, subject=subject, source=source,
                            data=EntryData(kind=kind, year=year, **fields))  # type: ignore[arg-type]

    people = [make_person(commune, name) for name in ("Trần Thị Mai", "Lê Văn Hùng",
                                                      "Phạm Thị Lan")]
    for person in people[:2]:
        excellent_fighter(record, person, initiative=False)
    run = SweepRun.objects.create(unit=commune, year=2025, decision_date=dt.date(2026, 1, 15),
                                  status=SweepStatus.DONE, total=3, processed=3,
                                  started_by=officer)
    for person, kind in zip(people, (ResultKind.ELIGIBLE, ResultKind.NEEDS_CONFIRMATION,
                                     ResultKind.ALMOST), strict=True):
        SweepResult.objects.create(run=run, subject_kind="individual", person=person,
                                   subject_name=person.full_name, award_code=AWARD,
                                   award_name="Chiến sĩ thi đua cơ sở", kind=kind)
    return run, people


def test_sweep_results_become_nominee_lines(commune_officer: User, commune: OrgUnit,
                                            outsider: User) -> None:
    run, people = finished_sweep(commune_officer, commune)
    url = reverse("nominations:from_sweep", args=[run.pk])
    client = Client()
    client.force_login(commune_officer)
    page = client.get(url).content.decode()
    assert "Chiến sĩ thi đua cơ sở" in page
    response = client.post(url, {
        "award_code": AWARD, "include_confirmation": "on", "to_unit": commune.pk,
        "title": "Tờ trình CSTĐCS năm 2025", "year": 2025,
        "achievement": "Hoàn thành xuất sắc nhiệm vụ năm 2025"})
    proposal = Proposal.objects.get(title="Tờ trình CSTĐCS năm 2025")
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:detail", args=[proposal.pk])
    lines = list(proposal.lines.order_by("nominee_name"))
    # The one-condition-short subject is left out; each line carries today's verdict.
    assert [line.nominee_name for line in lines] == ["Lê Văn Hùng", "Trần Thị Mai"]
    assert all(line.verdict != Verdict.NOT_ELIGIBLE for line in lines)
    assert all(line.items.exists() for line in lines)
    assert people[2].pk not in {line.person_id for line in lines}

    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 404
    assert other.post(url, {"award_code": AWARD, "to_unit": commune.pk, "title": "X",
                            "year": 2025, "achievement": "X"}).status_code == 404


def test_only_eligible_when_confirmation_left_out_and_clear_error_when_nobody(
        commune_officer: User, commune: OrgUnit) -> None:
    run, _people = finished_sweep(commune_officer, commune)
    url = reverse("nominations:from_sweep", args=[run.pk])
    client = Client()
    client.force_login(commune_officer)
    data = {"award_code": AWARD, "to_unit": commune.pk, "title": "Chỉ người đủ điều kiện",
            "year": 2025, "achievement": "Hoàn thành xuất sắc nhiệm vụ"}
    client.post(url, data)
    assert list(Proposal.objects.get(title="Chỉ người đủ điều kiện").lines
                .values_list("nominee_name", flat=True)) == ["Trần Thị Mai"]
    SweepResult.objects.filter(run=run).update(kind=ResultKind.ALMOST)
    response = client.post(url, {**data, "title": "Không ai"})
    assert response.status_code == 200
    assert "đợt rà soát không tìm thấy ai đủ điều kiện" in response.content.decode()
    assert not Proposal.objects.filter(title="Không ai").exists()


def test_rows_standing_for_a_group_name_nobody_to_propose(
        commune_officer: User, commune: OrgUnit) -> None:
    run, _people = finished_sweep(commune_officer, commune)
    SweepResult.objects.create(run=run, subject_kind="individual", subjects=40,
                               subject_name="Nhóm cá nhân: công chức — 40 đối tượng",
                               award_code="giay_khen", award_name="Giấy khen",
                               kind=ResultKind.ELIGIBLE)
    client = Client()
    client.force_login(commune_officer)
    response = client.post(reverse("nominations:from_sweep", args=[run.pk]), {
        "award_code": "giay_khen", "to_unit": commune.pk, "title": "Theo nhóm",
        "year": 2025, "achievement": "X", "include_confirmation": "on"})
    assert response.status_code == 200
    assert "đợt rà soát không tìm thấy ai đủ điều kiện" in response.content.decode()
    assert not Proposal.objects.filter(title="Theo nhóm").exists()
