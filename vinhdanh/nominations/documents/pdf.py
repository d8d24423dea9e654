"""DOCX → PDF with LibreOffice headless, one private profile per run."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from vinhdanh.nominations.errors import ConversionFailed

#: A cold LibreOffice start plus one short document stays well under this.
TIMEOUT_SECONDS = 120


def soffice_binary() -> str | None:
    configured = str(getattr(settings, "VINHDANH_SOFFICE", ""))
    if configured:
        return configured if Path(configured).is_file() else None
    return shutil.which("soffice")


def docx_to_pdf(docx: bytes, *, name: str = "quyet-dinh") -> bytes:
    binary = soffice_binary()
    if binary is None:
        raise ConversionFailed(_("LibreOffice (soffice) is not installed on the server: the "
                                 "PDF cannot be made. Download the DOCX instead."))
    with tempfile.TemporaryDirectory(prefix="vinhdanh-soffice-") as tmp:
        work = Path(tmp)
        source = work / f"{name}.docx"
        source.write_bytes(docx)
        # A private profile: concurrent conversions would otherwise lock the same one.
        profile = (work / "profile").as_uri()
        try:
            subprocess.run(
                [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(work), str(source)],
                check=True, capture_output=True, timeout=TIMEOUT_SECONDS,
            )
        except subprocess.TimeoutExpired as error:
            raise ConversionFailed(_("LibreOffice took too long to convert the decision to "
                                     "PDF; please try again.")) from error
        except (subprocess.CalledProcessError, OSError) as error:
            raise ConversionFailed(_("LibreOffice could not convert the decision to PDF.")) \
                from error
        target = work / f"{name}.pdf"
        if not target.exists():
            raise ConversionFailed(_("LibreOffice could not convert the decision to PDF."))
        return target.read_bytes()
