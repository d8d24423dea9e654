"""PAdES signatures on decision PDFs (pyHanko): sign with a PKCS#12, verify on upload."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TypeAlias

from asn1crypto import x509  # type: ignore[import-untyped]
from django.conf import settings
from django.utils.translation import gettext as _
from pyhanko.keys import load_certs_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from vinhdanh.nominations.errors import SignatureInvalid

FIELD_NAME = "ChuKyQuyetDinh"
#: A trusted CA certificate (asn1crypto ships no type information).
TrustRoot: TypeAlias = x509.Certificate


@dataclass(frozen=True)
class VerifiedSignature:
    signer_subject: str
    signed_at: dt.datetime | None


def certificate_from_der(der: bytes) -> x509.Certificate:
    return x509.Certificate.load(der)


def trusted_roots() -> list[x509.Certificate]:
    """The CA certificates signatures must chain to: PEM/DER files named in the settings."""
    roots: list[x509.Certificate] = []
    for path in getattr(settings, "VINHDANH_SIGNING_TRUST_ROOTS", []):
        roots.extend(load_certs_from_pemder_data(Path(path).read_bytes()))
    return roots


def sign_pdf(pdf: bytes, *, pkcs12: bytes, passphrase: str) -> bytes:
    """Sign `pdf` as PAdES (ETSI.CAdES.detached) with the key and certificate in `pkcs12`."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(
            pkcs12, other_certs=[], passphrase=passphrase.encode() or None)
    except (ValueError, TypeError) as error:
        raise SignatureInvalid(_("The certificate file could not be opened: check the file "
                                 "and its passphrase."), field="pkcs12") from error
    if signer is None:
        raise SignatureInvalid(_("The certificate file could not be opened: check the file "
                                 "and its passphrase."), field="pkcs12")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except PdfError as error:
        raise SignatureInvalid(_("The decision PDF could not be read."), field="pdf") \
            from error
    meta = signers.PdfSignatureMetadata(field_name=FIELD_NAME,
                                        subfilter=fields.SigSeedSubFilter.PADES,
                                        md_algorithm="sha256")
    output: io.BytesIO = signers.PdfSigner(meta, signer=signer).sign_pdf(writer)
    return output.getvalue()


def verify_pdf(pdf: bytes, *, trust_roots: list[x509.Certificate]) -> VerifiedSignature:
    """Check every signature of `pdf` is intact, valid and from a trusted CA; else refuse."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError) as error:
        raise SignatureInvalid(_("The file is not a readable PDF."), field="pdf") from error
    if not embedded:
        raise SignatureInvalid(_("The PDF carries no digital signature."), field="pdf")
    if not trust_roots:
        raise SignatureInvalid(_("No trusted certification authority is configured: the "
                                 "signature cannot be verified."), field="pdf")
    context = ValidationContext(trust_roots=trust_roots, allow_fetching=False)
    result: VerifiedSignature | None = None
    for signature in embedded:
        try:
            status = validate_pdf_signature(signature, context)
        except Exception as error:  # pyHanko raises many kinds on a mangled signature
            raise SignatureInvalid(_("The signature could not be checked: the file is "
                                     "damaged or was changed after signing."),
                                   field="pdf") from error
        if not status.intact:
            raise SignatureInvalid(_("The PDF was changed after it was signed: the signature "
                                     "no longer matches the content."), field="pdf")
        if not status.valid:
            raise SignatureInvalid(_("The signature is not valid."), field="pdf")
        if not status.trusted:
            raise SignatureInvalid(_("The signing certificate is not issued by a trusted "
                                     "certification authority."), field="pdf")
        result = VerifiedSignature(
            signer_subject=status.signing_cert.subject.human_friendly,
            signed_at=status.signer_reported_dt)
    assert result is not None
    return result


def read_signer(pdf: bytes) -> VerifiedSignature:
    """Who signed a PDF we just signed ourselves (no trust question to ask)."""
    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    signature = reader.embedded_signatures[-1]
    return VerifiedSignature(signer_subject=signature.signer_cert.subject.human_friendly,
                             signed_at=signature.self_reported_timestamp)
