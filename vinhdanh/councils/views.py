"""Council pages: a member's ballot and receipt check, the secretary's session sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.accounts.policy import Action, can
from vinhdanh.core.errors import DomainError
from vinhdanh.councils import access, selectors
from vinhdanh.councils.errors import AlreadyVoted
from vinhdanh.councils.forms import PollFromAgendaForm
from vinhdanh.councils.minutes import PdfConverterMissing
from vinhdanh.councils.models import AttendanceStatus, Choice, Membership, Poll
from vinhdanh.councils.results import compute_results
from vinhdanh.councils.services import setup
from vinhdanh.councils.services.ballots import cast_ballot, receipt_counted
from vinhdanh.councils.services.documents import produce_minutes
from vinhdanh.councils.services.polls import (
    PaperCounts,
    close_poll,
    open_poll,
    record_paper_tally,
    record_written_opinion,
)


def _choices_from(request: HttpRequest, poll: Poll) -> dict[int, str]:
    return {item.pk: request.POST.get(f"item_{item.pk}", "")
            for item in selectors.list_poll_items(poll=poll)}


def _secretary_poll(request: HttpRequest, pk: int) -> Poll:
    poll = access.get_poll_for_user(request.user, pk)
    if not access.is_secretary(request.user, poll.session.council):
        raise Http404
    return poll


@login_required
@require_GET
def council_list(request: HttpRequest) -> HttpResponse:
    councils = list(selectors.list_councils_for_user(user=request.user))
    return render(request, "councils/council_list.html", {
        "councils": councils,
        "managed": {c.pk for c in councils if can(request.user, Action.MANAGE_COUNCIL, c.unit)},
        "polls": list(selectors.list_open_polls_for_member(user=request.user)),
    })


# The POST body holds the choices: error reports must never include it.
@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Ballot form → confirmation → receipt (shown once, never stored in clear)."""
    poll = access.get_poll_for_user(request.user, pk)
    if not access.is_member(request.user, poll.session.council):
        raise Http404
    items = selectors.list_poll_items(poll=poll)
    context: dict[str, object] = {"poll": poll, "items": items, "choices": Choice.choices}
    if request.method == "POST":
        picked = _choices_from(request, poll)
        context["picked"] = picked
        context["rows"] = [(item, picked[item.pk], dict(Choice.choices).get(picked[item.pk], ""))
                           for item in items]
        missing = [item.label for item in items if picked[item.pk] not in Choice.values]
        if missing:
            context["error"] = _("Mark every item: %(items)s") % {"items": "; ".join(missing)}
        elif request.POST.get("confirm") == "1":
            try:
                receipt = cast_ballot(actor=request.user, poll=poll,  # type: ignore[arg-type]
                                      choices=picked)
            except PermissionDenied:
                raise Http404 from None
            except DomainError as error:
                context["error"] = error.message
            else:
                return render(request, "councils/receipt.html", {"poll": poll,
                                                                 "receipt": receipt})
        else:
            return render(request, "councils/vote_confirm.html", context)
    return render(request, "councils/vote.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for_user(request.user, pk)
    context: dict[str, object] = {"poll": poll}
    if request.method == "POST":
        code = request.POST.get("receipt", "").strip()
        context["code"] = code
        context["found"] = bool(code) and receipt_counted(poll=poll, code=code)
    return render(request, "councils/check_receipt.html", context)


@login_required
@require_GET
def session_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request.user, pk)
    runs = access.is_secretary(request.user, session.council)
    manages = access.may_manage(request.user, session.council)
    if not (runs or manages):
        raise Http404
    sheet = selectors.get_session_sheet(session=session)
    results = compute_results(polls=sheet.polls)
    polls = [(poll, results.get(poll.pk)) for poll in sheet.polls]
    absent = [row.membership for row in sheet.members
              if row.attendance in (AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED)]
    return render(request, "councils/session.html", {
        "sheet": sheet, "session": session, "polls": polls, "absent": absent,
        "attendance_choices": AttendanceStatus.choices, "choices": Choice.choices,
        "runs": runs, "manages": manages,
        "poll_form": PollFromAgendaForm(
            items=[(row.item.pk, str(row.item.line)) for row in sheet.agenda],
            initial={"items": [row.item.pk for row in sheet.agenda if not row.on_poll]}),
    })


def _back(poll: Poll) -> HttpResponse:
    return redirect("councils:session", poll.session_id)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request.user, pk)
    if not access.is_secretary(request.user, session.council):
        raise Http404
    statuses = {int(key[len("member_"):]): str(request.POST.get(key, ""))
                for key in request.POST
                if key.startswith("member_") and key[len("member_"):].isdigit()
                and request.POST.get(key)}
    try:
        setup.record_attendance(actor=request.user, session=session,  # type: ignore[arg-type]
                                statuses=statuses)
        messages.success(request, _("Attendance recorded."))
    except PermissionDenied:
        raise Http404 from None
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("councils:session", session.pk)


@login_required
@require_POST
def poll_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    poll = _secretary_poll(request, pk)
    service = {"open": open_poll, "close": close_poll}.get(action)
    if service is None:
        raise Http404
    try:
        service(actor=request.user, poll=poll)  # type: ignore[arg-type]
        messages.success(request, _("The poll is open.") if action == "open"
                         else _("The poll is closed."))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(poll)


def _count(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() else -1


@login_required
@require_POST
def paper_tally(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _secretary_poll(request, pk)
    counts = {
        item.pk: PaperCounts(*(_count(request, f"{kind}_{item.pk}")
                               for kind in ("yes", "no", "abstain", "invalid")))
        for item in selectors.list_poll_items(poll=poll)
    }
    try:
        record_paper_tally(actor=request.user, poll=poll,  # type: ignore[arg-type]
                           ballots_cast=_count(request, "ballots_cast"), counts=counts)
        messages.success(request, _("Paper tally recorded."))
    except DomainError as error:
        messages.error(request, error.message)
    return _back(poll)


@login_required
@require_POST
def written_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _secretary_poll(request, pk)
    membership = Membership.objects.filter(
        pk=_count(request, "membership"), term_id=poll.session.term_id
    ).select_related("user").first()
    if membership is None:
        messages.error(request, _("Choose the absent member."))
        return _back(poll)
    try:
        record_written_opinion(actor=request.user, poll=poll,  # type: ignore[arg-type]
                               membership=membership, choices=_choices_from(request, poll))
        messages.success(request, _("Written opinion of %(name)s recorded.")
                         % {"name": membership.user})
    except (DomainError, AlreadyVoted) as error:
        messages.error(request, error.message)
    return _back(poll)


@login_required
@require_GET
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _secretary_poll(request, pk)
    fmt = "pdf" if request.GET.get("format") == "pdf" else "docx"
    try:
        content, name, media = produce_minutes(actor=request.user,  # type: ignore[arg-type]
                                               poll=poll, fmt=fmt)
    except PdfConverterMissing:
        messages.error(request, _("PDF conversion is not available on this server "
                                  "(LibreOffice is missing); download the DOCX instead."))
        return _back(poll)
    except DomainError as error:
        messages.error(request, error.message)
        return _back(poll)
    response = HttpResponse(content, content_type=media)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
