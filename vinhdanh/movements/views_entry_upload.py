"""XLSX data entry: download a unit's prefilled sheet for a period, upload it back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.movements import selectors
from vinhdanh.movements.entry_upload import UploadRejected, entry_workbook, upload_values
from vinhdanh.movements.periods import InvalidPeriod, Period, parse_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(text: str) -> Period:
    try:
        return parse_period(text)
    except InvalidPeriod:
        raise Http404 from None


@login_required
@require_GET
def entry_template(request: HttpRequest, pk: int, unit_pk: int, period: str) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    parsed = _period(period)
    response = HttpResponse(entry_workbook(movement, unit, parsed), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="so-lieu-{movement.code}-{unit.code}-{parsed}.xlsx"')
    return response


@login_required
@require_POST
def entry_upload(request: HttpRequest, pk: int, unit_pk: int, period: str) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    unit = selectors.get_unit_for_user(request.user, movement, unit_pk)
    parsed = _period(period)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the XLSX file to upload."))
        return redirect("movements:entry", pk=movement.pk, unit_pk=unit.pk, period=str(parsed))
    try:
        count = upload_values(actor=request.user, movement=movement, unit=unit, period=parsed,
                              content=upload.read())
    except UploadRejected as exc:
        return render(request, "movements/entry_upload_errors.html", {
            "movement": movement, "unit": unit, "period": parsed, "problems": exc.problems,
        }, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(count)d value(s) were read from the file and saved.")
                         % {"count": count})
    return redirect("movements:entry", pk=movement.pk, unit_pk=unit.pk, period=str(parsed))
