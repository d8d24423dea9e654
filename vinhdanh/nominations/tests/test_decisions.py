"""Public notice, decisions with their numbers and money, ledger entries, revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.core.errors import DomainError, ValidationFailed
from vinhdanh.eligibility.engine.model import CommendationReceived, TitleConferred
from vinhdanh.eligibility.history import load_subject
from vinhdanh.nominations.errors import NoticeRunning, RateLimited
from vinhdanh.nominations.models import (
    CommentStatus,
    LineStatus,
    Proposal,
    ProposalStatus,
    PublicComment,
    RecoveryRecord,
)
from vinhdanh.nominations.services import decisions, notices
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.people.models import Person
from vinhdanh.records.models import Entry, Operation

P = ProposalStatus
L = LineStatus
BASIS = "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định 152/2025/NĐ-CP"


def issue(proposal: Proposal, actor: User, day: dt.date | None = None) -> str:
    issued = decisions.issue_decision(actor=actor, proposal=proposal, legal_basis=BASIS,
                                      signer_name="Trần Văn Nam", signer_title="Chủ tịch",
                                      decision_date=day)
    return issued.decision.number


def test_notice_blocks_the_decision_until_its_period_ends(
        in_appraisal: Proposal, province_officer: User, system_admin: User) -> None:
    line = in_appraisal.lines.get()
    svc.appraise_line(actor=province_officer, line=line, approve=True, comment="Đạt")
    with time_machine.travel(dt.datetime(2026, 2, 10, 2, tzinfo=dt.UTC), tick=False):
        notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
        assert (notice.working_days, notice.ends_on) == (10, dt.date(2026, 3, 3))
        comment = notices.submit_comment(notice=notice, name="Lê Văn C",
                                         contact="0912 345 678", text="Đề nghị xem xét lại",
                                         client_address="203.0.113.5")
        assert comment is not None
    with time_machine.travel(dt.datetime(2026, 3, 3, 2, tzinfo=dt.UTC), tick=False), \
            pytest.raises(NoticeRunning, match="03/03/2026"):
        decisions.forward_to_decider(actor=province_officer, proposal=in_appraisal)
    with time_machine.travel(dt.datetime(2026, 3, 4, 2, tzinfo=dt.UTC), tick=False):
        decisions.forward_to_decider(actor=province_officer, proposal=in_appraisal)
        number = issue(in_appraisal, system_admin)
    assert number == "1/QĐ-UBND"
    assert list(PublicComment.objects.filter(notice__proposal=in_appraisal)) == [comment]


def test_issue_refuses_while_a_notice_runs(awaiting_decision: Proposal,
                                           system_admin: User) -> None:
    from vinhdanh.nominations.models import PublicNotice

    today = dt.date.today()
    PublicNotice.objects.create(proposal=awaiting_decision, starts_on=today,
                                ends_on=today + dt.timedelta(days=20), working_days=10)
    with pytest.raises(NoticeRunning):
        issue(awaiting_decision, system_admin)


def test_honeypot_is_discarded_and_rate_limit_applies(in_appraisal: Proposal,
                                                      province_officer: User) -> None:
    notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
    kwargs: dict[str, Any] = {"notice": notice, "name": "A", "contact": "a@example.vn",
                              "text": "Góp ý"}
    assert notices.submit_comment(**kwargs, client_address="198.51.100.1",
                                  honeypot="http://spam") is None
    for _ in range(notices.COMMENTS_PER_HOUR):
        notices.submit_comment(**kwargs, client_address="198.51.100.1")
    with pytest.raises(RateLimited):
        notices.submit_comment(**kwargs, client_address="198.51.100.1")
    # Another address is not affected.
    assert notices.submit_comment(**kwargs, client_address="198.51.100.2") is not None
    assert PublicComment.objects.count() == notices.COMMENTS_PER_HOUR + 1


def test_moderation_is_the_receivers(in_appraisal: Proposal, province_officer: User,
                                     outsider: User) -> None:
    notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
    comment = notices.submit_comment(notice=notice, name="A", contact="0912", text="Góp ý",
                                     client_address="198.51.100.1")
    assert comment is not None
    with pytest.raises(PermissionDenied):
        notices.moderate_comment(actor=outsider, comment=comment, status=CommentStatus.PUBLISHED)
    notices.moderate_comment(actor=province_officer, comment=comment,
                             status=CommentStatus.PUBLISHED, answer="Đã tiếp thu")
    comment.refresh_from_db()
    assert (comment.status, comment.answer) == (CommentStatus.PUBLISHED, "Đã tiếp thu")


def test_issuing_numbers_pays_and_writes_the_ledger(
        awaiting_decision: Proposal, system_admin: User, province_officer: User,
        person: Person) -> None:
    with pytest.raises(PermissionDenied):
        issue(awaiting_decision, province_officer)
    with pytest.raises(ValidationFailed):
        decisions.issue_decision(actor=system_admin, proposal=awaiting_decision,
                                 legal_basis=" ", signer_name="X", signer_title="Y")
    number = issue(awaiting_decision, system_admin, dt.date(2026, 1, 15))
    assert number == "1/QĐ-UBND"
    awaiting_decision.refresh_from_db()
    assert awaiting_decision.status == P.DECIDED
    line = awaiting_decision.lines.get()
    assert line.status == L.AWARDED
    # Giấy khen for an individual: 0.3 × 2,340,000 = 702,000 → 710,000 đ (rounded up).
    assert (line.amount_vnd, line.base_salary_vnd) == (710_000, 2_340_000)
    assert line.decision_line is not None
    assert line.decision_line.amount_vnd == 710_000
    entry = Entry.objects.get(decision_line=line.decision_line)
    assert (entry.person_id, entry.award_code, entry.year) == (person.pk, "giay_khen", 2025)
    assert entry.decision is not None
    assert entry.decision.number == "1/QĐ-UBND"


def test_numbers_are_consecutive_per_issuer_and_year(
        commune_officer: User, province_officer: User, system_admin: User,
        commune: object, province: object, person: Person) -> None:
    from vinhdanh.nominations.tests.conftest import make_person, make_proposal

    numbers = []
    for n in range(3):
        # A person is awarded a form once per period (Law 06/2022 Art 5(2)(c)).
        nominee = make_person(commune_officer, commune, f"Phạm Văn {n}")  # type: ignore[arg-type]
        proposal = make_proposal(commune_officer, commune, province, [nominee])  # type: ignore[arg-type]
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.accept_proposal(actor=province_officer, proposal=proposal)
        svc.appraise_line(actor=province_officer, line=proposal.lines.get(), approve=True)
        decisions.forward_to_decider(actor=province_officer, proposal=proposal)
        numbers.append(issue(proposal, system_admin))
    assert numbers == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]


def test_nothing_to_decide_without_approved_lines(in_appraisal: Proposal,
                                                  province_officer: User,
                                                  system_admin: User) -> None:
    line = in_appraisal.lines.get()
    svc.hold_line(actor=province_officer, line=line, reason="Đang thanh tra")
    decisions.forward_to_decider(actor=province_officer, proposal=in_appraisal)
    with pytest.raises(DomainError, match="thẩm định đạt"):
        issue(in_appraisal, system_admin)


def test_revocation_marks_the_ledger_and_records_recovery(
        awaiting_decision: Proposal, system_admin: User, person: Person) -> None:
    issue(awaiting_decision, system_admin)
    line = awaiting_decision.lines.get()
    history = load_subject(person, year=2025)
    assert any(isinstance(r, CommendationReceived | TitleConferred) for r in history.record)
    with pytest.raises(ValidationFailed):
        decisions.revoke_line(actor=system_admin, line=line, reason="Khai man",
                              legal_basis="Điều 93 Luật 06/2022/QH15",
                              amount_recovered_vnd=10_000_000)
    record = decisions.revoke_line(
        actor=system_admin, line=line, reason="Khai man thành tích",
        legal_basis="Điều 93 Luật Thi đua, khen thưởng 06/2022/QH15",
        amount_recovered_vnd=710_000, items_returned="Giấy khen (bản gốc)",
        recovered_on=dt.date.today())
    line.refresh_from_db()
    assert line.status == L.REVOKED
    assert record.revocation_entry.operation == Operation.REVOCATION
    assert RecoveryRecord.objects.get(line=line).amount_recovered_vnd == 710_000
    # Eligibility no longer counts the revoked award.
    history = load_subject(person, year=2025)
    assert not any(isinstance(r, CommendationReceived | TitleConferred)
                   for r in history.record)


def test_orders_need_a_public_notice_before_the_decision(
        commune_officer: User, province_officer: User, commune: object, province: object,
        person: Person) -> None:
    from vinhdanh.nominations.tests.conftest import make_proposal

    proposal = make_proposal(commune_officer, commune, province, [person],  # type: ignore[arg-type]
                             award="huan_chuong_lao_dong_hang_ba")
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    svc.accept_proposal(actor=province_officer, proposal=proposal)
    with pytest.raises(DomainError, match="công khai"):
        decisions.forward_to_decider(actor=province_officer, proposal=proposal)
    with time_machine.travel(dt.datetime(2026, 2, 10, 2, tzinfo=dt.UTC), tick=False):
        notices.open_notice(actor=province_officer, proposal=proposal)
    with time_machine.travel(dt.datetime(2026, 3, 4, 2, tzinfo=dt.UTC), tick=False):
        decisions.forward_to_decider(actor=province_officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == P.AWAITING_DECISION
