"""In Chromium: an officer defines a movement with two indicators through the forms and
publishes an exemplary model, which a visitor then sees in the public gallery."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Browser, FilePayload, Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.movements.models import ExemplaryModel, Indicator, Movement
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = FilePayload(name="ke-hoach.pdf", mimeType="application/pdf",
                   buffer=b"%PDF-1.4\n%%EOF\n")


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def log_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)


def _photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (30, 120, 200)).save(buffer, format="JPEG")
    return buffer.getvalue()


def _add_indicator(page: Page, code: str, name: str, target: str) -> None:
    form = page.get_by_test_id("indicator-form")
    if not form.is_visible():
        page.locator("summary", has_text="Thêm chỉ tiêu").click()
    form.locator("#id_code").fill(code)
    form.locator("#id_name").fill(name)
    form.locator("#id_measure_unit").fill("nhà")
    form.locator("#id_period_type").select_option("month")
    form.locator("#id_aggregation").select_option("sum")
    form.locator("#id_target").fill(target)
    form.get_by_role("button", name="Thêm chỉ tiêu").click()
    expect(page.get_by_text("Đã thêm chỉ tiêu.")).to_be_visible()


def test_officer_defines_a_movement_and_a_visitor_sees_its_exemplary_model(
    page: Page, browser: Browser, live_server: Any, province: OrgUnit, commune: OrgUnit,
    province_officer: User, screenshot_dir: Path,
) -> None:
    base = live_server.url
    log_in(page, base, province_officer)
    page.goto(f"{base}/phong-trao/moi/")
    page.locator("#id_code").fill("xoa-nha-tam-2026")
    page.locator("#id_name").fill("Xóa nhà tạm, nhà dột nát năm 2026")
    page.locator("#id_launched_by").select_option(str(province.pk))
    page.locator("#id_start").fill("01/01/2026")
    page.locator("#id_end").fill("31/12/2025")
    page.get_by_label("Hiển thị trên cổng thông tin công khai").check()
    page.locator("#id_plan_document").set_input_files(files=[PLAN])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("error-end")).to_have_text(
        "Ngày kết thúc: không được trước ngày bắt đầu.")
    page.locator("#id_end").fill("31/12/2026")
    page.locator("#id_plan_document").set_input_files(files=[PLAN])
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã tạo phong trào ở trạng thái dự thảo.")).to_be_visible()
    expect(page.get_by_test_id("status")).to_have_text("Dự thảo")

    _add_indicator(page, "houses_planned", "Số nhà cần hỗ trợ", "285")
    _add_indicator(page, "houses_done", "Số nhà đã hoàn thành", "285")
    rows = page.get_by_test_id("indicators").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("houses_done")
    page.get_by_role("button", name="Chuyển sang: Đã phát động").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã phát động")
    page.screenshot(path=screenshot_dir / "movement-definition.png", full_page=True)

    movement = Movement.objects.get(code="xoa-nha-tam-2026")
    assert movement.plan_document.name.endswith(".pdf")
    assert list(Indicator.objects.filter(movement=movement).values_list("code", flat=True)
                .order_by("position")) == ["houses_planned", "houses_done"]

    page.locator("main").get_by_role("link", name="Điển hình tiên tiến").click()
    page.locator("#id_unit").select_option(str(commune.pk))
    page.locator("#id_title").fill("Tổ tự quản “Nhà an toàn”")
    page.locator("#id_subject_name").fill("Bà Nguyễn Thị Lan")
    page.locator("#id_year").fill("2026")
    page.locator("#id_description").fill("Vận động 12 hộ góp công, xây xong 3 nhà trước mùa mưa.")
    page.locator("#id_stage").select_option("summarised")
    page.get_by_label("Công bố trên trang điển hình tiên tiến công khai").check()
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận điển hình; hãy thêm ảnh.")).to_be_visible()
    page.locator("#id_photo").set_input_files(files=[FilePayload(
        name="ban-giao.jpg", mimeType="image/jpeg", buffer=_photo())])
    page.locator("#id_caption").fill("Bàn giao nhà")
    page.get_by_role("button", name="Tải ảnh lên").click()
    expect(page.get_by_text("Đã thêm ảnh.")).to_be_visible()
    assert ExemplaryModel.objects.get().photos.count() == 1

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{base}/phong-trao/dien-hinh-tien-tien/")
    gallery = visitor.get_by_test_id("gallery")
    expect(gallery.get_by_role("heading", name="Tổ tự quản “Nhà an toàn”")).to_be_visible()
    expect(gallery.get_by_alt_text("Bàn giao nhà")).to_be_visible()
    expect(gallery).to_contain_text("Tổng kết")
    visitor.locator("#id_stage").select_option("replicated")
    visitor.get_by_role("button", name="Lọc").click()
    expect(visitor.get_by_text("Chưa có điển hình tiên tiến nào được công bố.")).to_be_visible()
    visitor.locator("#id_stage").select_option("summarised")
    visitor.get_by_role("button", name="Lọc").click()
    expect(gallery.get_by_role("heading", name="Tổ tự quản “Nhà an toàn”")).to_be_visible()
    visitor.screenshot(path=screenshot_dir / "exemplary-gallery.png", full_page=True)
