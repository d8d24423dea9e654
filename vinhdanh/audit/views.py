"""The audit log page, for users who may read their subtree's log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.audit.selectors import page_events


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    if not granted_paths(request.user, Action.VIEW_AUDIT):
        raise PermissionDenied
    before_raw = request.GET.get("before", "")
    before = int(before_raw) if before_raw.isdigit() else None
    page = page_events(user=request.user, before=before, size=settings.PAGE_SIZE)
    template = "audit/partials/event_table.html" if request.headers.get("HX-Request") else (
        "audit/log.html"
    )
    return render(request, template, {"page": page})
