"""The public notice page: anyone reads the published list and sends a comment."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from vinhdanh.core.errors import DomainError
from vinhdanh.nominations import selectors
from vinhdanh.nominations.forms import CommentForm
from vinhdanh.nominations.models import LineStatus
from vinhdanh.nominations.services.notices import submit_comment


def _client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR as set by the server; a proxy in front must set it from its trusted header.
    return str(request.META.get("REMOTE_ADDR", ""))


@require_GET
def public_notices(request: HttpRequest) -> HttpResponse:
    """Every list open for comment today: how anyone finds what they may comment on."""
    today = timezone.localdate()
    notices = list(selectors.list_open_notices(today)[:200])
    return render(request, "nominations/public_notices.html",
                  {"notices": notices, "today": today})


@require_http_methods(["GET", "POST"])
def public_notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = selectors.get_public_notice(pk)
    form = CommentForm(request.POST or None)
    sent = False
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submit_comment(notice=notice, name=data["name"], contact=data["contact"],
                           text=data["text"], client_address=_client_address(request),
                           honeypot=data["website"])
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.http_status
        else:
            # A discarded (honeypot) comment gets the same answer: bots learn nothing.
            sent = True
            form = CommentForm()
    today = timezone.localdate()
    return render(request, "nominations/public_notice.html", {
        "notice": notice, "lines": list(selectors.list_public_lines(notice)),
        "comments": list(selectors.list_published_comments(notice)),
        "form": form, "sent": sent, "is_open": notice.starts_on <= today <= notice.ends_on,
    }, status=status)


@require_GET
def verify_certificate(request: HttpRequest, token: str) -> HttpResponse:
    """What a certificate's QR code opens: is this award real, and does it still stand?"""
    certificate = selectors.get_certificate_by_token(token)
    line = certificate.line
    assert line.decision_line is not None
    return render(request, "nominations/verify_certificate.html", {
        "line": line, "decision": line.decision_line.decision,
        "issuer": line.proposal.to_unit, "revoked": line.status == LineStatus.REVOKED,
    })
