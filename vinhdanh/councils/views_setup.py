"""Council setup pages: councils, terms, members, sessions, agendas and polls.

Thin views over services/setup.py and services/agenda.py. A council outside the
user's scope answers 404, never 403, so its existence does not leak.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, granted_unit_ids
from vinhdanh.core.errors import DomainError
from vinhdanh.councils import access, selectors
from vinhdanh.councils.forms import (
    AgendaAddForm,
    CouncilCreateForm,
    MemberForm,
    PollFromAgendaForm,
    SessionForm,
    TermForm,
)
from vinhdanh.councils.models import Membership, Term
from vinhdanh.councils.services import agenda as agenda_svc
from vinhdanh.councils.services import setup
from vinhdanh.nominations import selectors as nomination_selectors
from vinhdanh.units.models import OrgUnit


def _actor(request: HttpRequest) -> User:
    # login_required has run: the user is a real account.
    assert isinstance(request.user, User)
    return request.user


def _report(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request: HttpRequest) -> HttpResponse:
    ids = granted_unit_ids(request.user, Action.MANAGE_COUNCIL)
    units = [(u.pk, u.name) for u in OrgUnit.objects.filter(pk__in=ids).order_by("path")]
    if not units:
        raise PermissionDenied
    form = CouncilCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = OrgUnit.objects.get(pk=data["unit"])  # one of the choices: in scope
        try:
            council = setup.create_council(actor=_actor(request), unit=unit, kind=data["kind"],
                                           name=data["name"])
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Council created."))
            return redirect("councils:council", council.pk)
    return render(request, "councils/council_form.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    council = access.get_managed_council_for_user(request.user, pk)
    terms, sessions = selectors.get_council_sheet(council=council)
    users = [(u.pk, u.full_name or u.username)
             for u in selectors.list_member_candidates(council=council)]
    return render(request, "councils/council_detail.html", {
        "council": council, "terms": terms, "sessions": sessions,
        "term_form": TermForm(), "member_form": MemberForm(users=users),
        "session_form": SessionForm(),
    })


@login_required
@require_POST
def term_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = access.get_managed_council_for_user(request.user, pk)
    form = TermForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Term: enter the start date as dd/mm/yyyy (end date "
                                  "optional)."))
    else:
        try:
            setup.add_term(actor=_actor(request), council=council,
                           starts_on=form.cleaned_data["starts_on"],
                           ends_on=form.cleaned_data["ends_on"])
            messages.success(request, _("Term added."))
        except DomainError as error:
            _report(request, error)
    return redirect("councils:council", council.pk)


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    term = Term.objects.select_related("council__unit").filter(pk=pk).first()
    if term is None or not access.may_manage(request.user, term.council):
        raise Http404
    users = selectors.list_member_candidates(council=term.council)
    form = MemberForm(request.POST, users=[(u.pk, str(u)) for u in users])
    if not form.is_valid():
        messages.error(request, _("Member: choose a person and a role."))
    else:
        member = users.get(pk=form.cleaned_data["user"])
        try:
            setup.add_member(actor=_actor(request), term=term, user=member,
                             role=form.cleaned_data["role"])
            messages.success(request, _("%(name)s appointed.") % {"name": member})
        except DomainError as error:
            _report(request, error)
    return redirect("councils:council", term.council_id)


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = (Membership.objects.select_related("council__unit", "user")
                  .filter(pk=pk).first())
    if membership is None or not access.may_manage(request.user, membership.council):
        raise Http404
    agenda_svc.end_membership(actor=_actor(request), membership=membership)
    messages.success(request, _("The seat of %(name)s has ended.") % {"name": membership.user})
    return redirect("councils:council", membership.council_id)


@login_required
@require_POST
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = access.get_managed_council_for_user(request.user, pk)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Session: enter the date as dd/mm/yyyy."))
        return redirect("councils:council", council.pk)
    try:
        session = setup.create_session(actor=_actor(request), council=council,
                                       date=form.cleaned_data["date"],
                                       place=form.cleaned_data["place"])
    except DomainError as error:
        _report(request, error)
        return redirect("councils:council", council.pk)
    messages.success(request, _("Session scheduled."))
    return redirect("councils:session", session.pk)


@login_required
@require_POST
def poll_create(request: HttpRequest, pk: int) -> HttpResponse:
    session = access.get_session_for_user(request.user, pk)
    if not access.may_manage(request.user, session.council):
        raise Http404
    agenda = selectors.list_agenda(session=session)
    form = PollFromAgendaForm(request.POST, items=[(i.pk, str(i.line)) for i in agenda])
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("councils:session", session.pk)
    chosen = set(form.cleaned_data["items"])
    try:
        polls = agenda_svc.create_polls_from_agenda(
            actor=_actor(request), session=session,
            items=[i for i in agenda if i.pk in chosen], mode=form.cleaned_data["mode"],
            voting_method=form.cleaned_data["voting_method"],
            title=form.cleaned_data["title"])
        messages.success(request, _("%(n)s poll(s) prepared; open them when the council "
                                    "votes.") % {"n": len(polls)})
    except DomainError as error:
        _report(request, error)
    return redirect("councils:session", session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    """From a proposal's appraisal page: put its lines on a council session's agenda."""
    proposal = nomination_selectors.get_proposal_for_user(request.user, pk)
    sessions = list(selectors.list_sessions_for_agenda(user=request.user,
                                                       to_unit=proposal.to_unit))
    lines = list(selectors.list_votable_lines(proposal=proposal))
    form = AgendaAddForm(
        request.POST or None,
        sessions=[(s.pk, f"{s.council.name} — {s.date:%d/%m/%Y}") for s in sessions],
        lines=[(line.pk, f"{line.nominee_name} — {line.award_name}") for line in lines])
    if request.method == "POST":
        if not sessions:
            raise Http404
        if form.is_valid():
            session = next(s for s in sessions if s.pk == form.cleaned_data["session"])
            chosen = set(form.cleaned_data["lines"])
            try:
                added = agenda_svc.add_to_agenda(
                    actor=_actor(request), session=session,
                    lines=[line for line in lines if line.pk in chosen])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(n)s nominee(s) put on the agenda.")
                                 % {"n": len(added)})
                return redirect("councils:session", session.pk)
    return render(request, "councils/agenda_add.html", {
        "proposal": proposal, "form": form, "sessions": sessions, "lines": lines,
    })


@login_required
@require_POST
def agenda_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.get_agenda_item_for_user(request.user, pk)
    try:
        agenda_svc.remove_from_agenda(actor=_actor(request), item=item)
        messages.success(request, _("Taken off the agenda."))
    except DomainError as error:
        _report(request, error)
    return redirect("councils:session", item.session_id)
