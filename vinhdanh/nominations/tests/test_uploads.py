"""Dossier files are checked by content and size, whatever their name says."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vinhdanh.accounts.models import User
from vinhdanh.nominations.errors import BadFile
from vinhdanh.nominations.models import Proposal
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.uploads import DOCX, JPEG, PNG, XLSX, check_upload


def office(part: str, name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return SimpleUploadedFile(name, buffer.getvalue())


def test_accepted_types_are_recognised_by_content() -> None:
    assert check_upload(office("word/document.xml", "bao-cao.docx")).content_type == DOCX
    assert check_upload(office("xl/workbook.xml", "danh-sach.xlsx")).content_type == XLSX
    assert check_upload(SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n1234")).content_type \
        == PNG
    assert check_upload(SimpleUploadedFile("anh.JPG", b"\xff\xd8\xff\xe0abc")).content_type \
        == JPEG


def test_renamed_executable_is_refused(proposal: Proposal, commune_officer: User) -> None:
    item = proposal.lines.get().items.first()
    assert item is not None
    exe = SimpleUploadedFile("to-trinh.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64)
    with pytest.raises(BadFile, match=r"to-trinh\.pdf"):
        svc.attach_file(actor=commune_officer, item=item, upload=exe)
    # A zip that is not an Office document, and a PDF named .docx, are refused too.
    with pytest.raises(BadFile):
        check_upload(office("payload.bin", "bao-cao.docx"))
    with pytest.raises(BadFile):
        check_upload(SimpleUploadedFile("bao-cao.docx", b"%PDF-1.4 ..."))


def test_oversized_file_is_refused(settings: object, proposal: Proposal,
                                   commune_officer: User) -> None:
    settings.UPLOAD_MAX_BYTES = 1024  # type: ignore[attr-defined]
    item = proposal.lines.get().items.first()
    assert item is not None
    big = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    with pytest.raises(BadFile, match="MB"):
        svc.attach_file(actor=commune_officer, item=item, upload=big)
