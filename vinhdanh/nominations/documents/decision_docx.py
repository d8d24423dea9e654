"""The decision as DOCX, rendered with docxtpl from an editable Word template.

The layout follows Decree 30/2020/NĐ-CP Appendix I: issuing body and number top-left, the
national motto top-right, place and date in italics, title, legal basis, articles, then the
recipients bottom-left and the signer bottom-right, Times New Roman 13–14 pt.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from vinhdanh.core.docx_layout import (
    FONT,
    administrative_document,
    fixed_widths,
    no_borders,
    paragraph,
)
from vinhdanh.core.money import format_vnd

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "quyet-dinh-khen-thuong.docx"


def template_path() -> Path:
    """The template in use: an administrator's edited copy if configured, else the default."""
    configured = getattr(settings, "VINHDANH_DECISION_TEMPLATE", "")
    return Path(configured) if configured else DEFAULT_TEMPLATE


@dataclass(frozen=True)
class AwardeeRow:
    index: int
    name: str
    unit: str
    award: str
    amount: str


@dataclass(frozen=True)
class DecisionContext:
    issuer_body: str  # "ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"
    number: str  # "125/QĐ-UBND"
    place: str  # "Ninh Bình"
    day: str  # "15"
    month: str  # "01"
    year: str  # "2026"
    subject: str  # "Về việc tặng Bằng khen …"
    authority: str  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH NINH BÌNH"
    legal_basis: list[str]
    proposal: str
    awardees: list[AwardeeRow]
    total: str
    money_source: str
    executors: str
    recipients: list[str]
    signer_capacity: str  # "TM. ỦY BAN NHÂN DÂN"
    signer_title: str  # "CHỦ TỊCH"
    signer_name: str


def render_decision_docx(context: DecisionContext, template: Path | None = None) -> bytes:
    doc = DocxTemplate(str(template or template_path()))
    doc.render({"d": context})
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def amount_words(amount: int) -> str:
    """`3.510.000 đồng`, the way decisions write reward money."""
    return format_vnd(amount, suffix="đồng")


# --- The default template ----------------------------------------------------------------

def _font(paragraph: Paragraph, size: float, *, bold: bool = False, italic: bool = False,
          underline: bool = False) -> None:
    for run in paragraph.runs:
        run.font.name = FONT
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.italic = italic
        run.font.underline = underline


#: The decision's body text is 14 pt (Decree 30/2020 Appendix I: 13–14 pt).
_para = partial(paragraph, size=14)


def write_default_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default decision template (the committed .docx is this function's output)."""
    document = administrative_document(14)

    head = document.add_table(rows=1, cols=2)
    no_borders(head)
    fixed_widths(head, (68, 97))
    left, right = head.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, "{{ d.issuer_body }}", size=12, bold=True, align="center", after=0)
    _para(left, "────────", size=13, align="center", after=6)
    _para(left, "Số: {{ d.number }}", size=13, align="center")
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
          after=0)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True,
          align="center", after=6)
    _para(right, "{{ d.place }}, ngày {{ d.day }} tháng {{ d.month }} năm {{ d.year }}",
          size=14, italic=True, align="center")

    _para(document, "", after=0)
    _para(document, "QUYẾT ĐỊNH", bold=True, align="center", after=0)
    _para(document, "{{ d.subject }}", bold=True, align="center", after=0)
    _para(document, "────────", align="center", after=6)
    _para(document, "{{ d.authority }}", bold=True, align="center", after=6)
    _para(document, "{%p for basis in d.legal_basis %}", after=0)
    _para(document, "Căn cứ {{ basis }};", italic=True, indent=True)
    _para(document, "{%p endfor %}", after=0)
    _para(document, "Xét đề nghị tại {{ d.proposal }}.", italic=True, indent=True, after=6)
    _para(document, "QUYẾT ĐỊNH:", bold=True, align="center", after=6)
    _para(document, "Điều 1. Tặng thưởng cho {{ d.awardees|length }} cá nhân, tập thể có "
          "tên sau:", indent=True)

    table = document.add_table(rows=4, cols=5)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells,
                          ("TT", "Họ và tên", "Chức vụ, đơn vị", "Hình thức khen thưởng",
                           "Tiền thưởng"), strict=True):
        cell.paragraphs[0].text = text
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(cell.paragraphs[0], 13, bold=True)
    table.rows[1].cells[0].paragraphs[0].text = "{%tr for a in d.awardees %}"
    for cell, text in zip(table.rows[2].cells,
                          ("{{ a.index }}", "{{ a.name }}", "{{ a.unit }}", "{{ a.award }}",
                           "{{ a.amount }}"), strict=True):
        cell.paragraphs[0].text = text
        _font(cell.paragraphs[0], 13)
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    fixed_widths(table, (10, 40, 34, 43, 38))
    _para(document, "Tổng số tiền thưởng: {{ d.total }}.", indent=True, after=3)
    _para(document, "Điều 2. {{ d.money_source }}", indent=True)
    _para(document, "Điều 3. {{ d.executors }}", indent=True, after=12)

    foot = document.add_table(rows=1, cols=2)
    no_borders(foot)
    fixed_widths(foot, (75, 90))
    left, right = foot.rows[0].cells
    left.paragraphs[0].text = ""
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", after=0)
    _para(left, "{%p for r in d.recipients %}", size=11, align="left", after=0)
    _para(left, "- {{ r }};", size=11, align="left", after=0)
    _para(left, "{%p endfor %}", size=11, align="left", after=0)
    _para(left, "- Lưu: VT.", size=11, align="left", after=0)
    right.paragraphs[0].text = ""
    _para(right, "{{ d.signer_capacity }}", bold=True, align="center", after=0)
    _para(right, "{{ d.signer_title }}", bold=True, align="center", after=60)
    _para(right, "{{ d.signer_name }}", bold=True, align="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
