"""Certificates (one page per awardee) rendered with WeasyPrint, each with a QR code.

Two modes: a full certificate on blank paper, or only the fields printed at fixed places on
pre-printed forms (the province buys the printed Bằng khen/Giấy khen blanks).
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from enum import StrEnum

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML  # type: ignore[import-untyped]


class Paper(StrEnum):
    A4 = "A4"
    A3 = "A3"


class Mode(StrEnum):
    FULL = "full"
    PREPRINTED = "preprinted"


@dataclass(frozen=True)
class FieldSpot:
    """Where one field goes on a pre-printed form: millimetres from the top-left corner."""

    x_mm: float
    y_mm: float
    size_pt: float


#: Default places on an A4 landscape blank; A3 scales them by √2. An award can have its own
#: layout under settings.VINHDANH_CERTIFICATE_LAYOUTS = {award_code: {field: (x, y, pt)}}.
DEFAULT_LAYOUT: dict[str, FieldSpot] = {
    "name": FieldSpot(60, 92, 26),
    "unit": FieldSpot(60, 108, 15),
    "achievement": FieldSpot(40, 122, 14),
    "decision": FieldSpot(40, 160, 13),
    "place_date": FieldSpot(165, 160, 13),
    "qr": FieldSpot(20, 170, 0),
}
A3_SCALE = 2 ** 0.5


def layout_for(award_code: str, paper: Paper) -> dict[str, FieldSpot]:
    layout = dict(DEFAULT_LAYOUT)
    custom = getattr(settings, "VINHDANH_CERTIFICATE_LAYOUTS", {}).get(award_code, {})
    layout.update({key: FieldSpot(*value) for key, value in custom.items()})
    if paper is Paper.A3:
        layout = {key: FieldSpot(s.x_mm * A3_SCALE, s.y_mm * A3_SCALE, s.size_pt * A3_SCALE)
                  for key, s in layout.items()}
    return layout


@dataclass(frozen=True)
class CertificateItem:
    award_code: str
    award_name: str
    name: str
    unit: str
    achievement: str
    issuer_body: str
    decision_number: str
    decision_date: str  # dd/mm/yyyy
    place_date: str  # "Ninh Bình, ngày 15 tháng 01 năm 2026"
    signer_title: str
    signer_name: str
    verify_url: str


def qr_data_uri(url: str) -> str:
    """The QR code as an inline SVG data URI: made here, no external service sees the URL."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10,
                        border=1)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def render_certificates(items: list[CertificateItem], *, paper: Paper = Paper.A4,
                        mode: Mode = Mode.FULL) -> bytes:
    pages = [{"item": item, "qr": qr_data_uri(item.verify_url),
              "layout": layout_for(item.award_code, paper)} for item in items]
    html = render_to_string("nominations/certificates.html", {
        "pages": pages, "paper": paper.value, "preprinted": mode is Mode.PREPRINTED,
        "scale": A3_SCALE if paper is Paper.A3 else 1,
    })
    return bytes(HTML(string=html).write_pdf())
