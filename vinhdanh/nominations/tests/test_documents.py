"""Decision DOCX/PDF, PAdES signing and verification, certificates and their public page."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document
from weasyprint import HTML  # type: ignore[import-untyped]

from vinhdanh.accounts.models import User
from vinhdanh.accounts.testing import login_verified
from vinhdanh.nominations.documents import signing
from vinhdanh.nominations.documents.certificates import Mode, Paper, render_certificates
from vinhdanh.nominations.documents.context import (
    awarded_lines,
    certificate_items,
    decision_context,
)
from vinhdanh.nominations.documents.decision_docx import (
    DEFAULT_TEMPLATE,
    render_decision_docx,
    write_default_template,
)
from vinhdanh.nominations.errors import ConversionFailed, SignatureInvalid
from vinhdanh.nominations.models import (
    AwardCertificate,
    IssuedDecision,
    Proposal,
    SignedDecisionPdf,
)
from vinhdanh.nominations.services import decisions
from vinhdanh.nominations.services import documents as docs
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.tests.conftest import make_person, make_proposal
from vinhdanh.nominations.tests.test_views import logged_in
from vinhdanh.units.models import OrgUnit

BASIS = ("Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;\n"
         "Nghị định số 152/2025/NĐ-CP ngày 14/6/2025 của Chính phủ")
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice is not installed")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_pages(pdf: bytes, tmp_path: Path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


@pytest.fixture
def issued(commune_officer: User, province_officer: User, system_admin: User,
           commune: OrgUnit, province: OrgUnit) -> IssuedDecision:
    """A Bằng khen of the province (coefficient 1.5) for two people, decided 15/01/2026."""
    people = [make_person(commune_officer, commune, "Nguyễn Thị Hoa"),
              make_person(commune_officer, commune, "Trần Văn Bình")]
    proposal: Proposal = make_proposal(commune_officer, commune, province, people,
                                       award="bang_khen_bo_tinh")
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    svc.accept_proposal(actor=province_officer, proposal=proposal)
    for line in proposal.lines.all():
        svc.appraise_line(actor=province_officer, line=line, approve=True, comment="Đạt")
    decisions.forward_to_decider(actor=province_officer, proposal=proposal)
    return decisions.issue_decision(actor=system_admin, proposal=proposal, legal_basis=BASIS,
                                    signer_name="Trần Văn Nam", signer_title="Chủ tịch",
                                    decision_date=dt.date(2026, 1, 15))


def test_decision_docx_follows_the_administrative_layout(issued: IssuedDecision) -> None:
    document = Document(io.BytesIO(docs.decision_docx(issued)))
    header = [p.text for cell in document.tables[0].rows[0].cells for p in cell.paragraphs]
    assert "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH" in header
    assert "Số: 1/QĐ-UBND" in header
    assert "Độc lập - Tự do - Hạnh phúc" in header
    assert "Ninh Bình, ngày 15 tháng 01 năm 2026" in header
    body = [p.text for p in document.paragraphs]
    assert "QUYẾT ĐỊNH:" in body
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022;" in body
    rows = [[c.text for c in row.cells] for row in document.tables[1].rows]
    # Bằng khen of a province for an individual: 1.5 × 2,340,000 = 3,510,000 đ.
    assert rows[1][1:] == ["Nguyễn Thị Hoa", "Phường Hà Nam",
                           "Bằng khen của Bộ, ban, ngành, tỉnh", "3.510.000 đồng"]
    assert len(rows) == 3


def test_default_template_is_the_builder_output_and_missing_soffice_is_explained(
        issued: IssuedDecision, tmp_path: Path, settings: Any) -> None:
    rebuilt = write_default_template(tmp_path / "mau.docx")
    lines = list(awarded_lines(issued))
    context = decision_context(issued, lines)

    def text(template: Path) -> list[str]:
        document = Document(io.BytesIO(render_decision_docx(context, template)))
        return [p.text for p in document.paragraphs]

    assert text(rebuilt) == text(DEFAULT_TEMPLATE)
    # An administrator's edited copy is used once configured.
    settings.VINHDANH_DECISION_TEMPLATE = str(rebuilt)
    assert docs.decision_docx(issued)
    settings.VINHDANH_SOFFICE = str(tmp_path / "khong-co" / "soffice")
    with pytest.raises(ConversionFailed, match="chưa cài LibreOffice"):
        docs.decision_pdf(issued)


@needs_soffice
def test_decision_docx_converts_to_pdf_with_libreoffice(issued: IssuedDecision,
                                                        tmp_path: Path) -> None:
    text = pdf_text(docs.decision_pdf(issued), tmp_path)
    assert "Nguyễn Thị Hoa" in text
    assert "Bằng khen của Bộ, ban, ngành, tỉnh" in text
    assert "3.510.000 đồng" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def make_pki() -> tuple[signing.TrustRoot, bytes]:
    """A throwaway CA and a signing certificate it issued, exported as PKCS#12."""
    now = dt.datetime.now(dt.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CA Thử nghiệm")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False,
                                       decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME,
                                                        "Trần Văn Nam")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                         key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False,
                                         decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    p12 = pkcs12.serialize_key_and_certificates(
        b"signer", key, cert, [ca],
        serialization.BestAvailableEncryption(b"mat-khau"))
    root = signing.certificate_from_der(ca.public_bytes(serialization.Encoding.DER))
    return root, p12


@needs_soffice
def test_signed_pdf_validates_and_fails_after_one_byte_changes(
        issued: IssuedDecision, system_admin: User, province_officer: User) -> None:
    root, p12 = make_pki()
    with pytest.raises(SignatureInvalid, match="mật khẩu"):
        docs.sign_decision_pdf(actor=system_admin, decision=issued, pkcs12_bytes=p12,
                               passphrase="sai")
    record = docs.sign_decision_pdf(actor=system_admin, decision=issued, pkcs12_bytes=p12,
                                    passphrase="mat-khau")
    assert "Trần Văn Nam" in record.signer_subject
    signed = record.file.read()
    assert signing.verify_pdf(signed, trust_roots=[root]).signer_subject == \
        record.signer_subject
    # An emulation officer of the province is not the decider: refused.
    with pytest.raises(PermissionDenied):
        docs.attach_signed_pdf(actor=province_officer, decision=issued, pdf_bytes=signed,
                               trust_roots=[root])
    attached = docs.attach_signed_pdf(actor=system_admin, decision=issued, pdf_bytes=signed,
                                      trust_roots=[root])
    assert attached.pk == record.pk
    # Flip one byte of the page content, inside the range the signature covers.
    at = signed.index(b"stream", 100) + 20
    tampered = signed[:at] + bytes([signed[at] ^ 0x01]) + signed[at + 1:]
    with pytest.raises(SignatureInvalid, match="thay đổi sau khi ký"):
        docs.attach_signed_pdf(actor=system_admin, decision=issued, pdf_bytes=tampered,
                               trust_roots=[root])
    other_root, _ = make_pki()
    with pytest.raises(SignatureInvalid, match="tin cậy"):
        docs.attach_signed_pdf(actor=system_admin, decision=issued, pdf_bytes=signed,
                               trust_roots=[other_root])
    assert SignedDecisionPdf.objects.get(issued=issued).file.read() == signed


@needs_soffice
def test_signing_through_the_page_keeps_only_the_signed_pdf(
        issued: IssuedDecision, system_admin: User, outsider: User) -> None:
    _root, p12 = make_pki()
    admin = Client()
    login_verified(admin, system_admin)
    page = admin.post(reverse("nominations:decision_sign", args=[issued.pk]), {
        "pkcs12": SimpleUploadedFile("chu-ky.p12", p12), "passphrase": "mat-khau"},
        follow=True).content.decode()
    assert "Đã ký số quyết định." in page
    assert "mat-khau" not in page
    url = reverse("nominations:signed_pdf", args=[issued.pk])
    response = admin.get(url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert logged_in(outsider).get(url).status_code == 404


def test_certificates_one_page_each_with_a_verification_page(
        issued: IssuedDecision, commune_officer: User, outsider: User,
        system_admin: User, tmp_path: Path, django_assert_num_queries: Any) -> None:
    client = logged_in(commune_officer)
    url = reverse("nominations:certificates", args=[issued.pk])
    # 1: session; 2: user; 3: grants; 4: the decision with its proposal, units and ledger
    # decision; 5-6: savepoint; 7: the awarded lines with their subjects, units and tokens.
    # The first print also inserts the tokens in one statement and audits it (4 more:
    # insert, chain head, event, chain head update). Then no query per certificate.
    for paper, mode, queries in (("A4", "full", 11), ("A3", "preprinted", 7)):
        with django_assert_num_queries(queries):
            response = client.post(url, {"paper": paper, "mode": mode})
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert pdf_pages(response.content, tmp_path) == 2
        assert "Nguyễn Thị Hoa" in pdf_text(response.content, tmp_path)
    # Another commune's officer does not see the decision at all.
    assert logged_in(outsider).post(
        url, {"paper": "A4", "mode": "full"}).status_code == 404

    line = awarded_lines(issued).get(nominee_name="Nguyễn Thị Hoa")
    token = AwardCertificate.objects.get(line=line).token
    assert len(token) >= 32
    verify = reverse("nominations:verify_certificate", args=[token])
    # 1: the certificate with its line, proposal, deciding unit and ledger decision.
    with django_assert_num_queries(1):
        page = Client().get(verify).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Bằng khen của Bộ, ban, ngành, tỉnh" in page
    assert "1/QĐ-UBND" in page
    assert "15/01/2026" in page
    assert "đã bị thu hồi" not in page
    assert Client().get(reverse("nominations:verify_certificate",
                                args=["khong-ton-tai"])).status_code == 404

    decisions.revoke_line(actor=system_admin, line=line, reason="Khai man thành tích",
                          legal_basis="Điều 93 Luật Thi đua, khen thưởng 2022")
    assert "đã bị thu hồi" in Client().get(verify).content.decode()


def test_certificate_layout_places_fields_on_preprinted_forms(issued: IssuedDecision,
                                                               tmp_path: Path) -> None:
    lines = list(awarded_lines(issued))
    items = certificate_items(issued, lines, {line.pk: "https://vd.example/xac-minh/x/"
                                              for line in lines})
    pdf = render_certificates(items, paper=Paper.A4, mode=Mode.PREPRINTED)
    text = pdf_text(pdf, tmp_path)
    # Only the fields: no national heading, which the pre-printed form already carries.
    assert "CỘNG HÒA" not in text
    assert "Quyết định số 1/QĐ-UBND ngày 15/01/2026" in text
    assert pdf_pages(pdf, tmp_path) == 2


def test_document_downloads_and_signing_view(issued: IssuedDecision, commune_officer: User,
                                             outsider: User, system_admin: User,
                                             django_assert_num_queries: Any) -> None:
    docx_url = reverse("nominations:decision_docx", args=[issued.pk])
    client = logged_in(commune_officer)
    # 1: session; 2: user; 3: grants; 4: the decision; 5: the lines with subjects and units.
    with django_assert_num_queries(5):
        response = client.get(docx_url)
    assert response.status_code == 200
    assert "Nguyễn Thị Hoa" in [c.text for row in Document(io.BytesIO(
        response.content)).tables[1].rows for c in row.cells]
    assert logged_in(outsider).get(docx_url).status_code == 404
    sign_url = reverse("nominations:decision_sign", args=[issued.pk])
    admin = Client()
    login_verified(admin, system_admin)
    page = admin.post(sign_url, {
        "signed_pdf": SimpleUploadedFile("qd.pdf", HTML(string="<p>QĐ</p>").write_pdf())},
        follow=True)
    assert "không có chữ ký số" in page.content.decode()
    assert not SignedDecisionPdf.objects.exists()
