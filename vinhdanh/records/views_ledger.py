"""Web pages that write to the ledger: correct or revoke an entry, register a decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vinhdanh.accounts.policy import Action
from vinhdanh.core.errors import DomainError
from vinhdanh.core.money import format_vnd
from vinhdanh.people import selectors as people_selectors
from vinhdanh.people.models import Household, Person
from vinhdanh.records import selectors, services
from vinhdanh.records.awards import award_index
from vinhdanh.records.forms_ledger import (
    REVOCATION_BASIS,
    BaseLineFormSet,
    CorrectEntryForm,
    DecisionForm,
    RecordEntryForm,
    RevokeEntryForm,
    SourceFields,
    line_formset,
)
from vinhdanh.records.models import DecisionLine, Entry, EntryKind
from vinhdanh.units import selectors as unit_selectors
from vinhdanh.units.models import OrgUnit


def award_choices() -> list[tuple[str, Any]]:
    """Every award of the catalogue, titles and commendation forms in two groups."""
    awards = sorted(award_index().values(), key=lambda a: a.name)
    return [
        (_("Emulation titles"), [(a.code, a.name) for a in awards if a.is_title]),
        (_("Commendation forms"), [(a.code, a.name) for a in awards if not a.is_title]),
    ]


def _subject_name(entry: Entry) -> str:
    if entry.person is not None:
        return entry.person.full_name
    if entry.household is not None:
        return _("Household %(code)s") % {"code": entry.household.code}
    assert entry.collective is not None
    return entry.collective.name


def _history_url(entry: Entry) -> str:
    url = reverse(selectors.history_url_name(entry), args=[selectors.subject_pk(entry)])
    return f"{url}#entry-{entry.pk}"


def _show_error(form: Any, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _amend_page(request: HttpRequest, entry: Entry, form: SourceFields, template: str
                ) -> HttpResponse:
    award = award_index().get(entry.award_code)
    entry.award_name = award.name if award else entry.award_code  # type: ignore[attr-defined]
    return render(request, template, {
        "entry": entry, "form": form, "subject_name": _subject_name(entry),
        "history_url": _history_url(entry),
    })


def _ensure_current(entry: Entry) -> None:
    # A replaced entry or a revocation is history; acting on it would fork the chain.
    if entry.is_superseded or entry.operation == "revocation":  # type: ignore[attr-defined]
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def entry_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, pk)
    _ensure_current(entry)
    form = RevokeEntryForm(request.POST or None, issuers=selectors.list_issuer_choices(
        request.user), initial={"legal_basis": REVOCATION_BASIS})
    if request.method == "POST" and form.is_valid():
        ref = form.decision_ref()
        assert ref is not None
        try:
            revocation = services.revoke_entry(
                actor=request.user, entry=entry, source=ref,
                reason=form.cleaned_data["reason"], legal_basis=form.cleaned_data["legal_basis"])
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The entry was revoked; the record keeps both."))
            return redirect(_history_url(revocation))
    return _amend_page(request, entry, form, "records/entry_revoke.html")


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.get_entry_for_user(request.user, pk)
    _ensure_current(entry)
    form = CorrectEntryForm(request.POST or None, entry=entry, awards=award_choices(),
                            issuers=selectors.list_issuer_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.correct_entry(
                actor=request.user, entry=entry, data=form.entry_data(),
                source=form.decision_ref(), reason=form.cleaned_data["reason"],
                legal_basis=form.cleaned_data["legal_basis"])
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The correction was recorded; the record keeps both."))
            return redirect(_history_url(correction))
    return _amend_page(request, entry, form, "records/entry_correct.html")


def _entry_add(request: HttpRequest, subject: Person | Household | OrgUnit, name: str,
               history_url: str) -> HttpResponse:
    kind = request.GET.get("kind", "")
    context: dict[str, Any] = {"subject_name": name, "history_url": history_url,
                               "kinds": EntryKind.choices, "kind": kind}
    if kind not in EntryKind.values:
        return render(request, "records/entry_add.html", context)
    form = RecordEntryForm(request.POST or None, kind=kind, awards=award_choices(),
                           issuers=selectors.list_issuer_choices(request.user))
    if request.method == "POST" and form.is_valid():
        ref = form.decision_ref()
        assert ref is not None
        try:
            entry = services.record_entry(actor=request.user, subject=subject,
                                          data=form.entry_data(), source=ref)
        except DomainError as error:
            _show_error(form, error)
        else:
            messages.success(request, _("The entry was added to the record."))
            return redirect(_history_url(entry))
    context["form"] = form
    return render(request, "records/entry_add.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def person_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = people_selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    return _entry_add(request, person, person.full_name,
                      reverse("records:person_history", args=[person.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def household_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = people_selectors.get_household_for_user(request.user, pk,
                                                        action=Action.CHANGE_PERSON)
    return _entry_add(request, household, _("Household %(code)s") % {"code": household.code},
                      reverse("records:household_history", args=[household.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def unit_entry_add(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_selectors.get_unit_for_user(request.user, pk, action=Action.MANAGE_UNIT)
    return _entry_add(request, unit, unit.name, reverse("records:unit_history", args=[unit.pk]))


def _line_errors(formset: BaseLineFormSet, error: services.DecisionLinesInvalid,
                 used: list[int]) -> None:
    """Show each line problem under the line (and field) it concerns."""
    for problem in error.problems:
        form = formset.forms[used[problem.line - 1]]
        field = problem.field if problem.field in form.fields else None
        form.add_error(field, problem.message)


@login_required
@require_http_methods(["GET", "POST"])
def decision_create(request: HttpRequest) -> HttpResponse:
    issuers = selectors.list_issuer_choices(request.user)
    if not issuers:
        raise PermissionDenied
    subjects = selectors.subject_choices(request.user)
    data = request.POST if request.method == "POST" else None
    form = DecisionForm(data, issuers=issuers)
    formset = line_formset(data, subjects=subjects, awards=award_choices())
    if data is not None and "add_line" in data:
        # Another empty line, without JavaScript: re-render with one more form.
        extra = data.copy()
        total = int(extra.get("lines-TOTAL_FORMS", "0") or 0)
        extra["lines-TOTAL_FORMS"] = str(min(total + 1, 200))
        formset = line_formset(extra, subjects=subjects, awards=award_choices())
        return _decision_form_page(request, form, formset, validate=False)
    if data is not None and form.is_valid() and formset.is_valid():
        used = [i for i, line in enumerate(formset.forms)
                if line.has_changed() and line.cleaned_data.get("subject")]
        refs = [formset.forms[i].cleaned_data["subject"] for i in used]
        found = selectors.resolve_subjects(request.user, refs)
        lines: list[services.DecisionLineIn] = []
        for number, i in enumerate(used, start=1):
            line = formset.forms[i]
            subject = found.get(line.cleaned_data["subject"])
            if subject is None:
                line.add_error("subject", _(
                    "Line %(line)s, awardee: no person, household or collective of your units "
                    "has this reference.") % {"line": number})
                continue
            lines.append(services.DecisionLineIn(
                subject=subject, award_code=line.cleaned_data["award_code"],
                amount_vnd=line.cleaned_data["amount_vnd"] or 0,
                period_year=line.cleaned_data["period_year"]))
        if not used:
            form.add_error(None, _("Lines: a decision names at least one awardee."))
        elif len(lines) == len(used):
            try:
                decision = services.register_decision(
                    actor=request.user, number=form.cleaned_data["number"],
                    date=form.cleaned_data["date"], issuer=form.cleaned_data["issuer"],
                    signer_name=form.cleaned_data["signer_name"],
                    signer_title=form.cleaned_data["signer_title"],
                    commendation_type=form.cleaned_data["commendation_type"], lines=lines)
            except services.DecisionLinesInvalid as error:
                _line_errors(formset, error, used)
            except DomainError as error:
                _show_error(form, error)
            else:
                messages.success(request, _("Decision %(number)s was registered and its awards "
                                            "entered in the ledger.")
                                 % {"number": decision.number})
                return redirect("records:decision_detail", pk=decision.pk)
    return _decision_form_page(request, form, formset, validate=data is not None)


def _decision_form_page(request: HttpRequest, form: DecisionForm, formset: BaseLineFormSet,
                        *, validate: bool) -> HttpResponse:
    return render(request, "records/decision_form.html",
                  {"form": form, "formset": formset, "validate": validate})


def _line_history_url(line: DecisionLine) -> str:
    if line.person_id is not None:
        return reverse("records:person_history", args=[line.person_id])
    if line.household_id is not None:
        return reverse("records:household_history", args=[line.household_id])
    return reverse("records:unit_history", args=[line.collective_id])


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.get_decision_for_user(request.user, pk)
    names = award_index()
    lines = list(selectors.list_decision_lines(decision))
    for line in lines:
        award = names.get(line.award_code)
        line.award_name = award.name if award else line.award_code  # type: ignore[attr-defined]
        line.amount_display = format_vnd(line.amount_vnd)  # type: ignore[attr-defined]
        line.history_url = _line_history_url(line)  # type: ignore[attr-defined]
    amended = list(selectors.list_entries_amended_by(decision))
    for entry in amended:
        entry.subject_name = _subject_name(entry)  # type: ignore[attr-defined]
        entry.history_url = _history_url(entry)  # type: ignore[attr-defined]
    return render(request, "records/decision_detail.html", {
        "decision": decision, "lines": lines, "amended": amended,
        "total_display": format_vnd(decision.total_vnd or 0),  # type: ignore[attr-defined]
    })
