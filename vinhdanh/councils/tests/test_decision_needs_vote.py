"""A title the council votes on is decided only after a vote that reached its threshold.

Chiến sĩ thi đua cơ sở needs 80 % of the council's whole membership (awards.yaml
approval_rules; Decree 98/2023 Art 30(7)): with five members, four votes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.accounts.testing import login_verified
from vinhdanh.councils.approval import line_votes, vote_required_awards
from vinhdanh.councils.models import Choice, Poll
from vinhdanh.councils.services.ballots import cast_ballot
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup, build_council, make_line_poll
from vinhdanh.nominations.errors import CouncilVoteRequired
from vinhdanh.nominations.models import (
    DecisionCounter,
    IssuedDecision,
    LineStatus,
    NomineeLine,
    Proposal,
    ProposalStatus,
)
from vinhdanh.nominations.services import decisions
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.tests.conftest import make_person, make_proposal
from vinhdanh.records.models import Decision, Entry
from vinhdanh.units.models import OrgUnit

FIGHTER = "chien_si_thi_dua_co_so"
BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP"


@pytest.fixture
def fighters(commune_officer: User, province_officer: User, commune: OrgUnit,
             province: OrgUnit, settings: Any, tmp_path: Path) -> Proposal:
    """Two grassroots emulation fighters proposed by the ward, under appraisal."""
    settings.MEDIA_ROOT = tmp_path / "media"
    people = [make_person(commune_officer, commune, name)
              for name in ("Nguyễn Văn An", "Lê Thị Bình")]
    proposal = make_proposal(commune_officer, commune, province, people, award=FIGHTER)
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    return svc.accept_proposal(actor=province_officer, proposal=proposal)


@pytest.fixture
def council5(province: OrgUnit, secretary: User) -> CouncilSetup:
    return build_council(unit=province, secretary=secretary, size=5)


def _lines(proposal: Proposal) -> list[NomineeLine]:
    return list(proposal.lines.select_related("proposal__to_unit").order_by("position"))


def _vote(cs: CouncilSetup, lines: list[NomineeLine], yes: int) -> Poll:
    """The first `yes` members vote for every line, the others against."""
    poll = open_poll(actor=cs.secretary, poll=make_line_poll(cs, lines))
    items = list(poll.items.all())
    for index, member in enumerate(cs.members):
        choice = Choice.YES if index < yes else Choice.NO
        cast_ballot(actor=member, poll=poll, choices={item.pk: choice for item in items})
    return close_poll(actor=cs.secretary, poll=poll)


def _to_decider(proposal: Proposal, officer: User) -> Proposal:
    for line in proposal.lines.all():
        svc.appraise_line(actor=officer, line=line, approve=True, comment="Đạt tiêu chuẩn")
    return decisions.forward_to_decider(actor=officer, proposal=proposal)


def _issue(proposal: Proposal, actor: User) -> str:
    issued = decisions.issue_decision(actor=actor, proposal=proposal, legal_basis=BASIS,
                                      signer_name="Trần Văn Nam", signer_title="Chủ tịch",
                                      decision_date=dt.date(2026, 1, 20))
    return issued.decision.number


def _nothing_decided(proposal: Proposal) -> None:
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.AWAITING_DECISION
    assert not Decision.objects.exists()
    assert not Entry.objects.exists()
    assert not IssuedDecision.objects.exists()
    # No decision number was consumed: the next issue still gets number 1.
    assert not DecisionCounter.objects.filter(last_number__gt=0).exists()
    assert set(proposal.lines.values_list("status", flat=True)) == {LineStatus.APPROVED}


def test_the_titles_of_the_approval_rules_need_a_vote() -> None:
    assert {FIGHTER, "chien_si_thi_dua_bo_tinh", "co_thi_dua_bo_tinh"} <= vote_required_awards()
    assert "giay_khen" not in vote_required_awards()


def test_no_vote_no_decision(fighters: Proposal, province_officer: User,
                             system_admin: User) -> None:
    proposal = _to_decider(fighters, province_officer)
    with pytest.raises(CouncilVoteRequired) as refused:
        _issue(proposal, system_admin)
    message = refused.value.message
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở" in message
    assert "Lê Thị Bình — Chiến sĩ thi đua cơ sở" in message
    # The refusal says what the vote must reach: 80 % of all members for this title.
    assert "cần ≥ 80% tổng số thành viên" in message
    _nothing_decided(proposal)


def test_an_award_without_a_council_vote_is_decided_without_a_poll(
        commune_officer: User, province_officer: User, system_admin: User,
        commune: OrgUnit, province: OrgUnit, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    person = make_person(commune_officer, commune, "Phạm Thị Cúc")
    proposal = make_proposal(commune_officer, commune, province, [person], award="giay_khen")
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    proposal = _to_decider(svc.accept_proposal(actor=province_officer, proposal=proposal),
                           province_officer)
    assert not Poll.objects.exists()
    assert _issue(proposal, system_admin) == "1/QĐ-UBND"
    assert Entry.objects.filter(award_code="giay_khen").count() == 1


def test_a_vote_short_of_the_threshold_is_not_enough(
        fighters: Proposal, council5: CouncilSetup, province_officer: User,
        system_admin: User) -> None:
    _vote(council5, _lines(fighters), yes=3)  # 60 % of five members; 80 % needs four
    proposal = _to_decider(fighters, province_officer)
    with pytest.raises(CouncilVoteRequired) as refused:
        _issue(proposal, system_admin)
    assert "3" in refused.value.message
    assert "≥ 80%" in refused.value.message
    _nothing_decided(proposal)


def test_a_passed_vote_lets_the_decision_through(
        fighters: Proposal, council5: CouncilSetup, province_officer: User,
        system_admin: User) -> None:
    _vote(council5, _lines(fighters), yes=4)  # exactly 80 % of all members
    proposal = _to_decider(fighters, province_officer)
    assert _issue(proposal, system_admin) == "1/QĐ-UBND"
    assert set(proposal.lines.values_list("status", flat=True)) == {LineStatus.AWARDED}
    assert Entry.objects.filter(award_code=FIGHTER).count() == 2


def test_one_unvoted_line_holds_the_decision_and_is_named(
        fighters: Proposal, council5: CouncilSetup, province_officer: User,
        system_admin: User) -> None:
    first, second = _lines(fighters)
    _vote(council5, [first], yes=5)
    proposal = _to_decider(fighters, province_officer)
    with pytest.raises(CouncilVoteRequired) as refused:
        _issue(proposal, system_admin)
    assert second.nominee_name in refused.value.message
    assert first.nominee_name not in refused.value.message
    _nothing_decided(proposal)


def test_vote_standing_is_read_in_constant_queries(
        fighters: Proposal, council5: CouncilSetup, django_assert_num_queries: Any) -> None:
    lines = _lines(fighters)
    _vote(council5, lines, yes=5)
    pairs = [(line.pk, line.award_code) for line in lines]
    # 1 closed poll items on the lines with their polls; 2 items with paper tallies;
    # 3 secret choices counted; 4 written opinions counted; 5 voter roll counted.
    with django_assert_num_queries(5):
        votes = line_votes(pairs)
    assert all(vote.passed and vote.result is not None for vote in votes.values())
    # Lines whose award needs no vote cost no query at all.
    with django_assert_num_queries(0):
        assert line_votes([(10**6, "giay_khen")])[10**6].passed


def test_the_decision_page_says_why_it_refused(
        client: Client, fighters: Proposal, province_officer: User,
        system_admin: User) -> None:
    proposal = _to_decider(fighters, province_officer)
    login_verified(client, system_admin)
    response = client.post(reverse("nominations:decide", args=[proposal.pk]), {
        "decision_date": "20/01/2026", "legal_basis": BASIS, "signer_name": "Trần Văn Nam",
        "signer_title": "Chủ tịch"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Hội đồng Thi đua" in page
    assert "Nguyễn Văn An — Chiến sĩ thi đua cơ sở" in page
    # Before submitting again, the officer sees which lines still wait for the council.
    assert page.count("Chưa qua Hội đồng") == 2
    _nothing_decided(proposal)


def test_the_proposal_page_marks_lines_the_council_passed(
        client: Client, fighters: Proposal, council5: CouncilSetup,
        province_officer: User) -> None:
    first, _second = _lines(fighters)
    _vote(council5, [first], yes=5)
    client.force_login(province_officer)
    page = client.get(reverse("nominations:detail", args=[fighters.pk])).content.decode()
    assert page.count("Đã qua Hội đồng") == 1
    assert page.count("Chưa qua Hội đồng") == 1
