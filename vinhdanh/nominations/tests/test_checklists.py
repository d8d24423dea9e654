"""A province's own dossier list replaces the national one for proposals made within it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import REFORM, make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.nominations.errors import BadFile
from vinhdanh.nominations.models import ChecklistOverride, Proposal
from vinhdanh.nominations.services import checklists
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.tests.conftest import make_person, make_proposal
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

OWN_LIST = """to_trinh | Tờ trình đề nghị khen thưởng
bao_cao_thanh_tich | Báo cáo thành tích có xác nhận của thủ trưởng
phieu_lay_y_kien | Phiếu lấy ý kiến khu dân cư | không
"""


@pytest.fixture
def other_province(db: None) -> OrgUnit:
    return insert_unit(code="31", name="Thành phố Hải Phòng", kind=UnitKind.PROVINCE,
                       valid_from=REFORM)


def _components(proposal: Proposal) -> list[tuple[str, bool]]:
    line = proposal.lines.get()
    return list(line.items.order_by("pk").values_list("component", "required"))


def test_own_list_applies_inside_the_province_and_can_be_cleared(
        province_officer: User, commune_officer: User, commune: OrgUnit, province: OrgUnit,
        django_assert_num_queries: Any) -> None:
    override = checklists.set_checklist(actor=province_officer, unit=province,
                                        award_code="giay_khen", items_text=OWN_LIST)
    assert AuditEvent.objects.filter(action="nominations.checklist_set").count() == 1
    # One query, wherever the unit sits below the province.
    with django_assert_num_queries(1):
        found = checklists.checklist_for("giay_khen", commune)
    assert [(c.code, c.required) for c in found] == [
        ("to_trinh", True), ("bao_cao_thanh_tich", True), ("phieu_lay_y_kien", False)]
    proposal = make_proposal(commune_officer, commune, province,
                             [make_person(commune_officer, commune)])
    assert _components(proposal) == [
        ("to_trinh", True), ("bao_cao_thanh_tich", True), ("phieu_lay_y_kien", False)]
    # Other awards keep the national list.
    assert [c.code for c in checklists.checklist_for("lao_dong_tien_tien", commune)] == [
        "to_trinh_with_list", "bien_ban_binh_xet"]

    checklists.clear_checklist(actor=province_officer, override=override)
    assert [c.code for c in checklists.checklist_for("giay_khen", commune)] == [
        "to_trinh_with_list", "bao_cao_thanh_tich", "bien_ban_xet_khen_thuong"]


def test_another_province_keeps_the_national_list(
        province_officer: User, province: OrgUnit, other_province: OrgUnit) -> None:
    checklists.set_checklist(actor=province_officer, unit=province, award_code="giay_khen",
                             items_text=OWN_LIST)
    town = insert_unit(code="31001", name="Phường Hồng Bàng", kind=UnitKind.WARD,
                       parent=other_province, valid_from=REFORM)
    assert [c.code for c in checklists.checklist_for("giay_khen", town)] == [
        "to_trinh_with_list", "bao_cao_thanh_tich", "bien_ban_xet_khen_thuong"]
    # Their officer cannot change the first province's list.
    officer = make_user("can_bo_hai_phong", Role.EMULATION_OFFICER, other_province)
    with pytest.raises(PermissionDenied):
        checklists.set_checklist(actor=officer, unit=province, award_code="giay_khen",
                                 items_text=OWN_LIST)


def test_bad_lists_name_the_line_and_save_nothing(
        province_officer: User, commune_officer: User, province: OrgUnit,
        commune: OrgUnit) -> None:
    with pytest.raises(ValidationFailed) as bad:
        checklists.set_checklist(actor=province_officer, unit=province, award_code="giay_khen",
                                 items_text="to_trinh | Tờ trình\nTo Trinh | \nto_trinh | Lại")
    message = bad.value.message
    assert "Line 2" in message or "Dòng 2" in message
    assert "Line 3" in message or "Dòng 3" in message
    with pytest.raises(ValidationFailed):
        checklists.set_checklist(actor=province_officer, unit=province, award_code="khong_co",
                                 items_text=OWN_LIST)
    # A commune is not a body that sets its own lists.
    with pytest.raises((ValidationFailed, PermissionDenied)):
        checklists.set_checklist(actor=commune_officer, unit=commune, award_code="giay_khen",
                                 items_text=OWN_LIST)
    assert not ChecklistOverride.objects.exists()


def test_page_sets_and_clears_a_list_and_hides_it_from_others(
        client: Client, province_officer: User, commune_officer: User,
        province: OrgUnit) -> None:
    client.force_login(province_officer)
    url = reverse("nominations:checklists")
    page = client.get(url, {"award": "giay_khen"}).content.decode()
    assert "Danh mục hồ sơ riêng" in page
    assert "to_trinh_with_list | Tờ trình kèm danh sách đề nghị" in page
    response = client.post(url, {"unit": province.pk, "award_code": "giay_khen",
                                 "items": "sai ma | Tờ trình"})
    assert response.status_code == 200
    assert "Dòng 1" in response.content.decode()
    assert not ChecklistOverride.objects.exists()
    response = client.post(url, {"unit": province.pk, "award_code": "giay_khen",
                                 "items": OWN_LIST})
    assert response.status_code == 302
    override = ChecklistOverride.objects.get()
    assert "Phiếu lấy ý kiến khu dân cư" in client.get(url).content.decode()

    other = Client()
    other.force_login(commune_officer)
    assert other.get(url).status_code == 403
    assert other.post(reverse("nominations:checklist_clear", args=[override.pk])
                      ).status_code == 404
    assert client.post(reverse("nominations:checklist_clear", args=[override.pk])
                       ).status_code == 302
    assert not ChecklistOverride.objects.exists()


def test_own_list_restricts_the_file_types_of_a_paper(
        province_officer: User, commune_officer: User, commune: OrgUnit,
        province: OrgUnit) -> None:
    with pytest.raises(ValidationFailed) as bad:
        checklists.set_checklist(actor=province_officer, unit=province, award_code="giay_khen",
                                 items_text="to_trinh | Tờ trình | bắt buộc | pdf, exe")
    assert "exe" in bad.value.message
    assert "Line 1" in bad.value.message or "Dòng 1" in bad.value.message
    checklists.set_checklist(actor=province_officer, unit=province, award_code="giay_khen",
                             items_text="to_trinh | Tờ trình | bắt buộc | PDF\n"
                                        "anh | Ảnh tư liệu | không")
    found = checklists.checklist_for("giay_khen", commune)
    assert [(c.code, c.required, c.file_types) for c in found] == [
        ("to_trinh", True, ("pdf",)), ("anh", False, ())]
    assert "to_trinh | Tờ trình | bắt buộc | pdf" in checklists.items_as_text(found)
    proposal = make_proposal(commune_officer, commune, province,
                             [make_person(commune_officer, commune)])
    item = proposal.lines.get().items.get(component="to_trinh")
    png = SimpleUploadedFile("to-trinh.png", b"\x89PNG\r\n\x1a\n1234")
    with pytest.raises(BadFile) as refused:
        svc.attach_file(actor=commune_officer, item=item, upload=png)
    assert "PDF" in refused.value.message
    item.refresh_from_db()
    assert item.content_type != "image/png"
    pdf = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.4\n1234")
    assert svc.attach_file(actor=commune_officer, item=item, upload=pdf).content_type \
        == "application/pdf"
