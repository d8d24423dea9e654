"""Tally minutes as DOCX (python-docx) and PDF (LibreOffice), read back as a user would."""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from docx import Document

from vinhdanh.councils.minutes import PdfConverterMissing
from vinhdanh.councils.models import AttendanceStatus, Poll
from vinhdanh.councils.services import setup
from vinhdanh.councils.services.ballots import cast_ballot
from vinhdanh.councils.services.documents import produce_minutes
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup, make_poll
from vinhdanh.councils.tests.test_ballots import ballot


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


@pytest.fixture
def closed_poll(council9: CouncilSetup) -> Poll:
    cs = council9
    setup.record_attendance(actor=cs.secretary, session=cs.session, statuses={
        **{cs.memberships[u.pk].pk: AttendanceStatus.PRESENT for u in cs.members[:8]},
        cs.memberships[cs.members[8].pk].pk: AttendanceStatus.ABSENT})
    poll = open_poll(actor=cs.secretary, poll=make_poll(cs))
    for n, member in enumerate(cs.members[:8]):
        cast_ballot(actor=member, poll=poll,
                    choices=ballot(poll, "yes", "yes", "no" if n < 3 else "yes"))
    return close_poll(actor=cs.secretary, poll=poll)


def test_minutes_docx_carry_the_layout_names_and_counts(council9: CouncilSetup,
                                                        closed_poll: Poll) -> None:
    content, name, media = produce_minutes(actor=council9.secretary, poll=closed_poll,
                                           counting_committee=["Đỗ Văn Kiểm", "Hà Thị Phiếu"])
    text = docx_text(content)

    assert name.endswith(".docx")
    assert "wordprocessingml" in media
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Ninh Bình, ngày 15 tháng 01 năm 2026" in text
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Tổng số thành viên Hội đồng: 9; có mặt: 8; vắng mặt: 1." in text
    assert "1 | Nguyễn Văn An — Chiến sĩ thi đua cấp tỉnh | 8 | 0 | 0 | 0 | 88,89% | ≥ 90% | " \
           "Không đạt" in text
    assert "2 | Lê Thị Bình — Chiến sĩ thi đua cơ sở | 8 | 0 | 0 | 0 | 88,89% | ≥ 80% | Đạt" in text
    assert "3 | Trường THCS Hà Nam — Bằng khen | 5 | 3 | 0 | 0 | 55,56% | > 50% | Đạt" in text
    for signer in ("Đỗ Văn Kiểm", "Hà Thị Phiếu", "Trần Thị Thư"):
        assert signer in text


def test_minutes_are_the_secretarys_to_produce(council9: CouncilSetup, closed_poll: Poll,
                                               other_council: CouncilSetup) -> None:
    for intruder in (council9.members[3], other_council.secretary):
        with pytest.raises(PermissionDenied):
            produce_minutes(actor=intruder, poll=closed_poll)
    assert produce_minutes(actor=council9.secretary, poll=closed_poll)[0]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs libreoffice-writer-nogui and poppler-utils (apt)")
def test_minutes_pdf_holds_the_same_text(council9: CouncilSetup, closed_poll: Poll,
                                         tmp_path: object) -> None:
    content, name, media = produce_minutes(actor=council9.secretary, poll=closed_poll, fmt="pdf")
    assert content.startswith(b"%PDF")
    assert name.endswith(".pdf")
    assert media == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content,
                          capture_output=True, check=True).stdout.decode("utf-8")
    text = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Ninh Bình, ngày 15 tháng 01 năm 2026" in text
    assert "BIÊN BẢN KIỂM PHIẾU" in text
    assert "Trần Thị Thư" in text
    assert "88,89%" in text
    assert "Không đạt" in text


def test_pdf_without_libreoffice_says_so(council9: CouncilSetup, closed_poll: Poll,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(PdfConverterMissing, match="libreoffice-writer-nogui"):
        produce_minutes(actor=council9.secretary, poll=closed_poll, fmt="pdf")
