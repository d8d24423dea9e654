"""The achievement report (báo cáo thành tích) of a nominee, drafted from the ledger as DOCX.

The proposing unit edits the draft in Word and uploads the signed report as the dossier's
"bao_cao_thanh_tich" component (Decree 152/2025 Art 45: the report is part of every dossier).
The layout is an editable docxtpl template, like the decision's.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from docxtpl import DocxTemplate

from vinhdanh.core.docx_layout import administrative_document, fixed_widths, no_borders
from vinhdanh.nominations.documents.decision_docx import _para
from vinhdanh.nominations.models import NomineeLine
from vinhdanh.records.awards import resolve_award
from vinhdanh.records.models import Entry, EntryKind, Operation

DEFAULT_TEMPLATE = Path(__file__).parent / "templates" / "bao-cao-thanh-tich.docx"
#: Ledger entries that are achievements a report lists (discipline and reviews are not).
LISTED_KINDS = (EntryKind.TITLE, EntryKind.COMMENDATION, EntryKind.TASK_RATING,
                EntryKind.INITIATIVE, EntryKind.SCIENCE_WORK, EntryKind.MOVEMENT_ACHIEVEMENT)


def template_path() -> Path:
    configured = getattr(settings, "VINHDANH_ACHIEVEMENT_TEMPLATE", "")
    return Path(configured) if configured else DEFAULT_TEMPLATE


@dataclass(frozen=True)
class RecordRow:
    year: int
    text: str
    source: str  # "Quyết định số 15/QĐ-UBND ngày 20/12/2025 của …" or ""


@dataclass(frozen=True)
class ReportContext:
    unit_body: str  # "ỦY BAN NHÂN DÂN PHƯỜNG HÀ NAM"
    place: str
    year: str
    nominee: str
    award: str
    achievement: str
    titles: list[RecordRow]
    other: list[RecordRow]


def _text(entry: Entry) -> str:
    if entry.kind in (EntryKind.TITLE, EntryKind.COMMENDATION):
        award = resolve_award(entry.award_code)
        return award.name if award else entry.award_code
    if entry.kind == EntryKind.TASK_RATING:
        return f"{entry.get_kind_display()}: {entry.get_rating_display()}"
    return f"{entry.get_kind_display()}: {entry.title}".rstrip(": ")


def _source(entry: Entry) -> str:
    decision = entry.decision
    if decision is None:
        return ""
    return (f"Quyết định số {decision.number} ngày {decision.date:%d/%m/%Y} "
            f"của {decision.issuer.name}")


def report_context(line: NomineeLine, history: list[Entry], *, today_year: int
                   ) -> ReportContext:
    """Build the report of `line` from the subject's ledger history (records.get_history)."""
    kept = [e for e in history if e.kind in LISTED_KINDS and e.operation != Operation.REVOCATION
            and not getattr(e, "is_superseded", False)]
    titles = [RecordRow(e.year, _text(e), _source(e)) for e in kept
              if e.kind in (EntryKind.TITLE, EntryKind.COMMENDATION)]
    other = [RecordRow(e.year, _text(e), _source(e)) for e in kept
             if e.kind not in (EntryKind.TITLE, EntryKind.COMMENDATION)]
    unit = line.proposal.unit
    return ReportContext(
        unit_body=f"ỦY BAN NHÂN DÂN {unit.name}".upper(), place=unit.name,
        year=str(today_year), nominee=line.nominee_name, award=line.award_name,
        achievement=line.achievement, titles=titles, other=other)


def render_achievement_report(context: ReportContext, template: Path | None = None) -> bytes:
    document = DocxTemplate(str(template or template_path()))
    document.render({"r": context}, autoescape=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_default_template(path: Path = DEFAULT_TEMPLATE) -> Path:
    """Write the default report template (the committed .docx is this function's output)."""
    document = administrative_document(14)
    head = document.add_table(rows=1, cols=2)
    no_borders(head)
    fixed_widths(head, (68, 97))
    left, right = head.rows[0].cells
    _para(left, "{{ r.unit_body }}", size=12, bold=True, align="center", after=0)
    _para(left, "────────", size=13, align="center")
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center",
          after=0)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, underline=True,
          align="center", after=6)
    _para(right, "{{ r.place }}, ngày … tháng … năm {{ r.year }}", size=14, italic=True,
          align="center")
    _para(document, "", after=0)
    _para(document, "BÁO CÁO THÀNH TÍCH", bold=True, align="center", after=0)
    _para(document, "Đề nghị tặng {{ r.award }}", bold=True, align="center", after=6)
    _para(document, "I. SƠ LƯỢC LÝ LỊCH", bold=True)
    _para(document, "Họ và tên (hoặc tên tập thể): {{ r.nominee }}", indent=True)
    _para(document, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True)
    _para(document, "{{ r.achievement }}", indent=True)
    _para(document, "{%p for row in r.other %}", after=0)
    _para(document, "- Năm {{ row.year }}: {{ row.text }}{% if row.source %} "
          "({{ row.source }}){% endif %}.", indent=True)
    _para(document, "{%p endfor %}", after=0)
    _para(document, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", bold=True)
    _para(document, "{%p for row in r.titles %}", after=0)
    _para(document, "- Năm {{ row.year }}: {{ row.text }}{% if row.source %} "
          "({{ row.source }}){% endif %}.", indent=True)
    _para(document, "{%p endfor %}", after=0)
    sign = document.add_table(rows=1, cols=2)
    no_borders(sign)
    fixed_widths(sign, (80, 85))
    _para(sign.rows[0].cells[0], "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ", size=13, bold=True,
          align="center")
    _para(sign.rows[0].cells[1], "NGƯỜI BÁO CÁO THÀNH TÍCH", size=13, bold=True,
          align="center")
    _para(sign.rows[0].cells[1], "(Ký, ghi rõ họ và tên)", size=13, italic=True,
          align="center")
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path
