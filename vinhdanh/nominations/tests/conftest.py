"""Nominations fixtures: a person of the commune, proposals built through the services."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vinhdanh.accounts.models import User
from vinhdanh.nominations.models import NomineeLine, Proposal
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.people import services as people_services
from vinhdanh.people.models import Gender, Person
from vinhdanh.units.models import OrgUnit

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
YEAR = 2025


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path


def pdf(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make_person(actor: User, unit: OrgUnit, name: str = "Nguyễn Thị Hoa") -> Person:
    return people_services.create_person(
        actor=actor, full_name=name, gender=Gender.FEMALE, unit=unit,
        birth_date=dt.date(1988, 4, 2),
    )


def fill_dossier(actor: User, line: NomineeLine) -> None:
    for item in line.items.filter(required=True):
        svc.attach_file(actor=actor, item=item, upload=pdf(f"{item.component}.pdf"))


def make_proposal(actor: User, unit: OrgUnit, to_unit: OrgUnit, people: list[Person],
                  award: str = "giay_khen") -> Proposal:
    proposal = svc.create_proposal(actor=actor, unit=unit, to_unit=to_unit,
                                   title="Tờ trình khen thưởng năm 2025", year=YEAR)
    for person in people:
        line = svc.add_line(actor=actor, proposal=proposal, subject=person, award_code=award,
                            achievement="Hoàn thành xuất sắc nhiệm vụ năm 2025",
                            not_eligible_reason="Thành tích đột xuất trong phòng chống bão")
        fill_dossier(actor, line)
    return proposal


@pytest.fixture
def person(commune_officer: User, commune: OrgUnit) -> Person:
    return make_person(commune_officer, commune)


@pytest.fixture
def proposal(commune_officer: User, commune: OrgUnit, province: OrgUnit,
             person: Person) -> Proposal:
    """A complete draft from the commune to the province, one nominee for a Giấy khen."""
    return make_proposal(commune_officer, commune, province, [person])


@pytest.fixture
def in_appraisal(proposal: Proposal, commune_officer: User, province_officer: User) -> Proposal:
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    return svc.accept_proposal(actor=province_officer, proposal=proposal)


@pytest.fixture
def awaiting_decision(in_appraisal: Proposal, province_officer: User) -> Proposal:
    from vinhdanh.nominations.services.decisions import forward_to_decider

    for line in in_appraisal.lines.all():
        svc.appraise_line(actor=province_officer, line=line, approve=True, comment="Đạt")
    return forward_to_decider(actor=province_officer, proposal=in_appraisal)
