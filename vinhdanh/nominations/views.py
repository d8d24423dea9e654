"""Officer pages of the nominations workflow: thin wrappers over services and selectors."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.councils.approval import line_votes
from vinhdanh.eligibility.selectors import get_sweep_for_user, list_sweep_awards
from vinhdanh.nominations import selectors
from vinhdanh.nominations.forms import (
    CertificateForm,
    DecisionForm,
    LineAddForm,
    ModerateForm,
    ProposalCreateForm,
    ProposalFromSweepForm,
    ReasonForm,
    RevokeForm,
    SignForm,
    UploadForm,
)
from vinhdanh.nominations.models import LineStatus, Proposal, ProposalStatus
from vinhdanh.nominations.services import decisions, notices
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.services.from_sweep import create_proposal_from_sweep
from vinhdanh.nominations.workflow import (
    EDITABLE_BY_SENDER,
    LINE_TRANSITIONS,
    Side,
    allowed_targets,
    may_act,
)

P = ProposalStatus
L = LineStatus
#: Moves that send a written reason back to the proposing unit (asked for in a modal).
REASON_TARGETS = frozenset({P.SUPPLEMENT_REQUESTED, P.RETURNED, P.NOT_AWARDED})


#: What each proposal move's button says: the act, not the status it leads to.
MOVE_LABELS: dict[tuple[str, str], Any] = {
    (P.DRAFT, P.SUBMITTED): gettext_lazy("Submit to the deciding level"),
    (P.DRAFT, P.WITHDRAWN): gettext_lazy("Withdraw the proposal"),
    (P.SUBMITTED, P.RECEIVED): gettext_lazy("Receive"),
    (P.SUBMITTED, P.DRAFT): gettext_lazy("Recall to draft"),
    (P.RECEIVED, P.SUPPLEMENT_REQUESTED): gettext_lazy("Request a supplement"),
    (P.RECEIVED, P.RETURNED): gettext_lazy("Return the proposal"),
    (P.RECEIVED, P.APPRAISAL): gettext_lazy("Accept the complete dossier and appraise"),
    (P.SUPPLEMENT_REQUESTED, P.RECEIVED): gettext_lazy("Resubmit with the supplement"),
    (P.RETURNED, P.DRAFT): gettext_lazy("Rework as a draft"),
    (P.APPRAISAL, P.SUPPLEMENT_REQUESTED): gettext_lazy("Request a supplement"),
    (P.APPRAISAL, P.PUBLIC_NOTICE): gettext_lazy("Publish for public comment"),
    (P.APPRAISAL, P.AWAITING_DECISION): gettext_lazy("Submit for decision"),
    (P.PUBLIC_NOTICE, P.AWAITING_DECISION): gettext_lazy("Submit for decision"),
    (P.PUBLIC_NOTICE, P.APPRAISAL): gettext_lazy("Back to appraisal"),
    (P.AWAITING_DECISION, P.APPRAISAL): gettext_lazy("Back to appraisal"),
    (P.AWAITING_DECISION, P.NOT_AWARDED): gettext_lazy("Decline (no award)"),
    (P.DECIDED, P.NOTIFIED): gettext_lazy("Record that the decision was sent"),
}
#: Moves made by a form of their own rather than a button (the decision form).
FORM_ONLY_TARGETS = frozenset({P.DECIDED})


@dataclass(frozen=True)
class Move:
    value: str
    label: str


def _moves(proposal: Proposal, user: Any) -> list[Move]:
    current = proposal.status
    return [Move(target.value, str(MOVE_LABELS.get((current, target), target.label)))
            for target in allowed_targets(proposal, user) if target not in FORM_ONLY_TARGETS]


def _detail_url(proposal_id: int) -> str:
    return reverse("nominations:detail", args=[proposal_id])


def _run(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Call a service; show its domain error as a message instead of failing."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, done)
    return True


@login_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status and status not in P.values:
        status = ""
    # Paginated by slicing: the newest proposals first.
    proposals = list(selectors.list_proposals(request.user, status=status)
                     [: selectors.PAGE_SIZE])
    template = ("nominations/partials/proposal_table.html"
                if getattr(request, "htmx", False) else "nominations/proposal_list.html")
    return render(request, template, {"proposals": proposals, "status": status,
                                      "statuses": P.choices})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_create(request: HttpRequest) -> HttpResponse:
    units = list(selectors.sender_units(request.user))
    if not units:
        raise Http404
    unit = units[0]
    choices = selectors.deciding_unit_choices(request.user, unit)
    form = ProposalCreateForm(request.POST or None, units=choices,
                              initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_unit = next(u for u in selectors.deciding_unit_candidates(unit)
                       if u.pk == data["to_unit"])
        try:
            proposal = svc.create_proposal(
                actor=request.user, unit=unit, to_unit=to_unit,
                title=data["title"], year=data["year"], kind=data["kind"],
                letter_number=data["letter_number"], letter_date=data["letter_date"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            return redirect(_detail_url(proposal.pk))
    return render(request, "nominations/proposal_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def proposal_from_sweep(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft a proposal naming everyone an eligibility sweep found for one award."""
    run = get_sweep_for_user(request.user, pk)
    form = ProposalFromSweepForm(
        request.POST or None, awards=list_sweep_awards(run),
        units=selectors.deciding_unit_choices(request.user, run.unit),
        initial={"year": timezone.localdate().year - 1,
                 "achievement": _("Met the conditions of the award (eligibility sweep of "
                                  "%(date)s).") % {"date": f"{run.created_at:%d/%m/%Y}"}})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        to_unit = next(u for u in selectors.deciding_unit_candidates(run.unit)
                       if u.pk == data["to_unit"])
        try:
            proposal = create_proposal_from_sweep(
                actor=request.user, run=run, award_code=data["award_code"], to_unit=to_unit,
                title=data["title"], year=data["year"], achievement=data["achievement"],
                include_confirmation=data["include_confirmation"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Proposal drafted with %(n)s nominee(s) from the sweep.")
                             % {"n": proposal.lines.count()})
            return redirect(_detail_url(proposal.pk))
    return render(request, "nominations/proposal_from_sweep.html", {"form": form, "run": run})


def _line_actions(user: Any, proposal: Proposal, status: str) -> list[str]:
    return [to for (frm, to), side in LINE_TRANSITIONS.items()
            if frm == status and to not in {L.AWARDED, L.NOT_AWARDED, L.REVOKED}
            and may_act(user, proposal, side)]


@login_required
@require_GET
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    lines = list(selectors.list_lines(proposal))
    lines_open = proposal.status in {P.RECEIVED, P.APPRAISAL, P.PUBLIC_NOTICE,
                                     P.AWAITING_DECISION}
    # Titles the council votes on show whether it passed them while a decision is ahead
    # (no query unless such a line is there; councils.approval).
    votes = (line_votes([(line.pk, line.award_code) for line in lines
                         if line.status not in (L.REJECTED, L.ESCALATED)])
             if lines_open else {})
    rows = [{"line": line,
             "actions": _line_actions(request.user, proposal, line.status) if lines_open else [],
             "can_revoke": line.status == L.AWARDED
             and may_act(request.user, proposal, Side.DECIDER),
             "vote": votes.get(line.pk)}
            for line in lines]
    log = list(selectors.list_log(proposal))
    # The written reason the proposing unit must act on, shown above everything else.
    sent_back = next((entry.reason for entry in reversed(log)
                      if entry.line_id is None and entry.to_status == proposal.status
                      and entry.reason), "") if proposal.status in REASON_TARGETS else ""
    return render(request, "nominations/proposal_detail.html", {
        "proposal": proposal,
        "sent_back": sent_back,
        "rows": rows,
        "targets": _moves(proposal, request.user),
        "issued": selectors.get_issued_for_proposal(proposal),
        "reason_targets": REASON_TARGETS,
        "can_edit": proposal.status in EDITABLE_BY_SENDER
        and may_act(request.user, proposal, Side.SENDER),
        "is_receiver": may_act(request.user, proposal, Side.RECEIVER),
        "can_decide": proposal.status == P.AWAITING_DECISION
        and may_act(request.user, proposal, Side.DECIDER),
        "log": log,
        "notices": list(selectors.list_notices(proposal)),
        "upload_form": UploadForm(), "reason_form": ReasonForm(),
        "decision_form": DecisionForm(initial={"decision_date": timezone.localdate()}),
        "revoke_form": RevokeForm(), "moderate_form": ModerateForm(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    if not may_act(request.user, proposal, Side.SENDER):
        raise PermissionDenied
    form = LineAddForm(request.POST or None, subjects=selectors.subject_choices(proposal),
                       awards=selectors.award_choices(proposal))
    line = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subject = selectors.resolve_subject(proposal, data["subject"])
        try:
            line = svc.add_line(actor=request.user, proposal=proposal,
                                subject=subject,
                                award_code=data["award_code"], achievement=data["achievement"],
                                not_eligible_reason=data["not_eligible_reason"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Nominee added; the verdict is shown in the list."))
            return redirect(_detail_url(proposal.pk))
    return render(request, "nominations/line_form.html",
                  {"form": form, "proposal": proposal, "line": line})


@login_required
@require_POST
def item_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for_user(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
    else:
        _run(request, lambda: svc.attach_file(actor=request.user, item=item,
                                              upload=form.cleaned_data["attachment"]),
             _("File attached."))
    return redirect(_detail_url(item.line.proposal_id))


#: Proposal moves offered as buttons, by target status.
PROPOSAL_MOVES: dict[str, Callable[..., object]] = {
    P.SUBMITTED: lambda actor, proposal, reason: svc.submit_proposal(actor=actor,
                                                                     proposal=proposal),
    P.WITHDRAWN: lambda actor, proposal, reason: svc.withdraw_proposal(actor=actor,
                                                                       proposal=proposal),
    P.DRAFT: lambda actor, proposal, reason: svc.reopen_proposal(actor=actor, proposal=proposal),
    P.SUPPLEMENT_REQUESTED: lambda actor, proposal, reason: svc.request_supplement(
        actor=actor, proposal=proposal, reason=reason),
    P.RETURNED: lambda actor, proposal, reason: svc.return_proposal(
        actor=actor, proposal=proposal, reason=reason),
    P.APPRAISAL: lambda actor, proposal, reason: svc.accept_proposal(actor=actor,
                                                                     proposal=proposal),
    P.PUBLIC_NOTICE: lambda actor, proposal, reason: notices.open_notice(
        actor=actor, proposal=proposal, intro=reason),
    P.AWAITING_DECISION: lambda actor, proposal, reason: decisions.forward_to_decider(
        actor=actor, proposal=proposal),
    P.NOT_AWARDED: lambda actor, proposal, reason: decisions.decline_proposal(
        actor=actor, proposal=proposal, reason=reason),
    P.NOTIFIED: lambda actor, proposal, reason: decisions.notify_proposal(actor=actor,
                                                                          proposal=proposal),
}


@login_required
@require_POST
def proposal_move(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    target = request.POST.get("to", "")
    reason = request.POST.get("reason", "")
    if target == P.RECEIVED:
        move: Callable[..., object] = (
            (lambda actor, proposal, reason: svc.receive_proposal(actor=actor,
                                                                  proposal=proposal))
            if proposal.status == P.SUBMITTED else
            (lambda actor, proposal, reason: svc.resubmit_proposal(actor=actor,
                                                                   proposal=proposal)))
    elif target in PROPOSAL_MOVES:
        move = PROPOSAL_MOVES[target]
    else:
        raise Http404
    _run(request, lambda: move(request.user, proposal, reason), _("Status updated."))
    return redirect(_detail_url(proposal.pk))


@login_required
@require_POST
def line_move(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.get_line_for_user(request.user, pk)
    target = request.POST.get("to", "")
    reason = request.POST.get("reason", "")
    actions: dict[str, Callable[[], object]] = {
        L.APPROVED: lambda: (svc.release_line(actor=request.user, line=line, reason=reason)
                             if line.status == L.HOLD and line.status_before_hold == L.APPROVED
                             else svc.appraise_line(actor=request.user, line=line, approve=True,
                                                    comment=reason)),
        L.REJECTED: lambda: svc.appraise_line(actor=request.user, line=line, approve=False,
                                              comment=reason),
        L.HOLD: lambda: svc.hold_line(actor=request.user, line=line, reason=reason),
        L.PROPOSED: lambda: (svc.release_line(actor=request.user, line=line, reason=reason)
                             if line.status == L.HOLD else
                             svc.reconsider_line(actor=request.user, line=line, reason=reason)),
        L.ESCALATED: lambda: svc.escalate_line(actor=request.user, line=line, reason=reason),
    }
    if target not in actions:
        raise Http404
    _run(request, actions[target], _("Nominee updated."))
    return redirect(_detail_url(line.proposal_id))


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.get_proposal_for_user(request.user, pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the decision date, signer and legal basis."))
        return redirect(_detail_url(proposal.pk))
    data = form.cleaned_data
    _run(request, lambda: decisions.issue_decision(
        actor=request.user, proposal=proposal, legal_basis=data["legal_basis"],
        signer_name=data["signer_name"], signer_title=data["signer_title"],
        decision_date=data["decision_date"]), _("Decision issued."))
    return redirect(_detail_url(proposal.pk))


@login_required
@require_POST
def line_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.get_line_for_user(request.user, pk)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Check the reason, legal basis and amounts."))
        return redirect(_detail_url(line.proposal_id))
    data = form.cleaned_data
    _run(request, lambda: decisions.revoke_line(
        actor=request.user, line=line, reason=data["reason"], legal_basis=data["legal_basis"],
        amount_recovered_vnd=data["amount_recovered_vnd"],
        items_returned=data["items_returned"], recovered_on=data["recovered_on"]),
        _("Award revoked."))
    return redirect(_detail_url(line.proposal_id))


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.get_comment_for_user(request.user, pk)
    form = ModerateForm(request.POST)
    if form.is_valid():
        _run(request, lambda: notices.moderate_comment(
            actor=request.user, comment=comment, status=form.cleaned_data["status"],
            answer=form.cleaned_data["answer"]), _("Comment updated."))
    return redirect(_detail_url(comment.notice.proposal_id))


@login_required
@require_GET
def overdue_board(request: HttpRequest) -> HttpResponse:
    rows = selectors.list_overdue(request.user)
    return render(request, "nominations/overdue.html", {"rows": rows})


@login_required
@require_GET
def decision_list(request: HttpRequest) -> HttpResponse:
    decisions_ = list(selectors.list_issued_decisions(request.user)[: selectors.PAGE_SIZE])
    return render(request, "nominations/decision_list.html", {"decisions": decisions_})


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    lines = list(selectors.list_decided_lines(issued))
    return render(request, "nominations/decision_detail.html",
                  {"issued": issued, "lines": lines, "sign_form": SignForm(),
                   "certificate_form": CertificateForm()})
