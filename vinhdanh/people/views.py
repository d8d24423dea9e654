"""Web pages for persons, employment and households: parse, call one service, render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.middleware import HtmxDetails

from vinhdanh.accounts.policy import Action, can, granted_paths
from vinhdanh.core.errors import DomainError
from vinhdanh.people import selectors, services
from vinhdanh.people.forms import (
    EmploymentForm,
    EndEmploymentForm,
    HouseholdForm,
    MemberForm,
    PersonForm,
    PositionForm,
)
from vinhdanh.people.models import Person

if TYPE_CHECKING:
    from vinhdanh.people.models import Household
    from vinhdanh.units.models import OrgUnit

HEAD_CHOICES_LIMIT = 20


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _unit_param(request: HttpRequest) -> OrgUnit | None:
    """The optional `?unit=<id>` narrowing a list to a subtree (404 outside the user's scope)."""
    raw = request.GET.get("unit", "")
    return selectors.get_unit_for_user(request.user, int(raw)) if raw.isdigit() else None


def _form_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


# --- persons -------------------------------------------------------------------------------


@login_required
@require_GET
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    unit = _unit_param(request)
    page = selectors.search_people(user=request.user, q=q, unit=unit,
                                   page=request.GET.get("page", 1))
    context = {
        "page": page, "q": q, "unit": unit,
        "may_create": bool(granted_paths(request.user, Action.CHANGE_PERSON)),
    }
    if request.htmx:
        return render(request, "people/partials/person_table.html", context)
    return render(request, "people/person_list.html", context)


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_user(request.user, pk)
    may_change = can(request.user, Action.CHANGE_PERSON, person.unit)
    current = [e for e in person.employment_history if e.end is None]  # type: ignore[attr-defined]
    employment_form = EmploymentForm()
    if may_change:
        employment_form.set_unit_choices(selectors.list_assignable_units(user=request.user))
    return render(
        request,
        "people/person_detail.html",
        {
            "person": person,
            "may_change": may_change,
            "current_employments": current,
            "position_forms": [
                (e, PositionForm(initial={"position": e.position, "is_leader": e.is_leader},
                                 prefix=f"e{e.pk}"))
                for e in current
            ],
            "employment_form": employment_form,
            "end_form": EndEmploymentForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, initial={"unit": request.GET.get("unit")})
    form.set_unit_choices(selectors.list_assignable_units(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Person %(name)s was created.") % {"name": person})
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    form = PersonForm(request.POST or None, initial=PersonForm.initial_for(person))
    form.set_unit_choices(selectors.list_assignable_units(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


# --- employment ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def employment_add(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    form = EmploymentForm(request.POST or None)
    form.set_unit_choices(selectors.list_assignable_units(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_employment(actor=request.user, person=person, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The employment period was added."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/employment_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
def employment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.get_employment_for_user(request.user, pk)
    prefix = f"e{employment.pk}"
    initial = {"position": employment.position, "is_leader": employment.is_leader}
    form = PositionForm(request.POST or None, initial=initial, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employment(actor=request.user, employment=employment,
                                       **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The position was changed."))
            return redirect("people:detail", pk=employment.person_id)
    return render(
        request, "people/position_form.html",
        {"form": form, "employment": employment, "person": employment.person},
    )


@login_required
@require_POST
def employment_end(request: HttpRequest, pk: int) -> HttpResponse:
    employment = selectors.get_employment_for_user(request.user, pk)
    form = EndEmploymentForm(request.POST)
    if form.is_valid():
        try:
            services.end_employment(actor=request.user, employment=employment,
                                    end=form.cleaned_data["end"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The employment period was closed."))
    else:
        messages.error(request, _("End date: enter a date as dd/mm/yyyy."))
    return redirect("people:detail", pk=employment.person_id)


# --- households ----------------------------------------------------------------------------


@login_required
@require_GET
def household_list(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    unit = _unit_param(request)
    page = selectors.search_households(user=request.user, q=q, unit=unit,
                                       page=request.GET.get("page", 1))
    context = {"page": page, "q": q, "unit": unit}
    if request.htmx:
        return render(request, "people/partials/household_table.html", context)
    return render(request, "people/household_list.html", context)


@login_required
@require_GET
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request.user, pk)
    may_change = can(request.user, Action.CHANGE_PERSON, household.unit)
    member_q = request.GET.get("member_q", "")
    candidates: list[tuple[Person, MemberForm]] = []
    if may_change and member_q.strip():
        found = selectors.search_people(user=request.user, q=member_q, per_page=10)
        candidates = [
            (person, MemberForm(initial={"person": person.pk}, prefix=f"p{person.pk}"))
            for person in found
        ]
    return render(
        request,
        "people/household_detail.html",
        {"household": household, "may_change": may_change, "member_q": member_q,
         "candidates": candidates},
    )


def _household_form(request: HttpRequest, household: Household | None) -> HouseholdForm:
    if household is None:
        initial: dict[str, object] = {
            "head": request.GET.get("head"), "unit": request.GET.get("unit")
        }
    else:
        initial = {"code": household.code, "unit": household.unit_id,
                   "head": household.head_id, "address": household.address}
    form = HouseholdForm(request.POST or None, initial=initial)
    form.set_unit_choices(selectors.list_assignable_units(user=request.user))
    if household is not None:
        heads = [row.person for row in household.member_rows]  # type: ignore[attr-defined]
    else:
        heads = list(selectors.search_people(user=request.user, q=request.GET.get("head_q", ""),
                                             per_page=HEAD_CHOICES_LIMIT))
        chosen = request.POST.get("head") or request.GET.get("head")
        if chosen and chosen.isdigit() and all(p.pk != int(chosen) for p in heads):
            extra = selectors.list_people(user=request.user).filter(pk=int(chosen)).first()
            heads += [extra] if extra is not None else []
    form.set_head_choices(heads)
    return form


@login_required
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    form = _household_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.create_household(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Household %(code)s was created.") % {"code": household})
            return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html",
                  {"form": form, "household": None, "head_q": request.GET.get("head_q", "")})


@login_required
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    form = _household_form(request, household)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_household(actor=request.user, household=household,
                                      **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html", {"form": form, "household": household})


@login_required
@require_POST
def household_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    person_pk = request.POST.get("person", "")
    person = selectors.get_person_for_user(request.user, int(person_pk)) if (
        person_pk.isdigit()) else None
    relation = request.POST.get("relation", "")
    if person is None:
        messages.error(request, _("Choose a person to add."))
    else:
        try:
            services.add_household_member(actor=request.user, household=household,
                                          person=person, relation=relation)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(name)s was added to the household.") % {"name": person})
    return redirect("people:household_detail", pk=household.pk)


@login_required
@require_POST
def household_member_remove(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    person = selectors.get_person_for_user(request.user, person_pk)
    try:
        services.remove_household_member(actor=request.user, household=household, person=person)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s was removed from the household.") % {"name": person})
    return redirect("people:household_detail", pk=household.pk)
