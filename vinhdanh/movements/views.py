"""Web pages of movements: list, detail, data entry, review, completeness and progress."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.accounts.policy import Action, can
from vinhdanh.core.errors import DomainError
from vinhdanh.movements import rollup, selectors, services
from vinhdanh.movements.charts import bar_chart
from vinhdanh.movements.clusters import rank_cluster
from vinhdanh.movements.errors import ValuesRejected
from vinhdanh.movements.exports import progress_workbook
from vinhdanh.movements.models import Indicator, Movement
from vinhdanh.movements.periods import InvalidPeriod, Period, PeriodType, latest_ended, parse_period
from vinhdanh.movements.services.cluster_scoring import may_review, rank_scores
from vinhdanh.movements.services.reminders import OWED, last_reminded
from vinhdanh.units.models import OrgUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except InvalidPeriod:
        raise Http404 from None


def _as_of(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()


def _unit(request: HttpRequest, movement: Movement) -> OrgUnit:
    raw = request.GET.get("unit", "")
    if raw.isdigit():
        return selectors.get_unit_for_user(request.user, movement, int(raw))
    return selectors.default_unit_for_user(request.user, movement)


def _default_period(movement: Movement, indicators: list[Indicator]) -> Period:
    types = [i.period_type for i in indicators if not i.is_computed]
    kind = PeriodType(types[0]) if types else PeriodType.YEAR
    return latest_ended(kind, min(timezone.localdate(), movement.end))


@login_required
@require_GET
def movement_list(request: HttpRequest) -> HttpResponse:
    movements = list(selectors.list_movements(user=request.user))
    return render(request, "movements/movement_list.html", {"movements": movements})


@login_required
@require_GET
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    indicators = rollup.list_indicators(movement)
    unit = selectors.default_unit_for_user(request.user, movement)
    return render(request, "movements/movement_detail.html", {
        "movement": movement, "indicators": indicators, "unit": unit,
        "period": _default_period(movement, indicators),
        "may_enter": can(request.user, Action.ENTER_MOVEMENT_DATA, unit),
        "clusters": selectors.list_clusters(movement),
        "examples": list(selectors.list_exemplary_models(user=request.user, movement=movement)),
    })


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int, unit_pk: int, period: str) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    parsed = _period(period)
    errors: dict[str, str] = {}
    posted: dict[str, str] = {}
    if request.method == "POST":
        indicators = selectors.list_indicators_for_period(movement, parsed)
        posted = {i.code: request.POST.get(f"v_{i.code}", "").strip() for i in indicators}
        try:
            services.enter_values(actor=request.user, movement=movement, unit=unit,
                                  period=str(parsed), values=posted)
            if request.POST.get("action") == "submit":
                services.submit_values(actor=request.user, movement=movement, unit=unit,
                                       period=str(parsed),
                                       explanation=request.POST.get("explanation", ""))
                messages.success(request, _("The values were submitted to the level above."))
            else:
                messages.success(request, _("The values were saved."))
            return redirect(request.path)
        except ValuesRejected as exc:
            errors = exc.errors
        except DomainError as exc:
            messages.error(request, exc.message)
    values, submission = selectors.get_entry(movement, unit, parsed)
    indicators = selectors.list_indicators_for_period(movement, parsed)
    rows = [
        {"indicator": i, "error": errors.get(i.code),
         "value": posted.get(i.code, "") if posted else _shown(values.get(i.pk))}
        for i in indicators
    ]
    violations = services.check_values(movement=movement, unit=unit, period=str(parsed))
    return render(request, "movements/entry.html", {
        "movement": movement, "unit": unit, "period": parsed, "rows": rows,
        "submission": submission, "violations": violations,
        "may_enter": can(request.user, Action.ENTER_MOVEMENT_DATA, unit),
        "may_review": unit.parent is not None
        and can(request.user, Action.APPROVE_MOVEMENT_DATA, unit.parent),
    })


def _shown(value: object) -> str:
    number = getattr(value, "value_number", None)
    flag = getattr(value, "value_bool", None)
    if number is not None:
        return str(rollup.tidy(number))
    if flag is not None:
        return "true" if flag else "false"
    return ""


@login_required
@require_POST
def review(request: HttpRequest, pk: int, unit_pk: int, period: str) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    parsed = str(_period(period))
    action = request.POST.get("action", "")
    try:
        if action == "approve":
            services.approve_values(actor=request.user, movement=movement, unit=unit,
                                    period=parsed)
            messages.success(request, _("The values were approved and locked."))
        elif action == "return":
            services.return_values(actor=request.user, movement=movement, unit=unit,
                                   period=parsed, reason=request.POST.get("reason", ""))
            messages.success(request, _("The values were returned to the unit."))
        elif action == "reopen":
            services.reopen_values(actor=request.user, movement=movement, unit=unit,
                                   period=parsed, reason=request.POST.get("reason", ""))
            messages.success(request, _("The values were reopened."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("movements:entry", pk=movement.pk, unit_pk=unit.pk, period=parsed)


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request, movement)
    indicators = rollup.list_indicators(movement)
    period = (_period(request.GET["period"]) if request.GET.get("period")
              else _default_period(movement, indicators))
    rows = selectors.completeness_board(movement=movement, root=unit, period=period)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.label] = counts.get(row.label, 0) + 1
    reminded = last_reminded(movement=movement, period=period, units=[r.unit for r in rows])
    return render(request, "movements/board.html", {
        "movement": movement, "unit": unit, "period": period, "rows": rows, "counts": counts,
        "periods": sorted({i.period_type for i in indicators if not i.is_computed}),
        "board_rows": [(row, reminded.get(row.unit.pk)) for row in rows],
        "may_remind": any(r.status in OWED for r in rows)
        and can(request.user, Action.APPROVE_MOVEMENT_DATA, unit),
    })


@login_required
@require_GET
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request, movement)
    as_of = _as_of(request)
    result = rollup.progress(movement, unit, as_of)
    units = rollup.breakdown(movement, unit, as_of)
    chosen = request.GET.get("indicator") or (result.rows[0].indicator.code if result.rows
                                              else "")
    column = next((n for n, r in enumerate(result.rows) if r.indicator.code == chosen), 0)
    ranking = sorted(
        ((u, u.rows[column]) for u in units if u.rows),
        key=lambda pair: (pair[1].value is None, -(pair[1].value or 0)))
    judged = [row.on_track for _u, row in ranking if row.on_track is not None]
    chart = bar_chart([(u.unit.name, row.value) for u, row in ranking],
                      target=result.rows[column].target if result.rows else None)
    return render(request, "movements/progress.html", {
        "movement": movement, "unit": unit, "as_of": as_of, "progress": result,
        "ranking": ranking, "chart": chart, "chosen": chosen,
        "on_track_share": rollup.round2(Decimal(sum(judged)) / len(judged) * 100)
        if judged else None,
        "export_url": reverse("movements:progress_xlsx", args=[movement.pk])
        + f"?unit={unit.pk}&as_of={as_of.isoformat()}",
    })


@login_required
@require_GET
def progress_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request, movement)
    as_of = _as_of(request)
    content = progress_workbook(rollup.progress(movement, unit, as_of),
                                rollup.breakdown(movement, unit, as_of))
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-{movement.code}-{as_of.isoformat()}.xlsx"')
    return response


@login_required
@require_GET
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request, movement)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else min(max(timezone.localdate().year,
                                                            movement.start.year),
                                                        movement.end.year)
    return render(request, "movements/registrations.html", {
        "movement": movement, "unit": unit, "year": year,
        "rows": selectors.registration_board(movement=movement, root=unit, year=year),
        "own": selectors.get_own_registration(movement, unit, year),
        "may_register": can(request.user, Action.ENTER_MOVEMENT_DATA, unit),
        "may_decide": can(request.user, Action.APPROVE_MOVEMENT_DATA, unit),
    })


@login_required
@require_POST
def register(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    year = request.POST.get("year", "")
    try:
        services.register_unit(actor=request.user, movement=movement, unit=unit,
                               year=int(year) if year.isdigit() else 0,
                               goals=request.POST.get("goals", ""))
        messages.success(request, _("The registration was sent to the level above."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(reverse("movements:registrations", args=[movement.pk])
                    + f"?unit={unit.pk}&year={year}")


@login_required
@require_POST
def decide_registration(request: HttpRequest, pk: int, registration_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    registration = selectors.get_registration_for_user(request.user, movement, registration_pk)
    try:
        services.decide_registration(actor=request.user, registration=registration,
                                     approve=request.POST.get("action") == "approve",
                                     reason=request.POST.get("reason", ""))
        messages.success(request, _("The decision was recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    parent = registration.unit.parent_id or registration.unit_id
    return redirect(reverse("movements:registrations", args=[movement.pk])
                    + f"?unit={parent}&year={registration.year}")


@login_required
@require_GET
def cluster(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    group = selectors.get_cluster_for_user(request.user, movement, cluster_pk)
    as_of = _as_of(request)
    # Each user sees the rows of the members in their own scope: the organising level
    # sees the whole ranking, a member its own rank (the grants are already cached).
    everyone = rank_cluster(group, as_of)
    ranking = [m for m in everyone if can(request.user, Action.VIEW_MOVEMENT, m.unit)]
    if not ranking:
        raise Http404
    scores = selectors.list_cluster_scores(group)
    by_unit = {s.unit_id: s for s in scores}
    ranks = {r.score.unit_id: r.rank for r in rank_scores(scores)}
    published = group.published_at is not None
    assessment = []
    for member in everyone:
        reviewer = may_review(request.user, group, member.unit)
        # The head sees the rows it reviews; others see the members in their scope.
        if not (reviewer or can(request.user, Action.VIEW_MOVEMENT, member.unit)):
            continue
        row = by_unit.get(member.unit.pk)
        assessment.append({
            "unit": member.unit, "score": row, "rank": ranks.get(member.unit.pk),
            "may_score": not published
            and can(request.user, Action.ENTER_MOVEMENT_DATA, member.unit),
            "may_review": not published and reviewer and row is not None,
        })
    return render(request, "movements/cluster.html", {
        "movement": movement, "cluster": group, "as_of": as_of, "ranking": ranking,
        "indicators": [row.indicator for row in ranking[0].rows] if ranking else [],
        "assessment": assessment, "published": published,
        "may_publish": not published
        and can(request.user, Action.MANAGE_MOVEMENT, movement.launched_by),
    })


def _back_to_cluster(movement: Movement, cluster_pk: int) -> HttpResponse:
    return redirect("movements:cluster", pk=movement.pk, cluster_pk=cluster_pk)


@login_required
@require_POST
def cluster_self_score(request: HttpRequest, pk: int, cluster_pk: int,
                       unit_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    group = selectors.get_cluster_for_user(request.user, movement, cluster_pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    try:
        services.score_self(actor=request.user, cluster=group, unit=unit,
                            score=request.POST.get("score", ""),
                            evidence=request.POST.get("evidence", ""))
        messages.success(request, _("The self-assessed score was recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_cluster(movement, group.pk)


@login_required
@require_POST
def cluster_review(request: HttpRequest, pk: int, cluster_pk: int, unit_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    group = selectors.get_cluster_for_user(request.user, movement, cluster_pk)
    unit = next((u for u in group.members.all() if u.pk == unit_pk), None)
    if unit is None:
        raise Http404
    try:
        services.review_score(actor=request.user, cluster=group, unit=unit,
                              score=request.POST.get("score", ""),
                              note=request.POST.get("note", ""))
        messages.success(request, _("The reviewed score was recorded."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_cluster(movement, group.pk)


@login_required
@require_POST
def cluster_publish(request: HttpRequest, pk: int, cluster_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    group = selectors.get_cluster_for_user(request.user, movement, cluster_pk)
    try:
        services.publish_ranking(actor=request.user, cluster=group)
        messages.success(request, _("The ranking was published; it can no longer be changed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back_to_cluster(movement, group.pk)
