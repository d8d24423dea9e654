"""The "send reminders" action of the completeness board."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.movements import selectors
from vinhdanh.movements.periods import InvalidPeriod, parse_period
from vinhdanh.movements.services.reminders import send_reminders


@login_required
@require_POST
def remind(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    root = selectors.get_unit_for_user(request.user, movement, unit_pk)
    try:
        period = parse_period(request.POST.get("period", ""))
    except InvalidPeriod:
        raise Http404 from None
    try:
        result = send_reminders(actor=request.user, movement=movement, root=root, period=period)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        if result.reminded:
            messages.success(request, ngettext(
                "A reminder was e-mailed to %(count)d unit.",
                "Reminders were e-mailed to %(count)d units.",
                len(result.reminded)) % {"count": len(result.reminded)})
        elif not result.without_address:
            messages.info(request, _("No unit needed a reminder today."))
        if result.without_address:
            messages.warning(request, _("No officer with an e-mail address at: %(units)s.")
                             % {"units": ", ".join(u.name for u in result.without_address)})
    return redirect(reverse("movements:board", args=[movement.pk])
                    + f"?unit={root.pk}&period={period}")
