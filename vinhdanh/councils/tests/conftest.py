"""A provincial council on the shared tree, built through the real services."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps as django_apps

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.councils.models import (
    Council,
    CouncilKind,
    MemberRole,
    Membership,
    Poll,
    PollMode,
    Session,
    Term,
    VotingMethod,
)
from vinhdanh.councils.services import setup
from vinhdanh.nominations.models import NomineeLine, Proposal
from vinhdanh.nominations.services import proposals as nomination_svc
from vinhdanh.nominations.tests.conftest import make_person, make_proposal
from vinhdanh.units.models import OrgUnit

SESSION_DAY = dt.date(2026, 1, 15)


@dataclass
class CouncilSetup:
    council: Council
    term: Term
    secretary: User
    chair: User
    members: list[User]  # every member, chair and secretary included
    memberships: dict[int, Membership]  # user id → membership
    session: Session


def build_council(*, unit: OrgUnit, secretary: User, size: int, prefix: str = "tv",
                  name: str = "Hội đồng Thi đua - Khen thưởng tỉnh Ninh Bình") -> CouncilSetup:
    """Set up a council of `size` members: a chair, `secretary`, and ordinary members."""
    council = setup.create_council(actor=secretary, unit=unit, kind=CouncilKind.EMULATION,
                                   name=name)
    term = setup.add_term(actor=secretary, council=council, starts_on=dt.date(2025, 7, 1),
                          ends_on=dt.date(2030, 6, 30))
    chair = make_user(f"{prefix}_chu_tich", Role.COUNCIL_MEMBER, unit)
    chair.full_name = "Phạm Quang Ngọc"
    chair.save(update_fields=["full_name"])
    secretary.full_name = secretary.full_name or "Trần Thị Thư"
    secretary.save(update_fields=["full_name"])
    members = [chair, secretary]
    memberships = {
        chair.pk: setup.add_member(actor=secretary, term=term, user=chair, role=MemberRole.CHAIR),
        secretary.pk: setup.add_member(actor=secretary, term=term, user=secretary,
                                       role=MemberRole.SECRETARY),
    }
    for n in range(size - 2):
        user = make_user(f"{prefix}_{n:02d}", Role.COUNCIL_MEMBER, unit)
        user.full_name = f"Thành viên {n + 1:02d}"
        user.save(update_fields=["full_name"])
        members.append(user)
        memberships[user.pk] = setup.add_member(actor=secretary, term=term, user=user,
                                                role=MemberRole.MEMBER)
    session = setup.create_session(actor=secretary, council=council, date=SESSION_DAY,
                                   place="Hội trường Ủy ban nhân dân tỉnh")
    return CouncilSetup(council, term, secretary, chair, members, memberships, session)


def make_poll(cs: CouncilSetup, *, method: str = VotingMethod.ELECTRONIC,
              items: tuple[tuple[str, str], ...] = (
                  ("Nguyễn Văn An — Chiến sĩ thi đua cấp tỉnh", "chien_si_thi_dua_bo_tinh"),
                  ("Lê Thị Bình — Chiến sĩ thi đua cơ sở", "chien_si_thi_dua_co_so"),
                  ("Trường THCS Hà Nam — Bằng khen", "bang_khen_chu_tich_tinh"),
              )) -> Poll:
    mode = PollMode.PER_ITEM if len(items) == 1 else PollMode.ONE_BALLOT
    poll = setup.create_poll(actor=cs.secretary, session=cs.session,
                             title="Bình xét danh hiệu thi đua năm 2025", mode=mode,
                             voting_method=method)
    for label, code in items:
        setup.add_poll_item(actor=cs.secretary, poll=poll, label=label, award_code=code)
    return poll


def make_line_poll(cs: CouncilSetup, lines: list[NomineeLine], *,
                   method: str = VotingMethod.ELECTRONIC) -> Poll:
    """A poll of `cs`'s session over real nominee lines, one ballot over them all."""
    poll = setup.create_poll(actor=cs.secretary, session=cs.session,
                             title="Bình xét khen thưởng năm 2025", mode=PollMode.ONE_BALLOT,
                             voting_method=method)
    for line in lines:
        setup.add_poll_item(actor=cs.secretary, poll=poll, line=line)
    return poll


@pytest.fixture
def appraised(commune_officer: User, province_officer: User, commune: OrgUnit,
              province: OrgUnit, settings: Any, tmp_path: Path) -> Proposal:
    """A proposal from the commune to the province, under appraisal, three nominees."""
    settings.MEDIA_ROOT = tmp_path / "media"
    people = [make_person(commune_officer, commune, name)
              for name in ("Nguyễn Văn An", "Lê Thị Bình", "Đỗ Văn Cường")]
    proposal = make_proposal(commune_officer, commune, province, people)
    nomination_svc.submit_proposal(actor=commune_officer, proposal=proposal)
    nomination_svc.receive_proposal(actor=province_officer, proposal=proposal)
    return nomination_svc.accept_proposal(actor=province_officer, proposal=proposal)


@pytest.fixture
def lines(appraised: Proposal) -> list[NomineeLine]:
    return list(appraised.lines.select_related("proposal__to_unit").order_by("position"))


@pytest.fixture
def secretary(province: OrgUnit) -> User:
    user = make_user("thu_ky_hd", Role.COUNCIL_SECRETARY, province)
    user.full_name = "Trần Thị Thư"
    user.save(update_fields=["full_name"])
    return user


@pytest.fixture
def council9(province: OrgUnit, secretary: User) -> CouncilSetup:
    return build_council(unit=province, secretary=secretary, size=9)


@pytest.fixture
def other_council(other_commune: OrgUnit) -> CouncilSetup:
    other_secretary = make_user("thu_ky_xa_khac", Role.COUNCIL_SECRETARY, other_commune)
    return build_council(unit=other_commune, secretary=other_secretary, size=3, prefix="khac",
                         name="Hội đồng Thi đua - Khen thưởng phường Phủ Lý")



@pytest.fixture(autouse=True)
def threshold_rules(request: pytest.FixtureRequest) -> None:
    """Put back the rules the data migration seeds.

    Transactional tests (browser and concurrency tests) flush every table when they end,
    migration data included, so a later test would otherwise fall back to the default rule.
    """
    uses_db = {"db", "transactional_db"} & set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None:
        if not uses_db:
            return
        request.getfixturevalue("db")
    seeding = importlib.import_module("vinhdanh.councils.migrations.0002_seed_threshold_rules")
    seeding.seed(django_apps, None)
