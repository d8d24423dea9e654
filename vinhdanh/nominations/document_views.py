"""Officer pages for decision documents: DOCX/PDF downloads, signing, certificates."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.nominations import selectors
from vinhdanh.nominations.documents.achievement_report import (
    render_achievement_report,
    report_context,
)
from vinhdanh.nominations.documents.certificates import Mode, Paper, render_certificates
from vinhdanh.nominations.documents.context import certificate_items
from vinhdanh.nominations.forms import CertificateForm, SignForm
from vinhdanh.nominations.models import IssuedDecision
from vinhdanh.nominations.services import documents as svc
from vinhdanh.records.selectors import get_history

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _detail(issued: IssuedDecision) -> HttpResponse:
    return redirect(reverse("nominations:decision", args=[issued.pk]))


def _file_name(issued: IssuedDecision, ext: str) -> str:
    return f"quyet-dinh-{issued.decision.number.replace('/', '-')}.{ext}"


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Numbers carry "QĐ": a raw non-ASCII filename would be MIME-encoded into a header the
    # browser ignores, opening the file inline; RFC 6266 filename* keeps it a download.
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


def verify_url(request: HttpRequest, token: str) -> str:
    """The public address of a certificate: /xac-minh/<token>/ once mounted at the root."""
    try:
        path = reverse("verify_certificate", args=[token])
    except NoReverseMatch:
        path = reverse("nominations:verify_certificate", args=[token])
    return request.build_absolute_uri(path)


@login_required
@require_GET
def decision_docx(request: HttpRequest, pk: int) -> HttpResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    return _download(svc.decision_docx(issued), _file_name(issued, "docx"), DOCX)


@login_required
@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    try:
        pdf = svc.decision_pdf(issued)
    except DomainError as error:
        messages.error(request, error.message)
        return _detail(issued)
    return _download(pdf, _file_name(issued, "pdf"), "application/pdf")


@login_required
@require_GET
def signed_pdf(request: HttpRequest, pk: int) -> FileResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    record = getattr(issued, "signed_pdf", None)
    if record is None:
        raise Http404
    return FileResponse(record.file.open("rb"), as_attachment=True,
                        filename=_file_name(issued, "da-ky.pdf"),
                        content_type="application/pdf")


@login_required
@require_POST
def decision_sign(request: HttpRequest, pk: int) -> HttpResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    form = SignForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, str(error))
        return _detail(issued)
    data = form.cleaned_data
    try:
        if data["pkcs12"]:
            # The key file and passphrase live only in this request; nothing is stored.
            svc.sign_decision_pdf(actor=request.user, decision=issued,
                                  pkcs12_bytes=data["pkcs12"].read(),
                                  passphrase=data["passphrase"])
            messages.success(request, _("Decision signed."))
        else:
            svc.attach_signed_pdf(actor=request.user, decision=issued,
                                  pdf_bytes=data["signed_pdf"].read())
            messages.success(request, _("Signature verified; the signed PDF is kept."))
    except DomainError as error:
        messages.error(request, error.message)
    return _detail(issued)


@login_required
@require_POST
def certificates(request: HttpRequest, pk: int) -> HttpResponse:
    issued = selectors.get_issued_decision_for_user(request.user, pk)
    form = CertificateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the paper size and the printing mode."))
        return _detail(issued)
    lines, tokens = svc.ensure_certificates(actor=request.user, decision=issued)
    urls = {line_id: verify_url(request, token) for line_id, token in tokens.items()}
    pdf = render_certificates(certificate_items(issued, lines, urls),
                              paper=Paper(form.cleaned_data["paper"]),
                              mode=Mode(form.cleaned_data["mode"]))
    return _download(pdf, _file_name(issued, "bang-khen.pdf"), "application/pdf")


@login_required
@require_GET
def achievement_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The nominee's achievement report drafted from the ledger, to edit and sign in Word."""
    line = selectors.get_line_for_user(request.user, pk)
    subject = selectors.line_subject(line)
    context = report_context(line, get_history(subject), today_year=timezone.localdate().year)
    return _download(render_achievement_report(context),
                     f"bao-cao-thanh-tich-{line.pk}.docx", DOCX)
