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
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from vinhdanh.movements.models import ReviewKind
from vinhdanh.movements.reports import Review, number, percent_text, value_text

# Under templates/ so that the package data rule of pyproject ships it.
DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "docx" / "bao-cao-so-ket-tong-ket.docx"
FONT = "Times New Roman"
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


def _para(container: DocxDocument | _Cell, text: str, *, size: float = 13,
          bold: bool = False, italic: bool = False, underline: bool = False,
          align: str = "justify", indent: bool = False, after: float = 3) -> Paragraph:
    paragraph: Paragraph = container.add_paragraph()
    paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                           "left": WD_ALIGN_PARAGRAPH.LEFT,
                           "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(12.7)
    run = paragraph.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return paragraph


def _no_borders(table: Table) -> None:
    tbl = table._tbl
    borders = tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is None:
        borders = tbl.tblPr.makeelement(qn("w:tblBorders"), {})
        tbl.tblPr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))


def _widths(table: Table, millimetres: tuple[float, ...]) -> None:
    """Fixed column widths: Word reads each cell, LibreOffice the grid; set both."""
    table.autofit = False
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


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
    _widths(table, widths)


def write_default_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default review template (the committed .docx is this function's output)."""
    document = Document()
    section = document.sections[0]
    # Decree 30/2020 Appendix I §I.2: A4, margins top/bottom 20–25 mm, left 30–35, right 15–20.
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    head = document.add_table(rows=1, cols=2)
    _no_borders(head)
    _widths(head, (65, 100))
    left, right = head.rows[0].cells
    _para(left, "{{ r.body }}", size=12, bold=True, align="center", after=0)
    _para(left, "────────", align="center", after=6)
    _para(left, "Số:       /BC", align="center")
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
          after=0)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline=True, align="center",
          after=6)
    _para(right, "{{ r.place }}, ngày {{ r.day }} tháng {{ r.month }} năm {{ r.year }}",
          italic=True, align="center")
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)

    _para(document, "", after=0)
    _para(document, "BÁO CÁO", size=14, bold=True, align="center", after=0)
    _para(document, "{{ r.kind_title }} phong trào thi đua “{{ r.movement }}”", size=14,
          bold=True, align="center", after=0)
    _para(document, "(Giai đoạn từ {{ r.start }} đến {{ r.end }}; số liệu tính đến ngày "
          "{{ r.as_of }})", italic=True, align="center", after=0)
    _para(document, "────────", align="center", after=6)
    _para(document, "Thực hiện phong trào thi đua “{{ r.movement }}” do {{ r.launched_by }} "
          "phát động, {{ r.unit }} báo cáo kết quả {{ r.kind_word }} như sau:", indent=True)

    _para(document, "I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU", bold=True, after=6)
    _looped_table(
        document,
        ("STT", "Chỉ tiêu", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ so với chỉ tiêu",
         "Số đơn vị báo cáo", "Tỷ lệ đơn vị đạt"),
        "i in r.indicators",
        ("{{ i.index }}", "{{ i.name }}", "{{ i.target }}", "{{ i.actual }}", "{{ i.percent }}",
         "{{ i.reporting }}", "{{ i.units_on_track }}"),
        (13, 52, 20, 20, 20, 20, 20))
    _para(document, "", after=0)
    _para(document, "II. XẾP HẠNG CÁC ĐƠN VỊ", bold=True, after=6)
    _looped_table(
        document, ("Hạng", "Đơn vị", "Chỉ tiêu đạt", "Tỷ lệ chỉ tiêu đạt"), "u in r.ranking",
        ("{{ u.rank }}", "{{ u.unit }}", "{{ u.on_track }}", "{{ u.share }}"),
        (15, 85, 30, 35))
    _para(document, "", after=0)
    _para(document, "III. TỶ LỆ ĐƠN VỊ ĐẠT TIẾN ĐỘ", bold=True, after=6)
    _para(document, "Có {{ r.units_on_track }}/{{ r.units_judged }} đơn vị đạt tất cả các "
          "chỉ tiêu được đánh giá, chiếm tỷ lệ {{ r.share_units_on_track }}.", indent=True)
    _para(document, "{%p if r.honours %}", after=0)
    _para(document, "IV. ĐỀ XUẤT KHEN THƯỞNG", bold=True, after=6)
    _para(document, "Các tập thể, cá nhân có thành tích tiêu biểu trong phong trào:",
          indent=True)
    _para(document, "{%p for h in r.honours %}", after=0)
    _para(document, "{{ loop.index }}. {{ h }}", indent=True)
    _para(document, "{%p endfor %}", after=0)
    _para(document, "{%p endif %}", after=12)

    foot = document.add_table(rows=1, cols=2)
    _no_borders(foot)
    _widths(foot, (75, 90))
    left, right = foot.rows[0].cells
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", after=0)
    _para(left, "{%p for name in r.recipients %}", size=11, align="left", after=0)
    _para(left, "- {{ name }};", size=11, align="left", after=0)
    _para(left, "{%p endfor %}", size=11, align="left", after=0)
    _para(left, "- Lưu: VT.", size=11, align="left", after=0)
    _para(right, "TM. {{ r.body }}", bold=True, align="center", after=60)
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
