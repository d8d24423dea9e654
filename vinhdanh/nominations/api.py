"""REST endpoints of the nominations workflow (mounted at /api/v1/nominations/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from vinhdanh.nominations import selectors
from vinhdanh.nominations.models import IssuedDecision, NomineeLine, Proposal, ProposalKind
from vinhdanh.nominations.services import proposals as svc

router = Router(tags=["nominations"])


class ProposalOut(Schema):
    id: int
    title: str
    kind: str
    year: int
    status: str
    unit_id: int
    unit_name: str
    to_unit_id: int
    to_unit_name: str
    letter_number: str
    letter_date: dt.date | None
    received_complete_on: dt.date | None
    due_on: dt.date | None
    parent_id: int | None
    line_count: int


class NomineeLineOut(Schema):
    id: int
    position: int
    nominee_name: str
    subject_kind: str
    award_code: str
    award_name: str
    achievement: str
    verdict: str
    verdict_lines: list[dict[str, Any]]
    not_eligible_reason: str
    status: str
    appraisal_comment: str
    amount_vnd: int | None
    base_salary_vnd: int | None
    missing_components: list[str]


class ProposalDetailOut(ProposalOut):
    lines: list[NomineeLineOut]


class ProposalCreateIn(Schema):
    unit_id: int
    to_unit_id: int
    title: str
    year: int
    kind: str = ProposalKind.ANNUAL
    letter_number: str = ""
    letter_date: dt.date | None = None


class LineAddIn(Schema):
    subject: str  # "p:<person id>", "h:<household id>" or "c:<unit id>"
    award_code: str
    achievement: str
    not_eligible_reason: str = ""


class DecisionOut(Schema):
    id: int
    number: str
    date: dt.date
    issuer_name: str
    signer_name: str
    legal_basis: str
    proposal_id: int


def _proposal_out(proposal: Proposal, line_count: int) -> dict[str, Any]:
    return {
        "id": proposal.pk, "title": proposal.title, "kind": proposal.kind,
        "year": proposal.year, "status": proposal.status, "unit_id": proposal.unit_id,
        "unit_name": proposal.unit.name, "to_unit_id": proposal.to_unit_id,
        "to_unit_name": proposal.to_unit.name, "letter_number": proposal.letter_number,
        "letter_date": proposal.letter_date,
        "received_complete_on": proposal.received_complete_on, "due_on": proposal.due_on,
        "parent_id": proposal.parent_id, "line_count": line_count,
    }


def _line_out(line: NomineeLine) -> dict[str, Any]:
    return {
        "id": line.pk, "position": line.position, "nominee_name": line.nominee_name,
        "subject_kind": line.subject_kind, "award_code": line.award_code,
        "award_name": line.award_name, "achievement": line.achievement,
        "verdict": line.verdict, "verdict_lines": line.verdict_lines,
        "not_eligible_reason": line.not_eligible_reason, "status": line.status,
        "appraisal_comment": line.appraisal_comment, "amount_vnd": line.amount_vnd,
        "base_salary_vnd": line.base_salary_vnd,
        "missing_components": [item.component for item in line.items.all()
                               if item.required and not item.attachment],
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    lines = [_line_out(line) for line in selectors.list_lines(proposal)]
    return {**_proposal_out(proposal, len(lines)), "lines": lines}


@router.get("/proposals", response=list[ProposalOut])
def list_proposals(request: HttpRequest, status: str = "", offset: int = 0,
                   limit: int = selectors.PAGE_SIZE) -> list[dict[str, Any]]:
    limit = max(1, min(limit, 200))
    rows = selectors.list_proposals(request.user, status=status)[offset:offset + limit]
    return [_proposal_out(p, p.line_count) for p in rows]  # type: ignore[attr-defined]


@router.get("/proposals/{pk}", response=ProposalDetailOut)
def get_proposal(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(request, pk)


@router.post("/proposals", response={201: ProposalDetailOut})
def create_proposal(request: HttpRequest, payload: ProposalCreateIn
                    ) -> Status[dict[str, Any]]:
    # Units outside the user's scope answer 404, like any object they cannot see.
    unit = selectors.sender_units(request.user).filter(pk=payload.unit_id).first()
    if unit is None:
        raise Http404
    to_unit = next((u for u in selectors.deciding_unit_candidates(unit)
                    if u.pk == payload.to_unit_id), None)
    if to_unit is None:
        raise Http404
    proposal = svc.create_proposal(
        actor=request.user, unit=unit, to_unit=to_unit, title=payload.title,
        year=payload.year, kind=payload.kind, letter_number=payload.letter_number,
        letter_date=payload.letter_date)
    return Status(201, _detail(request, proposal.pk))


@router.post("/proposals/{pk}/lines", response={201: NomineeLineOut})
def add_line(request: HttpRequest, pk: int, payload: LineAddIn) -> Status[dict[str, Any]]:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    subject = selectors.resolve_subject(proposal, payload.subject)
    line = svc.add_line(actor=request.user, proposal=proposal,
                        subject=subject,
                        award_code=payload.award_code, achievement=payload.achievement,
                        not_eligible_reason=payload.not_eligible_reason)
    return Status(201, _line_out(line))


@router.get("/proposals/{pk}/lines", response=list[NomineeLineOut])
def list_lines(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    return [_line_out(line) for line in selectors.list_lines(proposal)]


@router.post("/proposals/{pk}/submit", response=ProposalDetailOut)
def submit_proposal(request: HttpRequest, pk: int) -> dict[str, Any]:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    svc.submit_proposal(actor=request.user, proposal=proposal)
    return _detail(request, pk)


def _decision_out(issued: IssuedDecision) -> dict[str, Any]:
    return {"id": issued.pk, "number": issued.decision.number, "date": issued.decision.date,
            "issuer_name": issued.proposal.to_unit.name,
            "signer_name": issued.decision.signer_name, "legal_basis": issued.legal_basis,
            "proposal_id": issued.proposal_id}


@router.get("/decisions", response=list[DecisionOut])
def list_decisions(request: HttpRequest, offset: int = 0,
                   limit: int = selectors.PAGE_SIZE) -> list[dict[str, Any]]:
    limit = max(1, min(limit, 200))
    rows = selectors.list_issued_decisions(request.user)[offset:offset + limit]
    return [_decision_out(issued) for issued in rows]

