"""Web forms that define a movement, its units, indicators, rules and clusters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.movements import services
from vinhdanh.movements.models import (
    ClusterYear,
    Criterion,
    Indicator,
    Movement,
    Participation,
    ValidationRule,
)
from vinhdanh.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """Uploaded plans go to a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _movement_post(unit: OrgUnit, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "xoa-nha-tam-2026", "name": "Xóa nhà tạm, nhà dột nát 2026",
        "launched_by": unit.pk, "start": "01/01/2026", "end": "31/12/2026",
        "description": "Kế hoạch 12/KH-UBND", "is_public": "on",
        "plan_document": SimpleUploadedFile("ke-hoach.pdf", PDF, "application/pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_officer_creates_a_movement_with_its_plan_and_an_outsider_cannot(
    province: OrgUnit, province_officer: User, outsider: User
) -> None:
    refused = login(outsider).post(reverse("movements:create"), _movement_post(province))
    assert refused.status_code == 400  # the province is not among the outsider's choices
    assert not Movement.objects.exists()

    response = login(province_officer).post(reverse("movements:create"),
                                            _movement_post(province))
    movement = Movement.objects.get(code="xoa-nha-tam-2026")
    assert response.status_code == 302
    assert response["Location"] == reverse("movements:setup", args=[movement.pk])
    assert movement.status == "draft"
    assert movement.is_public
    assert movement.plan_document.name.endswith(".pdf")
    assert movement.start == dt.date(2026, 1, 1)
    assert AuditEvent.objects.filter(action="movements.create").count() == 1
    assert login(outsider).get(reverse("movements:setup", args=[movement.pk])).status_code == 404
    plan = login(outsider).get(reverse("movements:plan_document", args=[movement.pk]))
    assert plan.status_code == 200  # the outsider's commune takes part in the province's movement
    assert b"".join(plan.streaming_content) == PDF  # type: ignore[attr-defined]
    assert Client().get(reverse("movements:plan_document", args=[movement.pk])).status_code == 302


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"end": "31/12/2025"}, "end", "Ngày kết thúc: không được trước ngày bắt đầu."),
    ({"start": "32/01/2026"}, "start", "Ngày bắt đầu: nhập ngày theo dạng dd/mm/yyyy."),
    ({"plan_document": SimpleUploadedFile("ke-hoach.exe", b"MZ", "application/x-msdownload")},
     "plan_document", "không phải tệp PDF, DOC, DOCX hoặc ODT"),
    ({"plan_document": SimpleUploadedFile("gia.pdf", b"<html>", "application/pdf")},
     "plan_document", "Văn bản kế hoạch: nội dung của “gia.pdf” không phải tệp PDF."),
])
def test_bad_movement_input_is_refused_naming_the_field(
    province: OrgUnit, province_officer: User, changes: dict[str, Any], field: str,
    message: str,
) -> None:
    response = login(province_officer).post(reverse("movements:create"),
                                            _movement_post(province, **changes))
    assert response.status_code == 400
    page = response.content.decode()
    assert f'data-testid="error-{field}"' in page
    assert message in page
    assert not Movement.objects.exists()


def test_oversized_plan_is_refused(province: OrgUnit, province_officer: User) -> None:
    big = SimpleUploadedFile("lon.pdf", PDF + b" " * (10 * 1024 * 1024), "application/pdf")
    response = login(province_officer).post(reverse("movements:create"),
                                            _movement_post(province, plan_document=big))
    assert response.status_code == 400
    assert "Văn bản kế hoạch: tệp lớn hơn 10 MB." in response.content.decode()


def test_status_moves_along_its_life_and_refuses_a_jump(
    movement: Movement, province_officer: User, outsider: User
) -> None:
    url = reverse("movements:status", args=[movement.pk])
    assert login(outsider).post(url, {"to": "in_progress"}).status_code == 404
    officer = login(province_officer)
    officer.post(url, {"to": "in_progress"})
    movement.refresh_from_db()
    assert movement.status == "in_progress"
    page = officer.post(url, {"to": "closed"}, follow=True).content.decode()
    movement.refresh_from_db()
    assert movement.status == "in_progress"
    assert "không thể chuyển sang" in page
    for step in ("interim_review", "in_progress", "final_review", "closed"):
        officer.post(url, {"to": step})
    movement.refresh_from_db()
    assert movement.status == "closed"


def test_participants_as_a_list_or_the_whole_subtree(
    movement: Movement, province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
    province_officer: User, outsider: User,
) -> None:
    url = reverse("movements:participants", args=[movement.pk])
    assert login(outsider).post(url, {"mode": "subtree"}).status_code == 404
    officer = login(province_officer)
    officer.post(url, {"mode": "list", "units": [commune.pk]})
    assert [(p.unit, p.include_subtree) for p in Participation.objects.all()] == [
        (commune, False)]
    empty = officer.post(url, {"mode": "list"})
    assert empty.status_code == 400
    assert "Đơn vị: chọn ít nhất một đơn vị." in empty.content.decode()
    officer.post(url, {"mode": "subtree"})
    assert [(p.unit, p.include_subtree) for p in Participation.objects.all()] == [
        (province, True)]


def test_indicators_are_defined_through_the_form_with_clear_errors(
    movement: Movement, province_officer: User, outsider: User
) -> None:
    url = reverse("movements:indicator_create", args=[movement.pk])
    ratio = {"code": "done_pct", "name": "Tỷ lệ hoàn thành", "period_type": "month",
             "aggregation": "ratio", "target_scope": "overall",
             "direction": "higher_better", "measure_unit": "%"}
    assert login(outsider).post(url, ratio).status_code == 404
    officer = login(province_officer)
    planned = Indicator.objects.get(movement=movement, code="planned")
    done = Indicator.objects.get(movement=movement, code="done")

    response = officer.post(url, {**ratio, "numerator": done.pk})
    assert response.status_code == 400
    assert "Mẫu số: chỉ tiêu tỷ lệ cần chọn chỉ tiêu mẫu số." in response.content.decode()

    response = officer.post(url, {**ratio, "numerator": done.pk, "denominator": planned.pk,
                                  "target": "-5"})
    assert response.status_code == 400
    assert "Chỉ tiêu kế hoạch: không được âm." in response.content.decode()

    response = officer.post(url, {**ratio, "code": "planned", "numerator": done.pk,
                                  "denominator": planned.pk})
    assert "Mã: phong trào đã có chỉ tiêu planned." in response.content.decode()

    response = officer.post(url, {**ratio, "numerator": done.pk, "denominator": planned.pk,
                                  "target": "100"})
    assert response.status_code == 302
    created = Indicator.objects.get(movement=movement, code="done_pct")
    assert (created.numerator, created.denominator, created.target) == (
        done, planned, Decimal(100))

    edit = reverse("movements:indicator_edit", args=[movement.pk, planned.pk])
    assert login(outsider).get(edit).status_code == 404
    officer.post(edit, {"code": "ignored", "name": "Số nhà cần hỗ trợ", "period_type": "month",
                        "aggregation": "sum", "target": "285", "target_scope": "per_unit",
                        "direction": "higher_better"})
    planned.refresh_from_db()
    assert (planned.code, planned.name, planned.target, planned.target_scope) == (
        "planned", "Số nhà cần hỗ trợ", Decimal(285), "per_unit")


def test_cross_indicator_rule_is_defined_through_the_form(
    movement: Movement, province_officer: User
) -> None:
    url = reverse("movements:rule_create", args=[movement.pk])
    officer = login(province_officer)
    missing = officer.post(url, {"kind": "sum_equals", "left_codes": ["started"],
                                 "message": "Thiếu vế phải"})
    assert missing.status_code == 400
    assert "Phải bằng chỉ tiêu: quy tắc tổng cần chỉ tiêu để so sánh." in (
        missing.content.decode())
    officer.post(url, {"kind": "sum_equals", "left_codes": ["done", "not_started"],
                       "right_code": "planned",
                       "message": "Hoàn thành + chưa khởi công = kế hoạch"})
    officer.post(url, {"kind": "bounds", "left_codes": ["done"], "min_value": "0",
                       "message": "Không âm"})
    rules = list(ValidationRule.objects.filter(movement=movement).order_by("pk"))
    assert [(r.kind, r.left_codes, r.right_code) for r in rules][1:] == [
        ("sum_equals", ["done", "not_started"], "planned"), ("bounds", ["done"], "")]


def test_cluster_year_line_up_and_scoring_table(
    movement: Movement, commune: OrgUnit, other_commune: OrgUnit, province_officer: User,
    outsider: User,
) -> None:
    officer = login(province_officer)
    officer.post(reverse("movements:cluster_create", args=[movement.pk]), {
        "name": "Cụm thi đua số 1", "kind": "cluster", "members": [commune.pk, other_commune.pk],
        "head": commune.pk})
    cluster = movement.clusters.get()
    year_url = reverse("movements:cluster_year", args=[movement.pk, cluster.pk])
    assert login(outsider).post(year_url, {"year": 2025}).status_code == 404
    same = officer.post(year_url, {"year": 2025, "members": [commune.pk, other_commune.pk],
                                   "head": commune.pk, "deputy": commune.pk})
    assert "Cụm phó: phải khác cụm trưởng." in same.content.decode()
    officer.post(year_url, {"year": 2025, "members": [commune.pk, other_commune.pk],
                            "head": other_commune.pk, "deputy": commune.pk,
                            "pact": "Giao ước thi đua năm 2025"})
    line_up = ClusterYear.objects.get(cluster=cluster, year=2025)
    assert (line_up.head, line_up.deputy, line_up.pact) == (
        other_commune, commune, "Giao ước thi đua năm 2025")

    officer.post(reverse("movements:criteria_group_create", args=[movement.pk, cluster.pk]),
                 {"name": "Thực hiện nhiệm vụ chính trị"})
    group = cluster.criteria_groups.get()
    criterion_url = reverse("movements:criterion_create", args=[movement.pk, cluster.pk])
    officer.post(criterion_url, {"group": group.pk, "name": "Hoàn thành chỉ tiêu nhà ở",
                                 "max_points": "60", "evidence_required": "on"})
    over = officer.post(criterion_url, {"group": group.pk, "name": "Phong trào khác",
                                        "max_points": "50"})
    assert over.status_code == 400
    assert "Điểm tối đa: bảng điểm sẽ có tổng 110 điểm, vượt quá 100." in (
        over.content.decode())
    assert [(c.name, c.max_points, c.evidence_required) for c in Criterion.objects.all()] == [
        ("Hoàn thành chỉ tiêu nhà ở", Decimal(60), True)]
    page = officer.get(reverse("movements:cluster_setup", args=[movement.pk, cluster.pk]))
    assert "Hoàn thành chỉ tiêu nhà ở" in page.content.decode()


def test_setup_page_uses_constant_queries(
    movement: Movement, commune: OrgUnit, other_commune: OrgUnit, province_officer: User,
    django_assert_num_queries: Any,
) -> None:
    services.create_cluster(actor=province_officer, movement=movement, name="Cụm 1",
                            members=[commune, other_commune], head=commune)
    client = login(province_officer)
    url = reverse("movements:setup", args=[movement.pk])
    client.get(url)
    # session, user, grants, the movement, the indicators with their ratio terms, the
    # subtree units, the participations, the rules, the clusters and their members.
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
