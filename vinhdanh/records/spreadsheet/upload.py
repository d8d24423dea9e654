"""Checks an uploaded workbook must pass before openpyxl is allowed to open it.

The zip central directory declares every member's compressed and uncompressed size;
reading it costs nothing, so a zip bomb is refused before a single member is inflated.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from vinhdanh.core.errors import ValidationFailed

SPREADSHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
MAX_MEMBERS = 2000
# Real workbooks compress shared strings and sheets about 5-20 times; 200 leaves margin.
MAX_RATIO = 200
# Uncompressed total allowed per compressed byte allowed.
MAX_EXPANSION = 25


class UploadRejected(ValidationFailed):
    """The file is not a workbook the importer will open."""


@dataclass(frozen=True)
class CheckedUpload:
    data: bytes
    uncompressed_bytes: int


def check_workbook_bytes(data: bytes) -> CheckedUpload:
    """Refuse empty, oversized, non-XLSX and zip-bomb files; return the checked bytes."""
    limit: int = settings.UPLOAD_MAX_BYTES
    if not data:
        raise UploadRejected(_("The file is empty (0 bytes)."), field="file")
    if len(data) > limit:
        raise UploadRejected(
            _("The file is %(size)s bytes; the limit is %(limit)s bytes.")
            % {"size": len(data), "limit": limit},
            field="file",
        )
    if not data.startswith(b"PK\x03\x04"):
        raise UploadRejected(
            _("The file is not an Excel workbook (.xlsx); save it as “Excel Workbook”."),
            field="file",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadRejected(_("The file is damaged: it is not a readable .xlsx archive."),
                             field="file") from exc
    with archive:
        total = _check_sizes(members, limit=limit)
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise UploadRejected(
                _("The file is a zip archive but not an Excel workbook (.xlsx)."), field="file"
            )
        content_types = archive.read("[Content_Types].xml")
    if MACRO_MAIN.encode() in content_types:
        raise UploadRejected(_("Workbooks with macros (.xlsm) are not accepted."), field="file")
    if SPREADSHEET_MAIN.encode() not in content_types:
        raise UploadRejected(
            _("The file is not an Excel workbook (.xlsx): its content type is wrong."),
            field="file",
        )
    return CheckedUpload(data=data, uncompressed_bytes=total)


def _check_sizes(members: list[zipfile.ZipInfo], *, limit: int) -> int:
    if len(members) > MAX_MEMBERS:
        raise UploadRejected(_("The archive holds too many files to be a workbook."),
                             field="file")
    total = 0
    for member in members:
        total += member.file_size
        compressed = max(member.compress_size, 1)
        if member.file_size > 1_000_000 and member.file_size / compressed > MAX_RATIO:
            raise UploadRejected(
                _("The file expands to an abnormal size (possible zip bomb); it was refused."),
                field="file",
            )
    if total > limit * MAX_EXPANSION:
        raise UploadRejected(
            _("The file expands to an abnormal size (possible zip bomb); it was refused."),
            field="file",
        )
    return total
