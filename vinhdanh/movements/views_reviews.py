"""Pages of a movement review (sơ kết, tổng kết): figures, DOCX report, recognition."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vinhdanh.accounts.policy import Action, can, unit_filter
from vinhdanh.core.errors import DomainError, ValidationFailed
from vinhdanh.movements import selectors
from vinhdanh.movements.models import (
    Movement,
    MovementReview,
    MovementStatus,
    ReviewKind,
)
from vinhdanh.movements.reports import build_review
from vinhdanh.movements.review_document import DOCX, review_docx, review_filename
from vinhdanh.movements.services.reviews import propose_honoured, record_achievements
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision
from vinhdanh.records.selectors import get_decision_for_user, list_decisions
from vinhdanh.units.models import OrgUnit

#: Units pre-selected for recognition on the review page.
TOP = 3


def _kind(raw: str, movement: Movement) -> ReviewKind:
    if raw in ReviewKind.values:
        return ReviewKind(raw)
    final = movement.status in (MovementStatus.FINAL_REVIEW, MovementStatus.CLOSED)
    return ReviewKind.FINAL if final else ReviewKind.INTERIM


def _as_of(raw: str, movement: Movement) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return min(timezone.localdate(), movement.end)


def _unit(raw: str, request: HttpRequest, movement: Movement) -> OrgUnit:
    if raw.isdigit():
        return selectors.get_unit_for_user(request.user, movement, int(raw))
    return selectors.default_unit_for_user(request.user, movement)


def _ancestors(unit: OrgUnit) -> list[str]:
    parts = unit.path.strip("/").split("/")
    return ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]


def _decisions(request: HttpRequest, unit: OrgUnit) -> list[Decision]:
    """The registered decisions that may cite the review: issued at or above `unit`."""
    return list(list_decisions(request.user).filter(issuer__path__in=_ancestors(unit))[:50])


def _record(movement: Movement, unit: OrgUnit, kind: str, as_of: dt.date
            ) -> MovementReview | None:
    return (MovementReview.objects.filter(movement=movement, unit=unit, kind=kind, as_of=as_of)
            .select_related("decision", "proposal").first())


def _back(movement: Movement, unit: OrgUnit, kind: str, as_of: dt.date) -> HttpResponse:
    query = urlencode({"unit": unit.pk, "kind": kind, "as_of": as_of.isoformat()})
    return redirect(reverse("movements:review_report", args=[movement.pk]) + "?" + query)


@login_required
@require_GET
def review_report(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request.GET.get("unit", ""), request, movement)
    kind = _kind(request.GET.get("kind", ""), movement)
    as_of = _as_of(request.GET.get("as_of", ""), movement)
    record = _record(movement, unit, kind, as_of)
    review = build_review(movement=movement, unit=unit, kind=kind, as_of=as_of, record=record)
    may_manage = can(request.user, Action.MANAGE_MOVEMENT, unit)
    honoured = {h.unit_id for h in review.honours if h.person_id is None}
    query = urlencode({"unit": unit.pk, "kind": kind, "as_of": as_of.isoformat()})
    return render(request, "movements/review.html", {
        "movement": movement, "unit": unit, "review": review, "record": record,
        "kind": kind, "as_of": as_of, "kinds": ReviewKind.choices,
        "may_manage": may_manage, "top": TOP, "honoured": honoured,
        "decisions": _decisions(request, unit) if may_manage else [],
        "pending": [h for h in review.honours if h.line_id is None],
        "docx_url": reverse("movements:review_docx", args=[movement.pk]) + "?" + query,
    })


@login_required
@require_GET
def review_docx_download(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = _unit(request.GET.get("unit", ""), request, movement)
    kind = _kind(request.GET.get("kind", ""), movement)
    as_of = _as_of(request.GET.get("as_of", ""), movement)
    review = build_review(movement=movement, unit=unit, kind=kind, as_of=as_of,
                          record=_record(movement, unit, kind, as_of))
    response = HttpResponse(review_docx(review, today=timezone.localdate()), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{review_filename(review)}"'
    return response


def _people(request: HttpRequest, text: str) -> list[Person]:
    """Resolve one citizen ID number per line to persons the user may see (one query)."""
    wanted = [(n, line.strip()) for n, line in enumerate(text.splitlines(), start=1)
              if line.strip()]
    found = {p.id_number: p for p in Person.objects.filter(
        unit_filter(request.user, Action.VIEW_PERSON),
        id_number__in=[number for _n, number in wanted]).select_related("unit")}
    missing = [f"{n}: {number}" for n, number in wanted if number not in found]
    if missing:
        raise ValidationFailed(
            _("Individuals, line %(lines)s: no person with this ID number in your units.")
            % {"lines": "; ".join(missing)}, field="people")
    return [found[number] for _n, number in wanted]


@login_required
@require_POST
def review_achievements(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    kind = _kind(request.POST.get("kind", ""), movement)
    as_of = _as_of(request.POST.get("as_of", ""), movement)
    chosen = [int(v) for v in request.POST.getlist("units") if v.isdigit()]
    found = OrgUnit.objects.in_bulk(chosen)
    # Kept in the order ticked on the page, which is the ranking's order.
    honoured = [found[n] for n in chosen if n in found]
    raw_decision = request.POST.get("decision", "")
    try:
        people = _people(request, request.POST.get("people", ""))
        if not raw_decision.isdigit():
            messages.error(request, _("Choose the decision that recognised the units."))
            return _back(movement, unit, kind, as_of)
        decision = get_decision_for_user(request.user, int(raw_decision))
        record_achievements(actor=request.user, movement=movement, unit=unit, kind=kind,
                            as_of=as_of, honoured=honoured, decision=decision, people=people)
        messages.success(request, _("The achievements were recorded in the ledger."))
    except Http404:
        messages.error(request, _("Choose the decision that recognised the units."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _back(movement, unit, kind, as_of)


@login_required
@require_POST
def review_propose(request: HttpRequest, pk: int, review_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    record = (MovementReview.objects.select_related("unit").filter(pk=review_pk,
                                                                   movement=movement).first())
    if record is None or not can(request.user, Action.VIEW_MOVEMENT, record.unit):
        raise Http404
    try:
        proposal = propose_honoured(
            actor=request.user, review=record,
            award_code=request.POST.get("award_code", "").strip(),
            not_eligible_reason=request.POST.get("not_eligible_reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
        return _back(movement, record.unit, record.kind, record.as_of)
    messages.success(request, _("A draft proposal was opened with the recognised units."))
    return redirect("nominations:detail", pk=proposal.pk)
