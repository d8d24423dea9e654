"""Web pages of the organisation tree: parse, call one selector or service, render."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from vinhdanh.accounts.policy import Action, can
from vinhdanh.core.errors import DomainError
from vinhdanh.units import selectors, services
from vinhdanh.units.forms import AddSuccessorForm, AsOfForm, UnitCreateForm, UnitEditForm
from vinhdanh.units.models import ADMINISTRATIVE_KINDS, LinkRole


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _form_error(form: forms.Form, exc: DomainError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _as_of(request: HttpRequest) -> tuple[dt.date | None, bool]:
    """Return the requested date (None: every period) and whether the input was valid."""
    form = AsOfForm(request.GET)
    if form.is_valid():
        day: dt.date | None = form.cleaned_data["as_of"]
        return day, True
    return None, False


@login_required
@require_GET
def unit_list(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    as_of, as_of_ok = _as_of(request)
    if q:
        units = selectors.search_units(request.user, q, on=as_of)
    else:
        units = selectors.list_scope_roots(request.user, on=as_of)
    page = Paginator(units, settings.PAGE_SIZE).get_page(request.GET.get("page", 1))
    context = {"page": page, "q": q, "as_of": as_of, "as_of_ok": as_of_ok}
    if request.htmx:
        return render(request, "units/partials/unit_results.html", context)
    return render(request, "units/unit_list.html", context)


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk)
    as_of, as_of_ok = _as_of(request)
    children = Paginator(selectors.list_children(unit, on=as_of), settings.PAGE_SIZE).get_page(
        request.GET.get("page", 1)
    )
    lineage = selectors.list_lineage(unit)
    may_lineage = services.can_edit_lineage(request.user, unit)
    today = timezone.localdate()
    return render(request, "units/unit_detail.html", {
        "unit": unit,
        "children": children,
        "as_of": as_of,
        "as_of_ok": as_of_ok,
        "today": today,
        # Nothing new hangs below a unit that has ceased to exist.
        "may_add_below": can(request.user, Action.MANAGE_UNIT, unit)
        and (unit.valid_to is None or unit.valid_to > today),
        "came_from": [e for e in lineage if any(u.pk == unit.pk for u in e.successors)],
        "became": [e for e in lineage if any(u.pk == unit.pk for u in e.predecessors)],
        "may_manage": can(request.user, Action.MANAGE_UNIT, unit),
        "may_lineage": may_lineage,
        "predecessor": LinkRole.PREDECESSOR,
    })


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest, parent_pk: int) -> HttpResponse:
    parent = selectors.get_unit_for_user(request.user, parent_pk, action=Action.MANAGE_UNIT)
    form = UnitCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(actor=request.user, parent=parent, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Unit %(name)s was created.") % {"name": unit.name})
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "parent": parent,
                                                    "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.get_unit_for_user(request.user, pk, action=Action.MANAGE_UNIT)
    form = UnitEditForm(request.POST or None,
                        initial={"name": unit.name, "address": unit.address})
    if unit.kind in ADMINISTRATIVE_KINDS and not services.can_edit_lineage(request.user, unit):
        # An official name changes by resolution, entered at province level; the
        # commune's own officer may still correct the address.
        form.fields["name"].disabled = True
        form.fields["effective_date"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(actor=request.user, unit=unit, **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("units:detail", pk=unit.pk)
    return render(request, "units/unit_form.html", {"form": form, "parent": unit.parent,
                                                    "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def add_successor(request: HttpRequest, change_pk: int) -> HttpResponse:
    change = selectors.get_change_for_user(request.user, change_pk)
    links = change.all_links  # type: ignore[attr-defined]
    if not any(services.can_edit_lineage(request.user, link.unit) for link in links):
        raise PermissionDenied
    form = AddSuccessorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["successor_code"].strip()
        try:
            successor = selectors.get_unit_for_user_by_code(
                request.user, code, on=change.effective_date
            )
        except Http404:
            form.add_error("successor_code", _(
                "No unit in your scope has code %(code)s on %(day)s."
            ) % {"code": code, "day": change.effective_date.strftime("%d/%m/%Y")})
        else:
            try:
                services.add_successor(actor=request.user, change=change, successor=successor,
                                       complete=form.cleaned_data["complete"])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("The successor %(name)s was added.")
                                 % {"name": successor.name})
                return redirect("units:detail", pk=links[0].unit_id)
    return render(request, "units/add_successor.html", {
        "form": form, "change": change,
        "predecessors": [link.unit for link in links if link.role == LinkRole.PREDECESSOR],
        "successors": [link.unit for link in links if link.role == LinkRole.SUCCESSOR],
    })
