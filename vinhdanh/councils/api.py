"""REST endpoints for councils (mounted at /api/v1/councils/): results and receipt checks."""

from __future__ import annotations

from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from vinhdanh.councils import access
from vinhdanh.councils.results import compute_result
from vinhdanh.councils.services.ballots import receipt_counted

router = Router(tags=["councils"])


class PollItemResultOut(Schema):
    position: int
    label: str
    award_code: str
    yes: int
    no: int
    abstain: int
    invalid: int
    yes_pct_of_members: Decimal
    required_yes: int
    threshold: str
    passed: bool


class PollResultOut(Schema):
    poll_id: int
    members: int
    electronic_voters: int
    written_voters: int
    paper_ballots: int
    items: list[PollItemResultOut]


class ReceiptCheckIn(Schema):
    receipt: str


class ReceiptCheckOut(Schema):
    counted: bool


@router.get("/polls/{poll_id}/result", response=PollResultOut)
def poll_result(request: HttpRequest, poll_id: int) -> PollResultOut:
    """Return a closed poll's result; the secretary's only (others get 404)."""
    poll = access.get_poll_for_user(request.user, poll_id)
    if not access.is_secretary(request.user, poll.session.council):
        raise Http404
    result = compute_result(poll=poll)
    return PollResultOut(
        poll_id=result.poll_id, members=result.members,
        electronic_voters=result.electronic_voters, written_voters=result.written_voters,
        paper_ballots=result.paper_ballots,
        items=[PollItemResultOut(
            position=i.position, label=i.label, award_code=i.award_code, yes=i.total_yes,
            no=i.total_no, abstain=i.total_abstain, invalid=i.invalid,
            yes_pct_of_members=i.yes_pct, required_yes=i.required, threshold=i.threshold_text,
            passed=i.passed,
        ) for i in result.items],
    )


@router.post("/polls/{poll_id}/receipt-check", response=ReceiptCheckOut)
def receipt_check(request: HttpRequest, poll_id: int, payload: ReceiptCheckIn) -> ReceiptCheckOut:
    """Answer whether a ballot with this receipt is among the poll's recorded ballots."""
    poll = access.get_poll_for_user(request.user, poll_id)
    return ReceiptCheckOut(counted=receipt_counted(poll=poll, code=payload.receipt))
