"""Writes around decision documents: signed PDFs and certificate verification tokens."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, can, ensure_can
from vinhdanh.nominations.documents import signing
from vinhdanh.nominations.documents.context import awarded_lines, decision_context
from vinhdanh.nominations.documents.decision_docx import render_decision_docx
from vinhdanh.nominations.documents.pdf import docx_to_pdf
from vinhdanh.nominations.errors import BadFile
from vinhdanh.nominations.models import (
    AwardCertificate,
    IssuedDecision,
    NomineeLine,
    SignedDecisionPdf,
)
from vinhdanh.nominations.services.common import audit, user_of

if TYPE_CHECKING:
    from vinhdanh.nominations.services.common import Actor

#: Signing is the signer's act, apart from issuing (the leader signs what the board drafts).
SIGN_ACTION = Action.SIGN_DECISION
MAX_UPLOAD = 20 * 1024 * 1024
MAX_P12 = 64 * 1024


def decision_docx(issued: IssuedDecision) -> bytes:
    return render_decision_docx(decision_context(issued, list(awarded_lines(issued))))


def decision_pdf(issued: IssuedDecision) -> bytes:
    return docx_to_pdf(decision_docx(issued), name="quyet-dinh")


def _store(actor: Actor, issued: IssuedDecision, pdf: bytes,
           verified: signing.VerifiedSignature, verb: str) -> SignedDecisionPdf:
    record = SignedDecisionPdf.objects.filter(issued=issued).first() or SignedDecisionPdf(
        issued=issued)
    record.signer_subject = verified.signer_subject[:255]
    record.signed_at = verified.signed_at
    record.uploaded_by = user_of(actor)
    record.file.save(f"quyet-dinh-{issued.pk}-da-ky.pdf", ContentFile(pdf), save=False)
    record.save()
    audit(actor, verb, issued.proposal,
          {"decision": issued.decision_id, "signer": record.signer_subject}, target=record)
    return record


@transaction.atomic
def sign_decision_pdf(*, actor: Actor, decision: IssuedDecision, pkcs12_bytes: bytes,
                      passphrase: str) -> SignedDecisionPdf:
    """Sign the decision PDF as PAdES with the signer's PKCS#12; the key is never stored."""
    ensure_can(actor, SIGN_ACTION, decision.proposal.to_unit)
    if not pkcs12_bytes or len(pkcs12_bytes) > MAX_P12:
        raise BadFile(_("Certificate file: upload a .p12/.pfx file."), field="pkcs12")
    signed = signing.sign_pdf(decision_pdf(decision), pkcs12=pkcs12_bytes,
                              passphrase=passphrase)
    verified = signing.read_signer(signed)
    return _store(actor, decision, signed, verified, "decision_signed")


@transaction.atomic
def attach_signed_pdf(*, actor: Actor, decision: IssuedDecision, pdf_bytes: bytes,
                      trust_roots: list[signing.TrustRoot] | None = None) -> SignedDecisionPdf:
    """Keep a PDF signed elsewhere, once its signature verifies against trusted CAs."""
    ensure_can(actor, SIGN_ACTION, decision.proposal.to_unit)
    if not pdf_bytes or len(pdf_bytes) > MAX_UPLOAD:
        raise BadFile(_("Signed PDF: upload a PDF file of at most 20 MB."), field="pdf")
    roots = signing.trusted_roots() if trust_roots is None else trust_roots
    verified = signing.verify_pdf(pdf_bytes, trust_roots=roots)
    return _store(actor, decision, pdf_bytes, verified, "signed_pdf_attached")


@transaction.atomic
def ensure_certificates(*, actor: Actor, decision: IssuedDecision
                        ) -> tuple[list[NomineeLine], dict[int, str]]:
    """Give every awarded line a verification token; return the lines and line id → token."""
    # Anyone who may see the decision may print its certificates (selectors.VIEW_ACTION).
    proposal = decision.proposal
    if not (can(actor, Action.VIEW_NOMINATION, proposal.unit)
            or can(actor, Action.VIEW_NOMINATION, proposal.to_unit)):
        raise PermissionDenied
    lines = list(awarded_lines(decision))
    tokens = {line.pk: line.certificate.token for line in lines
              if hasattr(line, "certificate")}
    new = [AwardCertificate(line=line, token=secrets.token_urlsafe(24))
           for line in lines if line.pk not in tokens]
    if new:
        AwardCertificate.objects.bulk_create(new)
        tokens.update({cert.line_id: cert.token for cert in new})
        audit(actor, "certificates_created", decision.proposal,
              {"decision": decision.decision_id, "count": len(new)}, target=decision)
    return lines, tokens
