"""Reviews (sơ kết, tổng kết): the DOCX report, ledger achievements and the proposal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement, MovementReview, ReviewHonour
from vinhdanh.movements.review_document import write_default_template
from vinhdanh.movements.services.reviews import record_achievements
from vinhdanh.movements.tests.test_views import login
from vinhdanh.nominations.documents.pdf import docx_to_pdf, soffice_binary
from vinhdanh.nominations.models import Proposal
from vinhdanh.people.services import create_person
from vinhdanh.records.models import Decision, Entry, EntryKind
from vinhdanh.records.services import DecisionLineIn, register_decision
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

AS_OF = "2025-12-31"


@pytest.fixture
def houses(province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
           province_officer: User) -> Movement:
    """101 of 285 houses done (35.44 %); 2,184 of 2,500 visits made (87.36 % of target)."""
    movement = services.create_movement(
        actor=province_officer, code="nha-o-2025", name="Xóa nhà tạm, nhà dột nát",
        launched_by=province, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    define = services.define_indicator
    planned = define(actor=province_officer, movement=movement, code="planned",
                     name="Nhà cần hỗ trợ", period_type="month")
    done = define(actor=province_officer, movement=movement, code="done",
                  name="Nhà đã hoàn thành", period_type="month")
    define(actor=province_officer, movement=movement, code="done_pct", name="Tỷ lệ hoàn thành",
           aggregation="ratio", numerator=done, denominator=planned, target=Decimal(100))
    define(actor=province_officer, movement=movement, code="visits", name="Lượt thăm hỏi",
           period_type="month", target=Decimal(2500))
    movement = services.launch_movement(actor=province_officer, movement=movement)
    for unit, values in ((commune, {"planned": 200, "done": 89, "visits": 2000}),
                         (other_commune, {"planned": 85, "done": 12, "visits": 184})):
        services.enter_values(actor=province_officer, movement=movement, unit=unit,
                              period="2025-09", values=values)
    return movement


def _url(name: str, movement: Movement, unit: OrgUnit, kind: str = "interim") -> str:
    return (reverse(f"movements:{name}", args=[movement.pk])
            + f"?unit={unit.pk}&kind={kind}&as_of={AS_OF}")


def _text(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_review_page_and_docx_show_the_progress_figures(
    houses: Movement, province: OrgUnit, province_officer: User, outsider: User,
) -> None:
    client = login(province_officer)
    detail = client.get(reverse("movements:detail", args=[houses.pk])).content.decode()
    assert reverse("movements:review_docx", args=[houses.pk]) + f"?unit={province.pk}" in detail
    assert "Báo cáo sơ kết, tổng kết (DOCX)" in detail
    page = client.get(_url("review_report", houses, province)).content.decode()
    assert "35,44%" in page
    assert "87,36%" in page
    response = client.get(_url("review_docx", houses, province, kind="final"))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(
        'filename="bao-cao-tong-ket-nha-o-2025-2025-12-31.docx"')
    text = _text(response.content)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Tổng kết phong trào thi đua “Xóa nhà tạm, nhà dột nát”" in text
    assert "35,44%" in text  # houses done / planned, as the page shows it
    assert "87,36%" in text  # visits against the target of 2.500
    assert "2184" in text  # grouped as the page groups numbers in Vietnamese (not at all)
    # Ranking: Hà Nam (89/200 done, 2.000 visits) before Phủ Lý; nobody fully on track.
    assert text.index("Phường Hà Nam") < text.index("Phường Phủ Lý")
    assert "Có 0/2 đơn vị đạt tất cả các chỉ tiêu" in text
    assert "{{" not in text
    assert "{%" not in text
    # Another commune's officer sees nothing of the province's review.
    refused = login(outsider)
    assert refused.get(_url("review_docx", houses, province)).status_code == 404
    assert refused.get(_url("review_report", houses, province)).status_code == 404


@pytest.mark.skipif(soffice_binary() is None, reason="LibreOffice is not installed")
def test_review_docx_converts_to_pdf(houses: Movement, province: OrgUnit,
                                     province_officer: User) -> None:
    content = login(province_officer).get(_url("review_docx", houses, province)).content
    pdf = docx_to_pdf(content, name="so-ket")
    assert pdf.startswith(b"%PDF")


def test_an_edited_template_is_used_when_configured(
    houses: Movement, province: OrgUnit, province_officer: User, settings: Any, tmp_path: Path,
) -> None:
    edited = write_default_template(tmp_path / "mau-rieng.docx")
    document = Document(str(edited))
    document.add_paragraph("Mẫu riêng của tỉnh")
    document.save(str(edited))
    settings.VINHDANH_REVIEW_TEMPLATE = str(edited)
    text = _text(login(province_officer).get(_url("review_docx", houses, province)).content)
    assert "Mẫu riêng của tỉnh" in text
    assert "35,44%" in text


def test_review_report_uses_constant_queries(
    houses: Movement, province: OrgUnit, province_officer: User,
    django_assert_num_queries: Any,
) -> None:
    client = login(province_officer)
    url = _url("review_docx", houses, province)
    client.get(url)
    for count in (2, 7):
        for n in range(count):
            unit = insert_unit(code=f"R{count}{n}", name=f"Xã {count}-{n}",
                               kind=UnitKind.COMMUNE, parent=province,
                               valid_from=dt.date(2025, 1, 1))
            services.enter_values(actor=province_officer, movement=houses, unit=unit,
                                  period="2025-10", values={"planned": 10, "done": n})
        # 1 session, 2 user, 3 grants, 4 movement, 5 unit, 6 review record;
        # progress: 7 indicators, 8 lineage, 9 aggregate;
        # breakdown: 10 indicators, 11 lineage, 12 children, 13 values
        with django_assert_num_queries(13):
            response = client.get(url)
        # The page adds 14: the decisions that may recognise the units (officer's form).
        with django_assert_num_queries(14):
            client.get(_url("review_report", houses, province))
    assert "Xã 7-6" in _text(response.content)


@pytest.fixture
def decision(province: OrgUnit, province_officer: User, commune: OrgUnit) -> Decision:
    """The province's decision closing the review, registered in the ledger."""
    return register_decision(
        actor=province_officer, number="15/QĐ-UBND", date=dt.date(2026, 1, 10), issuer=province,
        lines=[DecisionLineIn(subject=commune, award_code="bang_khen_bo_tinh")],
        commendation_type="movement")


def test_review_records_achievements_and_opens_a_proposal(
    houses: Movement, province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
    province_officer: User, outsider: User, decision: Decision,
) -> None:
    mai = create_person(actor=province_officer, full_name="Trần Thị Mai", gender="female",
                        unit=commune, birth_date=dt.date(1985, 4, 2), id_number="037185123456")
    url = reverse("movements:review_achievements", args=[houses.pk, province.pk])
    form = {"kind": "final", "as_of": AS_OF, "units": [commune.pk], "decision": decision.pk,
            "people": "037185123456\n"}
    # Another commune's officer cannot record the province's review.
    assert login(outsider).post(url, form).status_code == 404
    client = login(province_officer)
    client.post(url, form)
    client.post(url, form)  # sent twice: recorded once
    entry, individual = Entry.objects.filter(kind=EntryKind.MOVEMENT_ACHIEVEMENT).order_by("pk")
    assert entry.collective == commune
    assert individual.person == mai
    assert entry.decision == decision
    assert entry.title.startswith("Tiêu biểu trong phong trào thi đua “Xóa nhà tạm")
    assert (entry.start, entry.end, entry.scope) == (dt.date(2025, 1, 1),
                                                     dt.date(2025, 12, 31), "ministry_province")
    review = MovementReview.objects.get()
    assert review.kind == "final"
    assert [(h.unit, h.person) for h in ReviewHonour.objects.order_by("rank")] == [
        (commune, None), (commune, mai)]
    assert AuditEvent.objects.filter(action="movements.review_achievements").count() == 2
    # An ID number of nobody in the officer's units is named back, and nothing is recorded.
    client.post(url, {**form, "people": "037185999999"})
    assert ReviewHonour.objects.count() == 2
    page = client.get(_url("review_report", houses, province, kind="final")).content.decode()
    assert 'data-testid="honours"' in page
    docx = _text(client.get(_url("review_docx", houses, province, kind="final")).content)
    assert "IV. ĐỀ XUẤT KHEN THƯỞNG" in docx
    propose = reverse("movements:review_propose", args=[houses.pk, review.pk])
    assert login(outsider).post(propose, {"award_code": "bang_khen_bo_tinh"}).status_code == 404
    response = client.post(propose, {"award_code": "bang_khen_bo_tinh",
                                     "not_eligible_reason": "Tiêu biểu qua tổng kết"})
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("nominations:detail", args=[proposal.pk])
    assert proposal.kind == "thematic"
    assert (proposal.unit, proposal.to_unit) == (province, province)
    line, person_line = proposal.lines.order_by("position")
    assert line.collective == commune
    assert "xếp hạng 1" in line.achievement
    assert person_line.person == mai
    review.refresh_from_db()
    assert review.proposal == proposal
    assert [h.line for h in ReviewHonour.objects.order_by("rank")] == [line, person_line]
    assert "Trần Thị Mai (Phường Hà Nam)" in _text(
        client.get(_url("review_docx", houses, province, kind="final")).content)


def test_review_refuses_units_outside_and_a_decision_from_below(
    houses: Movement, province: OrgUnit, commune: OrgUnit, province_officer: User,
    decision: Decision,
) -> None:
    with pytest.raises(ValidationFailed, match=r"không thuộc"):
        record_achievements(actor=province_officer, movement=houses, unit=commune,
                            kind="interim", as_of=dt.date(2025, 12, 31), honoured=[province],
                            decision=decision)
    assert not Entry.objects.filter(kind=EntryKind.MOVEMENT_ACHIEVEMENT).exists()
    assert not MovementReview.objects.exists()
