"""Checks on files officers upload: movement plans and photos of exemplary models.

The name's extension is not trusted: the first bytes must match the claimed type, and
photos are decoded and re-encoded so that what the public gallery serves is a plain
image (no script, no EXIF location of the person photographed).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from vinhdanh.core.errors import ValidationFailed

if TYPE_CHECKING:
    from django.core.files import File

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# The largest side of a stored photo; bigger ones are scaled down when re-encoded.
MAX_PHOTO_SIDE = 2000

#: Accepted plan documents by extension, with the bytes their files start with.
DOCUMENT_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "docx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
}

PHOTO_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "jpeg": (b"\xff\xd8\xff",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "webp": (b"RIFF",),
}


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _head(upload: File[bytes], size: int = 16) -> bytes:
    upload.seek(0)
    head = bytes(upload.read(size))
    upload.seek(0)
    return head


def check_document(upload: File[bytes], *, field: str = "plan_document") -> None:
    """Refuse a plan document that is not a PDF/Word/ODT file of at most 10 MB."""
    name = upload.name or ""
    extension = _extension(name)
    if extension not in DOCUMENT_SIGNATURES:
        raise ValidationFailed(
            _("Plan document: “%(name)s” is not a PDF, DOC, DOCX or ODT file.") % {"name": name},
            field=field)
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise ValidationFailed(
            _("Plan document: the file is larger than %(mb)s MB.")
            % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)}, field=field)
    if not _head(upload).startswith(DOCUMENT_SIGNATURES[extension]):
        raise ValidationFailed(
            _("Plan document: the content of “%(name)s” is not a %(type)s file.")
            % {"name": name, "type": extension.upper()}, field=field)


def reencode_photo(upload: File[bytes], *, field: str = "photo") -> tuple[ContentFile[bytes], str]:
    """Return the photo decoded and re-encoded as JPEG or PNG, and its content type.

    Refuses files over 5 MB and anything Pillow cannot read as a JPEG, PNG or WebP image.
    """
    name = upload.name or ""
    if (upload.size or 0) > MAX_PHOTO_BYTES:
        raise ValidationFailed(
            _("Photo: “%(name)s” is larger than %(mb)s MB.")
            % {"name": name, "mb": MAX_PHOTO_BYTES // (1024 * 1024)}, field=field)
    head = _head(upload)
    kind = next((k for k, sigs in PHOTO_SIGNATURES.items() if head.startswith(sigs)), None)
    if kind is None or (kind == "webp" and head[8:12] != b"WEBP"):
        raise ValidationFailed(
            _("Photo: “%(name)s” is not a JPEG, PNG or WebP image.") % {"name": name},
            field=field)
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            if image.format not in {"JPEG", "PNG", "WEBP"}:
                raise UnidentifiedImageError(image.format)
            has_alpha = image.mode in {"RGBA", "LA", "P"}
            clean = image.convert("RGBA" if has_alpha else "RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed(
            _("Photo: “%(name)s” is damaged or not an image.") % {"name": name},
            field=field) from None
    clean.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))
    out = io.BytesIO()
    if has_alpha:
        clean.save(out, format="PNG", optimize=True)
        suffix, content_type = "png", "image/png"
    else:
        clean.save(out, format="JPEG", quality=85)
        suffix, content_type = "jpg", "image/jpeg"
    stem = (name.rsplit("/", 1)[-1].rsplit(".", 1)[0] or "anh")[:60]
    return ContentFile(out.getvalue(), name=f"{stem}.{suffix}"), content_type
