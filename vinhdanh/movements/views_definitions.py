"""Pages that define a movement: the movement itself, its units, indicators, rules, clusters.

Each view parses a form and calls one service; the services check permissions again.
Every page is reserved to officers who may manage the movement (404 for anyone else, so
the movement's existence does not leak beyond who may already see it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.movements import rollup, selectors, services
from vinhdanh.movements import setup_selectors as setup
from vinhdanh.movements.forms_definitions import (
    ClusterForm,
    ClusterYearForm,
    CriteriaGroupForm,
    CriterionForm,
    IndicatorForm,
    MovementForm,
    ParticipantsForm,
    RuleForm,
)
from vinhdanh.movements.models import Cluster, Indicator, Movement, MovementStatus
from vinhdanh.movements.services import cluster_setup
from vinhdanh.movements.services.definitions import ALLOWED, update_movement


def _fail(form: forms.Form, exc: DomainError) -> None:
    """Show a service's refusal next to the field it names (or above the form)."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request: HttpRequest) -> HttpResponse:
    units = setup.launching_units(request.user)
    if not units:
        raise Http404
    form = MovementForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            movement = services.create_movement(
                actor=request.user, code=data["code"], name=data["name"],
                launched_by=data["launched_by"], start=data["start"], end=data["end"],
                description=data["description"], is_public=data["is_public"],
                plan_document=data["plan_document"] or None)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The movement was created as a draft."))
            return redirect("movements:setup", pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": None},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    initial = {"name": movement.name, "start": movement.start, "end": movement.end,
               "description": movement.description, "is_public": movement.is_public}
    form = MovementForm(request.POST or None, request.FILES or None, initial=initial,
                        editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_movement(actor=request.user, movement=movement, name=data["name"],
                            start=data["start"], end=data["end"],
                            description=data["description"], is_public=data["is_public"],
                            plan_document=data["plan_document"] or None)
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The movement was saved."))
            return redirect("movements:setup", pk=movement.pk)
    return render(request, "movements/movement_form.html",
                  {"form": form, "movement": movement}, status=400 if form.errors else 200)


def _setup_page(request: HttpRequest, movement: Movement, **bound: forms.Form) -> HttpResponse:
    indicators = setup.list_all_indicators(movement)
    units = setup.subtree_units(movement)
    participations = setup.list_participations(movement)
    whole = [p for p in participations if p.unit_id == movement.launched_by_id
             and p.include_subtree]
    participants = bound.get("participants") or ParticipantsForm(units=units, initial={
        "mode": ParticipantsForm.SUBTREE if whole else ParticipantsForm.LIST,
        "units": [p.unit_id for p in participations],
        "include_subtree": all(p.include_subtree for p in participations),
    })
    return render(request, "movements/setup.html", {
        "movement": movement, "indicators": indicators, "participations": participations,
        "rules": setup.list_rules(movement),
        "clusters": setup.list_clusters_with_members(movement),
        "next_statuses": [MovementStatus(s) for s in MovementStatus.values
                          if s in ALLOWED[movement.status]],
        "participants_form": participants,
        "indicator_form": bound.get("indicator") or IndicatorForm(terms=indicators),
        "rule_form": bound.get("rule") or RuleForm(indicators=indicators),
        "cluster_form": bound.get("cluster") or ClusterForm(units=units),
    }, status=400 if bound else 200)


@login_required
@require_GET
def movement_setup(request: HttpRequest, pk: int) -> HttpResponse:
    return _setup_page(request, setup.get_movement_to_manage(request.user, pk))


@login_required
@require_POST
def movement_status(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    target = request.POST.get("to", "")
    if target not in MovementStatus.values:
        raise Http404
    try:
        services.change_movement_status(actor=request.user, movement=movement, to=target)
        messages.success(request, _("The movement is now: %(status)s.")
                         % {"status": MovementStatus(target).label})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movements:setup", pk=movement.pk)


@login_required
@require_POST
def movement_participants(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    form = ParticipantsForm(request.POST, units=setup.subtree_units(movement))
    if form.is_valid():
        data = form.cleaned_data
        whole = data["mode"] == ParticipantsForm.SUBTREE
        try:
            services.set_participants(
                actor=request.user, movement=movement,
                units=[movement.launched_by] if whole else list(data["units"]),
                include_subtree=whole or data["include_subtree"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The units taking part were saved."))
            return redirect("movements:setup", pk=movement.pk)
    return _setup_page(request, movement, participants=form)


def _define(request: HttpRequest, movement: Movement, form: IndicatorForm,
            code: str) -> Indicator | None:
    data = form.cleaned_data
    try:
        return services.define_indicator(
            actor=request.user, movement=movement, code=code, name=data["name"],
            aggregation=data["aggregation"], period_type=data["period_type"],
            measure_unit=data["measure_unit"], target=data["target"],
            target_scope=data["target_scope"], direction=data["direction"],
            numerator=data["numerator"], denominator=data["denominator"],
            min_value=data["min_value"], max_value=data["max_value"])
    except DomainError as exc:
        _fail(form, exc)
        return None


@login_required
@require_POST
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    form = IndicatorForm(request.POST, terms=setup.list_all_indicators(movement))
    if form.is_valid():
        code = form.cleaned_data["code"]
        if any(i.code == code for i in setup.list_all_indicators(movement)):
            form.add_error("code", _("Code: the movement already has an indicator %(code)s.")
                           % {"code": code})
        elif _define(request, movement, form, code) is not None:
            messages.success(request, _("The indicator was added."))
            return redirect("movements:setup", pk=movement.pk)
    return _setup_page(request, movement, indicator=form)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    indicator = setup.get_indicator_to_manage(movement, indicator_pk)
    terms = [i for i in setup.list_all_indicators(movement) if i.pk != indicator.pk]
    initial: dict[str, Any] = {
        name: getattr(indicator, name) for name in (
            "code", "name", "measure_unit", "period_type", "aggregation", "target",
            "target_scope", "direction", "min_value", "max_value")}
    initial.update(numerator=indicator.numerator_id, denominator=indicator.denominator_id)
    form = IndicatorForm(request.POST or None, initial=initial, terms=terms, editing=True)
    if (request.method == "POST" and form.is_valid()
            and _define(request, movement, form, indicator.code) is not None):
        messages.success(request, _("The indicator was saved."))
        return redirect("movements:setup", pk=movement.pk)
    return render(request, "movements/indicator_form.html", {
        "movement": movement, "indicator": indicator, "form": form,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    form = RuleForm(request.POST, indicators=rollup.list_indicators(movement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.define_rule(actor=request.user, movement=movement, kind=data["kind"],
                                 left_codes=list(data["left_codes"]),
                                 right_code=data["right_code"], message=data["message"],
                                 min_value=data["min_value"], max_value=data["max_value"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The validation rule was added."))
            return redirect("movements:setup", pk=movement.pk)
    return _setup_page(request, movement, rule=form)


@login_required
@require_POST
def cluster_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    form = ClusterForm(request.POST, units=setup.subtree_units(movement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            created = services.create_cluster(
                actor=request.user, movement=movement, name=data["name"], kind=data["kind"],
                members=list(data["members"]), head=data["head"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The cluster was created."))
            return redirect("movements:cluster_setup", pk=movement.pk, cluster_pk=created.pk)
    return _setup_page(request, movement, cluster=form)


def _cluster_page(request: HttpRequest, movement: Movement, cluster: Cluster,
                  **bound: forms.Form) -> HttpResponse:
    units = setup.subtree_units(movement)
    table = setup.list_scoring_table(cluster)
    return render(request, "movements/cluster_setup.html", {
        "movement": movement, "cluster": cluster, "years": setup.list_cluster_years(cluster),
        "table": table,
        "total_points": sum((c.max_points for g in table for c in g.criteria.all()), 0),
        "year_form": bound.get("year") or ClusterYearForm(units=units, initial={
            "year": movement.start.year, "head": cluster.head_id}),
        "group_form": bound.get("group") or CriteriaGroupForm(),
        "criterion_form": bound.get("criterion") or CriterionForm(groups=table),
    }, status=400 if bound else 200)


@login_required
@require_GET
def cluster_setup_page(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    return _cluster_page(request, movement,
                         setup.get_cluster_to_manage(request.user, movement, cluster_pk))


@login_required
@require_POST
def cluster_year(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    cluster = setup.get_cluster_to_manage(request.user, movement, cluster_pk)
    form = ClusterYearForm(request.POST, units=setup.subtree_units(movement))
    if form.is_valid():
        data = form.cleaned_data
        try:
            cluster_setup.set_cluster_year(
                actor=request.user, cluster=cluster, year=data["year"],
                members=list(data["members"]), head=data["head"], deputy=data["deputy"],
                pact=data["pact"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The line-up for %(year)s was saved.")
                             % {"year": data["year"]})
            return redirect("movements:cluster_setup", pk=movement.pk, cluster_pk=cluster.pk)
    return _cluster_page(request, movement, cluster, year=form)


@login_required
@require_POST
def criteria_group_create(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    cluster = setup.get_cluster_to_manage(request.user, movement, cluster_pk)
    form = CriteriaGroupForm(request.POST)
    if form.is_valid():
        try:
            cluster_setup.add_criteria_group(actor=request.user, cluster=cluster,
                                             name=form.cleaned_data["name"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            return redirect("movements:cluster_setup", pk=movement.pk, cluster_pk=cluster.pk)
    return _cluster_page(request, movement, cluster, group=form)


@login_required
@require_POST
def criterion_create(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = setup.get_movement_to_manage(request.user, pk)
    cluster = setup.get_cluster_to_manage(request.user, movement, cluster_pk)
    form = CriterionForm(request.POST, groups=setup.list_scoring_table(cluster))
    if form.is_valid():
        data = form.cleaned_data
        try:
            cluster_setup.add_criterion(
                actor=request.user, group=data["group"], name=data["name"],
                max_points=data["max_points"], evidence_required=data["evidence_required"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            return redirect("movements:cluster_setup", pk=movement.pk, cluster_pk=cluster.pk)
    return _cluster_page(request, movement, cluster, criterion=form)


@login_required
@require_GET
def plan_document(request: HttpRequest, pk: int) -> FileResponse:
    """The movement's plan, for whoever may follow the movement (media is not served as is)."""
    movement = selectors.get_movement_for_user(request.user, pk)
    if not movement.plan_document:
        raise Http404
    name = movement.plan_document.name.rsplit("/", 1)[-1]
    return FileResponse(movement.plan_document.open("rb"), as_attachment=True, filename=name)
