"""The review report (báo cáo sơ kết, tổng kết) as DOCX, rendered with docxtpl.

The layout follows an administrative report of Decree 30/2020/NĐ-CP Appendix I: issuing
body and number top-left, the national motto top-right, place and date in italics, the
title, the body, then the recipients bottom-left and the signer bottom-right, Times New
Roman 12–14 pt on A4. The Word template is editable: an administrator may point
`VINHDANH_REVIEW_TEMPLATE` at an edited copy; the committed default is the output of
`write_default_template`. The text is Vietnamese whatever the interface language, as
administrative documents are (Decree 30/2020 Art 8).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.table import _Cell
from docxtpl import DocxTemplate

from vinhdanh.core.docx_layout import (
    FONT,
    administrative_document,
    fixed_widths,
    no_borders,
    paragraph,
)
from vinhdanh.movements.models import ReviewKind
from vinhdanh.movements.reports import Review, number, percent_text, value_text

# Under templates/ so that the package data rule of pyproject ships it.
DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "docx" / "bao-cao-so-ket-tong-ket.docx"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
KIND_WORDS = {ReviewKind.INTERIM: "sơ kết", ReviewKind.FINAL: "tổng kết"}


@dataclass(frozen=True)
class IndicatorRow:
    index: int
    name: str
    target: str
    actual: str
    percent: str
    reporting: str
    units_on_track: str


@dataclass(frozen=True)
class RankRow:
    rank: int
    unit: str
    on_track: str
    share: str


@dataclass(frozen=True)
class ReportContext:
    body: str  # "TỈNH NINH BÌNH"
    place: str
    day: str
    month: str
    year: str
    kind_title: str  # "Sơ kết" / "Tổng kết"
    kind_word: str  # "sơ kết" / "tổng kết"
    movement: str
    launched_by: str
    unit: str
    start: str
    end: str
    as_of: str
    indicators: list[IndicatorRow]
    ranking: list[RankRow]
    units_on_track: int
    units_judged: int
    share_units_on_track: str
    honours: list[str]
    recipients: list[str]


def template_path() -> Path:
    """The template in use: an administrator's edited copy if configured, else the default."""
    configured = str(getattr(settings, "VINHDANH_REVIEW_TEMPLATE", ""))
    return Path(configured) if configured else DEFAULT_TEMPLATE


def report_context(review: Review, *, today: dt.date) -> ReportContext:
    word = KIND_WORDS[review.kind]
    return ReportContext(
        body=review.unit.name.upper(), place=review.unit.name, day=f"{today:%d}",
        month=f"{today:%m}", year=f"{today:%Y}", kind_title=word.capitalize(), kind_word=word,
        movement=review.movement.name, launched_by=review.movement.launched_by.name,
        unit=review.unit.name, start=f"{review.period_start:%d/%m/%Y}",
        end=f"{review.period_end:%d/%m/%Y}", as_of=f"{review.as_of:%d/%m/%Y}",
        indicators=[
            IndicatorRow(
                n, line.row.indicator.name + (f" ({line.row.indicator.measure_unit})"
                                              if line.row.indicator.measure_unit else ""),
                number(line.row.target, -2), value_text(line.row),
                percent_text(line.row.percent_of_target), str(line.row.reporting_units),
                percent_text(line.share_on_track))
            for n, line in enumerate(review.lines, start=1)
        ],
        ranking=[RankRow(r.rank, r.progress.unit.name, f"{r.on_track}/{r.judged}",
                         percent_text(r.share)) for r in review.ranking],
        units_on_track=review.units_on_track, units_judged=review.units_judged,
        share_units_on_track=percent_text(review.share_units_on_track),
        honours=[f"{h.person.full_name} ({h.unit.name})" if h.person else h.unit.name
                 for h in review.honours],
        recipients=[review.movement.launched_by.name]
        if review.movement.launched_by_id != review.unit.pk else [],
    )


def review_docx(review: Review, *, today: dt.date, template: Path | None = None) -> bytes:
    """Return the review report as DOCX bytes."""
    document = DocxTemplate(str(template or template_path()))
    document.render({"r": report_context(review, today=today)})
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def review_filename(review: Review) -> str:
    word = "so-ket" if review.kind == ReviewKind.INTERIM else "tong-ket"
    return f"bao-cao-{word}-{review.movement.code}-{review.as_of.isoformat()}.docx"


# --- The default template ----------------------------------------------------------------


def _drop_first_paragraph(cell: _Cell) -> None:
    """A new cell starts with an empty paragraph; drop it once the cell has its own."""
    first = cell.paragraphs[0]._p
    first.getparent().remove(first)


def _cell(cell: _Cell, text: str, *, bold: bool = False, left: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if left else WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(12)
    run.bold = bold


def _looped_table(document: DocxDocument, header: tuple[str, ...], loop: str,
                  cells: tuple[str, ...], widths: tuple[float, ...]) -> None:
    """A grid with a header row and one templated row repeated by docxtpl's `{%tr %}`."""
    table = document.add_table(rows=4, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        _cell(cell, text, bold=True)
    table.rows[1].cells[0].paragraphs[0].text = f"{{%tr for {loop} %}}"
    for n, (cell, text) in enumerate(zip(table.rows[2].cells, cells, strict=True)):
        _cell(cell, text, left=n == 1)
    table.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    fixed_widths(table, widths)


def write_default_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default review template (the committed .docx is this function's output)."""
    document = administrative_document(13)

    head = document.add_table(rows=1, cols=2)
    no_borders(head)
    fixed_widths(head, (65, 100))
    left, right = head.rows[0].cells
    paragraph(left, "{{ r.body }}", size=12, bold=True, align="center", after=0)
    paragraph(left, "────────", align="center", after=6)
    paragraph(left, "Số:       /BC", align="center")
    paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
          after=0)
    paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, align="center",
          after=6)
    paragraph(right, "{{ r.place }}, ngày {{ r.day }} tháng {{ r.month }} năm {{ r.year }}",
          italic=True, align="center")
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)

    paragraph(document, "", after=0)
    paragraph(document, "BÁO CÁO", size=14, bold=True, align="center", after=0)
    paragraph(document, "{{ r.kind_title }} phong trào thi đua “{{ r.movement }}”", size=14,
          bold=True, align="center", after=0)
    paragraph(document, "(Giai đoạn từ {{ r.start }} đến {{ r.end }}; số liệu tính đến ngày "
          "{{ r.as_of }})", italic=True, align="center", after=0)
    paragraph(document, "────────", align="center", after=6)
    paragraph(document, "Thực hiện phong trào thi đua “{{ r.movement }}” do {{ r.launched_by }} "
          "phát động, {{ r.unit }} báo cáo kết quả {{ r.kind_word }} như sau:", indent=True)

    paragraph(document, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, after=6)
    _looped_table(
        document,
        ("STT", "Chỉ tiêu", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ so với chỉ tiêu",
         "Số đơn vị báo cáo", "Tỷ lệ đơn vị đạt"),
        "i in r.indicators",
        ("{{ i.index }}", "{{ i.name }}", "{{ i.target }}", "{{ i.actual }}", "{{ i.percent }}",
         "{{ i.reporting }}", "{{ i.units_on_track }}"),
        (13, 52, 20, 20, 20, 20, 20))
    paragraph(document, "", after=0)
    paragraph(document, "II. XẾP HẠNG CÁC ĐƠN VỊ", bold=True, after=6)
    _looped_table(
        document, ("Hạng", "Đơn vị", "Chỉ tiêu đạt", "Tỷ lệ chỉ tiêu đạt"), "u in r.ranking",
        ("{{ u.rank }}", "{{ u.unit }}", "{{ u.on_track }}", "{{ u.share }}"),
        (15, 85, 30, 35))
    paragraph(document, "", after=0)
    paragraph(document, "III. TỶ LỆ ĐƠN VỊ ĐẠT TIẾN ĐỘ", bold=True, after=6)
    paragraph(document, "Có {{ r.units_on_track }}/{{ r.units_judged }} đơn vị đạt tất cả các "
          "chỉ tiêu được đánh giá, chiếm tỷ lệ {{ r.share_units_on_track }}.", indent=True)
    paragraph(document, "{%p if r.honours %}", after=0)
    paragraph(document, "IV. ĐỀ XUẤT KHEN THƯỞNG", bold=True, after=6)
    paragraph(document, "Các tập thể, cá nhân có thành tích tiêu biểu trong phong trào:",
          indent=True)
    paragraph(document, "{%p for h in r.honours %}", after=0)
    paragraph(document, "{{ loop.index }}. {{ h }}", indent=True)
    paragraph(document, "{%p endfor %}", after=0)
    paragraph(document, "{%p endif %}", after=12)

    foot = document.add_table(rows=1, cols=2)
    no_borders(foot)
    fixed_widths(foot, (75, 90))
    left, right = foot.rows[0].cells
    paragraph(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", after=0)
    paragraph(left, "{%p for name in r.recipients %}", size=11, align="left", after=0)
    paragraph(left, "- {{ name }};", size=11, align="left", after=0)
    paragraph(left, "{%p endfor %}", size=11, align="left", after=0)
    paragraph(left, "- Lưu: VT.", size=11, align="left", after=0)
    paragraph(right, "TM. {{ r.body }}", bold=True, align="center", after=60)
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
