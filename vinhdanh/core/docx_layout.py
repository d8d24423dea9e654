"""Building blocks of the Word templates laid out as Vietnamese administrative documents.

Decree 30/2020/NĐ-CP Appendix I sets the page (A4; margins top/bottom 20–25 mm, left
30–35 mm, right 15–20 mm) and a font of the Times New Roman metric. The decision, the
achievement report and the movement review templates are written by code from these
pieces, so they share one page set-up and one way of writing a paragraph.
"""

from __future__ import annotations

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

FONT = "Times New Roman"
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT,
          "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def administrative_document(font_size: float) -> DocxDocument:
    """A blank A4 document with the margins of Decree 30/2020 and `font_size` body text."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(font_size)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return document


def paragraph(container: DocxDocument | _Cell, text: str, *, size: float = 13,
              bold: bool = False, italic: bool = False, underline: bool = False,
              align: str = "justify", indent: bool = False, after: float = 3) -> Paragraph:
    """Add one paragraph of a single run in the document's font."""
    added: Paragraph = container.add_paragraph()
    added.alignment = _ALIGN[align]
    fmt = added.paragraph_format
    fmt.space_after = Pt(after)
    fmt.space_before = Pt(0)
    if indent:
        fmt.first_line_indent = Mm(12.7)
    run = added.add_run(text)
    run.font.name = FONT
    run.font.size = Pt(size)
    run.bold, run.italic, run.underline = bold, italic, underline
    return added


def no_borders(table: Table) -> None:
    """Hide every border of a layout table (the header and signature blocks)."""
    tbl = table._tbl
    borders = tbl.tblPr.first_child_found_in("w:tblBorders")
    if borders is None:
        borders = tbl.tblPr.makeelement(qn("w:tblBorders"), {})
        tbl.tblPr.append(borders)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(borders.makeelement(qn(f"w:{edge}"), {qn("w:val"): "nil"}))


def fixed_widths(table: Table, millimetres: tuple[float, ...]) -> None:
    """Fixed column widths: Word reads each cell, LibreOffice the grid; set both."""
    table.autofit = False
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
