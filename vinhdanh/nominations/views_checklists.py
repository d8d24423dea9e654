"""Pages where a province or ministry keeps its own dossier lists (services.checklists)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, unit_filter
from vinhdanh.core.errors import DomainError
from vinhdanh.eligibility.panel import bundled_levels
from vinhdanh.nominations import procedure
from vinhdanh.nominations.forms import ChecklistForm
from vinhdanh.nominations.models import ChecklistOverride
from vinhdanh.nominations.services import checklists
from vinhdanh.units.models import OrgUnit


def _owned_units(user: User) -> list[OrgUnit]:
    return list(OrgUnit.objects.filter(unit_filter(user, Action.APPRAISE_NOMINATION, field=""),
                                       kind__in=checklists.OWNERS, valid_to__isnull=True)
                .order_by("name")[:200])


@login_required
@require_http_methods(["GET", "POST"])
def checklist_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    units = _owned_units(request.user)
    if not units:
        # The page is for the emulation boards of provinces and ministries.
        raise PermissionDenied
    choices = [(u.pk, u.name) for u in units]
    form = ChecklistForm(request.POST or None, units=choices)
    if request.method == "POST" and form.is_valid():
        unit = next(u for u in units if u.pk == form.cleaned_data["unit"])
        try:
            checklists.set_checklist(actor=request.user, unit=unit,
                                     award_code=form.cleaned_data["award_code"],
                                     items_text=form.cleaned_data["items"])
        except DomainError as error:
            form.add_error("items", error.message)
        else:
            messages.success(request, _("Dossier list saved."))
            return redirect("nominations:checklists")
    award = request.GET.get("award", "")
    if request.method == "GET" and award in bundled_levels():
        form.initial = {"award_code": award, "items": checklists.items_as_text(
            procedure.components_for(award))}
    overrides = list(ChecklistOverride.objects.filter(unit__in=units)
                     .select_related("unit", "updated_by").order_by("unit__name", "award_code"))
    return render(request, "nominations/checklists.html",
                  {"form": form, "overrides": overrides})


@login_required
@require_POST
def checklist_clear(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)
    override = ChecklistOverride.objects.filter(
        pk=pk, unit__in=_owned_units(request.user)).select_related("unit").first()
    if override is None:
        raise Http404
    checklists.clear_checklist(actor=request.user, override=override)
    messages.success(request, _("The national dossier list applies again."))
    return redirect("nominations:checklists")
