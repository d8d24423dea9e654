"""The transition tables, reasons, eligibility snapshots and working-day deadlines."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.core.calendar import working_days_between
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.nominations import procedure
from vinhdanh.nominations.errors import DossierIncomplete, ForbiddenTransition, ReasonRequired
from vinhdanh.nominations.models import (
    LineStatus,
    NomineeLine,
    Proposal,
    ProposalStatus,
    TransitionLog,
    Verdict,
)
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.tests.conftest import make_person
from vinhdanh.nominations.workflow import (
    LINE_TRANSITIONS,
    PROPOSAL_TRANSITIONS,
    Side,
    allowed_targets,
    ensure_transition,
)
from vinhdanh.people.models import Person
from vinhdanh.units.models import OrgUnit

P = ProposalStatus
L = LineStatus


@pytest.fixture
def actors(commune_officer: User, province_officer: User, system_admin: User
           ) -> dict[Side, User]:
    return {Side.SENDER: commune_officer, Side.RECEIVER: province_officer,
            Side.DECIDER: system_admin}


def test_every_allowed_proposal_transition_passes_for_its_side_only(
        proposal: Proposal, actors: dict[Side, User], outsider: User) -> None:
    for (frm, to), side in PROPOSAL_TRANSITIONS.items():
        proposal.status = frm
        ensure_transition(proposal, to=to, actor=actors[side])
        with pytest.raises(PermissionDenied):
            ensure_transition(proposal, to=to, actor=outsider)
    # The commune officer cannot act for the province's desk.
    proposal.status = P.SUBMITTED
    with pytest.raises(PermissionDenied):
        ensure_transition(proposal, to=P.RECEIVED, actor=actors[Side.SENDER])


def test_every_allowed_line_transition_passes(proposal: Proposal,
                                              actors: dict[Side, User]) -> None:
    line = proposal.lines.get()
    proposal.status = P.APPRAISAL
    line.proposal = proposal
    for (frm, to), side in LINE_TRANSITIONS.items():
        line.status = frm
        ensure_transition(line, to=to, actor=actors[side])


@pytest.mark.parametrize(("frm", "to"), [
    (P.DRAFT, P.DECIDED), (P.DRAFT, P.RECEIVED), (P.SUBMITTED, P.APPRAISAL),
    (P.RECEIVED, P.DECIDED), (P.APPRAISAL, P.DECIDED), (P.DECIDED, P.DRAFT),
    (P.NOTIFIED, P.DECIDED), (P.WITHDRAWN, P.SUBMITTED), (P.RETURNED, P.APPRAISAL),
])
def test_forbidden_proposal_transitions_are_refused_in_vietnamese(
        proposal: Proposal, system_admin: User, frm: P, to: P) -> None:
    proposal.status = frm
    with pytest.raises(ForbiddenTransition, match="Không thể chuyển"):
        ensure_transition(proposal, to=to, actor=system_admin)


def test_forbidden_line_transitions(proposal: Proposal, system_admin: User) -> None:
    line = proposal.lines.get()
    proposal.status = P.APPRAISAL
    for frm, to in [(L.PROPOSED, L.AWARDED), (L.REJECTED, L.AWARDED), (L.REVOKED, L.AWARDED),
                    (L.HOLD, L.AWARDED), (L.AWARDED, L.PROPOSED)]:
        line.status = frm
        with pytest.raises(ForbiddenTransition):
            ensure_transition(line, to=to, actor=system_admin)
    # Lines cannot be appraised while the proposal is still a draft.
    proposal.status = P.DRAFT
    line.status = L.PROPOSED
    with pytest.raises(ForbiddenTransition):
        ensure_transition(line, to=L.APPROVED, actor=system_admin)


def test_buttons_offer_only_the_users_moves(proposal: Proposal, commune_officer: User,
                                            province_officer: User) -> None:
    assert allowed_targets(proposal, commune_officer) == [P.SUBMITTED, P.WITHDRAWN]
    proposal.status = P.RECEIVED
    assert allowed_targets(proposal, commune_officer) == []
    assert allowed_targets(proposal, province_officer) == [
        P.SUPPLEMENT_REQUESTED, P.RETURNED, P.APPRAISAL]


def test_return_and_supplement_require_a_reason_and_log_it(
        proposal: Proposal, commune_officer: User, province_officer: User) -> None:
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    with pytest.raises(ReasonRequired):
        svc.return_proposal(actor=province_officer, proposal=proposal, reason="  ")
    with pytest.raises(ReasonRequired):
        svc.request_supplement(actor=province_officer, proposal=proposal, reason="")
    svc.request_supplement(actor=province_officer, proposal=proposal,
                           reason="Thiếu biên bản họp Hội đồng")
    proposal.refresh_from_db()
    assert proposal.status == P.SUPPLEMENT_REQUESTED
    log = TransitionLog.objects.filter(proposal=proposal).last()
    assert log is not None
    assert log.reason == "Thiếu biên bản họp Hội đồng"
    assert log.actor == province_officer
    svc.resubmit_proposal(actor=commune_officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == P.RECEIVED


def test_submit_refuses_an_incomplete_dossier_naming_line_and_component(
        commune_officer: User, commune: OrgUnit, province: OrgUnit, person: Person) -> None:
    proposal = svc.create_proposal(actor=commune_officer, unit=commune, to_unit=province,
                                   title="Tờ trình", year=2025)
    svc.add_line(actor=commune_officer, proposal=proposal, subject=person,
                 award_code="giay_khen", achievement="Thành tích")
    with pytest.raises(DossierIncomplete, match=r"Dòng 1 .*Nguyễn Thị Hoa.*Tờ trình"):
        svc.submit_proposal(actor=commune_officer, proposal=proposal)


def test_not_eligible_line_is_kept_only_with_a_reason(
        commune_officer: User, commune: OrgUnit, province: OrgUnit, person: Person) -> None:
    proposal = svc.create_proposal(actor=commune_officer, unit=commune, to_unit=province,
                                   title="Tờ trình", year=2025)
    # No initiative nor excellent rating in the ledger: CSTĐ cơ sở is not eligible.
    with pytest.raises(ValidationFailed, match="không đủ điều kiện"):
        svc.add_line(actor=commune_officer, proposal=proposal, subject=person,
                     award_code="chien_si_thi_dua_co_so", achievement="Thành tích")
    line = svc.add_line(actor=commune_officer, proposal=proposal, subject=person,
                        award_code="chien_si_thi_dua_co_so", achievement="Thành tích",
                        not_eligible_reason="Sáng kiến đang chờ công nhận")
    assert line.verdict == Verdict.NOT_ELIGIBLE
    assert line.not_eligible_reason == "Sáng kiến đang chờ công nhận"
    assert any(row["status"] == "failed" for row in line.verdict_lines)
    assert line.verdict_rule_set == "decree_152_2025"
    assert list(line.items.values_list("component", flat=True)) == [
        c.code for c in procedure.components_for("chien_si_thi_dua_co_so")]


def test_line_outside_the_proposing_unit_is_refused(
        commune_officer: User, outsider: User, commune: OrgUnit, other_commune: OrgUnit,
        province: OrgUnit) -> None:
    stranger = make_person(outsider, other_commune, "Trần Văn Bình")
    proposal = svc.create_proposal(actor=commune_officer, unit=commune, to_unit=province,
                                   title="Tờ trình", year=2025)
    with pytest.raises(ValidationFailed, match="không thuộc"):
        svc.add_line(actor=commune_officer, proposal=proposal, subject=stranger,
                     award_code="giay_khen", achievement="Thành tích")
    with pytest.raises(PermissionDenied):
        svc.add_line(actor=outsider, proposal=proposal, subject=stranger,
                     award_code="giay_khen", achievement="Thành tích")


def test_deadline_across_tet_counts_working_days() -> None:
    # Tết Bính Ngọ 2026: offices close 14–22/02/2026.
    assert procedure.due_date(dt.date(2026, 2, 10), 10) == dt.date(2026, 3, 3)
    assert working_days_between(dt.date(2026, 3, 3), dt.date(2026, 3, 5)) == 2


def test_accepting_starts_the_appraisal_clock(proposal: Proposal, commune_officer: User,
                                              province_officer: User) -> None:
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, tzinfo=dt.UTC), tick=False):
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.accept_proposal(actor=province_officer, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.status == P.APPRAISAL
    assert proposal.received_complete_on == dt.date(2026, 2, 10)
    # 20 working days for a province (procedure.yaml), Tết excluded.
    assert proposal.appraisal_working_days == 20
    assert proposal.due_on == dt.date(2026, 3, 17)


def test_hold_and_release_return_the_line_where_it_was(
        in_appraisal: Proposal, province_officer: User) -> None:
    line = in_appraisal.lines.get()
    svc.appraise_line(actor=province_officer, line=line, approve=True, comment="Đạt")
    with pytest.raises(ReasonRequired):
        svc.hold_line(actor=province_officer, line=line, reason="")
    svc.hold_line(actor=province_officer, line=line, reason="Đơn tố cáo đang xác minh")
    line.refresh_from_db()
    assert line.status == L.HOLD
    svc.release_line(actor=province_officer, line=line, reason="Kết luận không vi phạm")
    line.refresh_from_db()
    assert line.status == L.APPROVED


def test_rejecting_a_line_needs_a_comment(in_appraisal: Proposal,
                                          province_officer: User) -> None:
    line = in_appraisal.lines.get()
    with pytest.raises(ReasonRequired):
        svc.appraise_line(actor=province_officer, line=line, approve=False)
    svc.appraise_line(actor=province_officer, line=line, approve=False,
                      comment="Thành tích chưa tiêu biểu")
    line.refresh_from_db()
    assert (line.status, line.appraisal_comment) == (L.REJECTED, "Thành tích chưa tiêu biểu")


def test_escalation_opens_a_linked_proposal_carrying_the_dossier(
        in_appraisal: Proposal, province_officer: User, system_admin: User,
        province: OrgUnit) -> None:
    from vinhdanh.units.models import UnitKind
    from vinhdanh.units.tree import insert_unit

    # A central body above the province receives the escalated nominee.
    ministry = insert_unit(code="BNV", name="Bộ Nội vụ", kind=UnitKind.MINISTRY,
                           valid_from=dt.date(2025, 7, 1))
    line = in_appraisal.lines.get()
    with pytest.raises(PermissionDenied):
        svc.escalate_line(actor=province_officer, line=line, to_unit=ministry, reason="x")
    copy = svc.escalate_line(actor=system_admin, line=line, to_unit=ministry,
                             reason="Vượt thẩm quyền: đề nghị Bằng khen của Thủ tướng")
    line.refresh_from_db()
    assert line.status == L.ESCALATED
    upper = copy.proposal
    assert (upper.parent, upper.unit, upper.to_unit) == (in_appraisal, province, ministry)
    assert copy.origin == line
    assert upper.status == P.DRAFT
    assert sorted(copy.items.values_list("attachment", flat=True)) == sorted(
        line.items.values_list("attachment", flat=True))
    assert isinstance(copy, NomineeLine)
