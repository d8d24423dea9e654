"""Check an uploaded dossier file by its content, not its name (a renamed .exe is refused)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from vinhdanh.nominations.errors import BadFile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: Extensions accepted for each detected type.
EXTENSIONS = {PDF: {"pdf"}, PNG: {"png"}, JPEG: {"jpg", "jpeg"}, DOCX: {"docx"},
              XLSX: {"xlsx"}}


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    name: str


def _office_type(head: UploadedFile) -> str | None:
    # DOCX and XLSX are ZIP packages; the part names tell them apart.
    head.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(head.read())) as package:
            names = set(package.namelist())
    except zipfile.BadZipFile:
        return None
    finally:
        head.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(name.startswith("word/") for name in names):
        return DOCX
    if any(name.startswith("xl/") for name in names):
        return XLSX
    return None


def detect_type(upload: UploadedFile) -> str | None:
    """Return the MIME type the file's first bytes announce, or None if not accepted."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Return the checked file's type, or raise BadFile naming the reason."""
    name = upload.name or ""
    limit: int = settings.UPLOAD_MAX_BYTES
    size = upload.size or 0
    if size > limit:
        raise BadFile(
            _("File %(name)s: %(size)s MB is over the limit of %(limit)s MB.")
            % {"name": name, "size": round(size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            field="attachment",
        )
    if size == 0:
        raise BadFile(_("File %(name)s is empty.") % {"name": name}, field="attachment")
    content_type = detect_type(upload)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if content_type is None or extension not in EXTENSIONS[content_type]:
        raise BadFile(
            _("File %(name)s: only PDF, DOCX, XLSX, JPEG and PNG files are accepted, and the "
              "name must match the content.") % {"name": name},
            field="attachment",
        )
    return CheckedFile(content_type=content_type, size=size, name=name)
