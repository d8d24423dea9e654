"""Pages of initiatives (sáng kiến): the list, recording one, and its recognition."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.movements import initiative_selectors as selectors
from vinhdanh.movements.forms_initiatives import InitiativeForm, RecognitionForm
from vinhdanh.movements.models import Initiative
from vinhdanh.movements.services.initiatives import recognise_initiative, register_initiative
from vinhdanh.movements.views_definitions import _fail


@login_required
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    return render(request, "movements/initiative_list.html", {
        "initiatives": selectors.list_initiatives(user=request.user),
        "may_record": bool(selectors.author_units(request.user)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    units = selectors.author_units(request.user)
    if not units:
        raise Http404
    form = InitiativeForm(request.POST or None, units=units,
                          people=selectors.author_choices(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = register_initiative(
                actor=request.user, unit=data["unit"], title=data["title"],
                scope=data["scope"], effect=data["effect"], authors=list(data["authors"]),
                description=data["description"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The initiative was recorded."))
            return redirect("movements:initiative_detail", pk=initiative.pk)
    return render(request, "movements/initiative_form.html", {"form": form},
                  status=400 if form.errors else 200)


def _detail(request: HttpRequest, initiative: Initiative,
            form: RecognitionForm | None = None) -> HttpResponse:
    bodies = [] if initiative.is_recognised else selectors.recognising_bodies(request.user,
                                                                               initiative)
    if form is None and bodies:
        form = RecognitionForm(bodies=bodies, initial={"body": bodies[0].pk})
    return render(request, "movements/initiative_detail.html", {
        "initiative": initiative, "form": form,
    }, status=400 if form is not None and form.errors else 200)


@login_required
@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.get_initiative_for_user(request.user, pk))


@login_required
@require_POST
def initiative_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = selectors.get_initiative_for_user(request.user, pk)
    bodies = selectors.recognising_bodies(request.user, initiative)
    if not bodies:
        raise Http404
    form = RecognitionForm(request.POST, bodies=bodies)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recognise_initiative(actor=request.user, initiative=initiative,
                                 number=data["number"], date=data["date"], body=data["body"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The recognition was recorded in each author's "
                                        "achievement ledger."))
            return redirect("movements:initiative_detail", pk=initiative.pk)
    return _detail(request, initiative, form)
