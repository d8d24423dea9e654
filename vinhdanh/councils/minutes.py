"""Tally minutes (biên bản kiểm phiếu) as DOCX, and as PDF through LibreOffice.

The layout follows Vietnamese administrative documents (Decree 30/2020/NĐ-CP, Appendix I):
issuing body and national motto side by side, place-and-date line, title, body, table,
signatures.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm, Pt
from docx.table import _Cell

from vinhdanh.councils.results import PollResult

FONT = "Times New Roman"
SOFFICE_TIMEOUT = 120
#: STT, item, agree, disagree, abstain, invalid, share, threshold, result: 16 cm in all.
COLUMN_WIDTHS_CM = (11, 36, 14, 15, 15, 14, 18, 16, 21)  # in millimetres
_LOCALITY_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn ")


class PdfConverterMissing(RuntimeError):
    """LibreOffice (soffice) is not installed, so no PDF can be made."""


@dataclass(frozen=True)
class MinutesContext:
    unit_name: str
    council_name: str
    poll_title: str
    locality: str
    session_date_text: str
    place: str
    present: int
    absent: int
    signers: tuple[tuple[str, str], ...]  # (role heading, full name)


def locality_of(unit_name: str) -> str:
    """Return the place name of the date line: "Tỉnh Ninh Bình" → "Ninh Bình"."""
    for prefix in _LOCALITY_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


def date_line(locality: str, day_text: tuple[int, int, int]) -> str:
    day, month, year = day_text
    return f"{locality}, ngày {day:02d} tháng {month:02d} năm {year}"


def _para(container: DocxDocument | _Cell, text: str, *, bold: bool = False, italic: bool = False,
          size: int = 13, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    paragraph = container.add_paragraph()
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.size = Pt(size)
    run.font.name = FONT


def _cell(cell: _Cell, text: str, *, bold: bool = False, size: int = 13,
          align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.CENTER) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(size)
    run.font.name = FONT


def build_docx(context: MinutesContext, result: PollResult, day: tuple[int, int, int]) -> bytes:
    """Return the tally minutes of `result` as a DOCX document."""
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)

    header = doc.add_table(rows=1, cols=2)
    header.autofit = False
    left, right = header.rows[0].cells
    # The motto must stay on one line: the right column takes most of the 16 cm text width.
    for column, cell, width in zip(header.columns, (left, right), (6, 10), strict=True):
        column.width = cell.width = Cm(width)
    _cell(left, context.unit_name.upper(), size=12)
    left.add_paragraph()
    _para(left, context.council_name.upper(), bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=13,
          align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, date_line(context.locality, day), italic=True, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, "BIÊN BẢN KIỂM PHIẾU", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, context.poll_title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)

    _para(doc, f"Thời gian: phiên họp ngày {context.session_date_text}."
               + (f" Địa điểm: {context.place}." if context.place else ""))
    _para(doc, f"Tổng số thành viên Hội đồng: {result.members}; có mặt: {context.present}; "
               f"vắng mặt: {context.absent}.")
    _para(doc, f"Số thành viên đã bỏ phiếu: {result.electronic_voters + result.paper_ballots}; "
               f"số ý kiến bằng văn bản của thành viên vắng mặt: {result.written_voters}.")
    _para(doc, "Tỷ lệ đồng ý được tính trên tổng số thành viên Hội đồng "
               "(Khoản 7 Điều 30 Nghị định số 98/2023/NĐ-CP).", italic=True, size=12)

    headings = ("STT", "Nội dung biểu quyết", "Đồng ý", "Không đồng ý", "Không biểu quyết",
                "Không hợp lệ", "Tỷ lệ đồng ý", "Ngưỡng", "Kết quả")
    table = doc.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headings, strict=True):
        _cell(cell, text, bold=True, size=10)
    for n, item in enumerate(result.items, start=1):
        values = (str(n), item.label, str(item.total_yes), str(item.total_no),
                  str(item.total_abstain), str(item.invalid),
                  f"{item.yes_pct:f}%".replace(".", ","), item.threshold_text.replace(".", ","),
                  "Đạt" if item.passed else "Không đạt")
        cells = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            _cell(cell, text, size=11,
                  align=WD_ALIGN_PARAGRAPH.LEFT if i == 1 else WD_ALIGN_PARAGRAPH.CENTER)
    # LibreOffice reads the grid (column) widths, Word the cell widths: set both.
    for column, width in zip(table.columns, COLUMN_WIDTHS_CM, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_WIDTHS_CM, strict=True):
            cell.width = Mm(width)

    _para(doc, "Biên bản kết thúc vào hồi ... giờ ... cùng ngày, đã được đọc lại cho các thành "
               "viên Hội đồng cùng nghe và nhất trí.")
    signatures = doc.add_table(rows=3, cols=max(len(context.signers), 1))
    for col, (heading, name) in enumerate(context.signers):
        _cell(signatures.rows[0].cells[col], heading.upper(), bold=True, size=12)
        _cell(signatures.rows[1].cells[col], "(Ký, ghi rõ họ tên)", size=11)
        _cell(signatures.rows[2].cells[col], f"\n\n\n{name}", bold=True, size=12)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def soffice_path() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert a DOCX to PDF with headless LibreOffice; raise PdfConverterMissing without it."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfConverterMissing(
            "LibreOffice is not installed (apt-get install --no-install-recommends "
            "libreoffice-writer-nogui); the minutes are available as DOCX only."
        )
    with tempfile.TemporaryDirectory(prefix="vinhdanh-minutes-") as tmp:
        folder = Path(tmp)
        source = folder / "bien-ban.docx"
        source.write_bytes(docx)
        # A private profile: parallel conversions must not share LibreOffice's user dir.
        profile = (folder / "profile").as_uri()
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=SOFFICE_TIMEOUT,
        )
        return (folder / "bien-ban.pdf").read_bytes()


def signer_pairs(names: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(names) or (("Trưởng ban kiểm phiếu", ""),)
