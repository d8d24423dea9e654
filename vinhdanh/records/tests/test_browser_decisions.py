"""In Chromium: an officer registers a decision with two awardees, then revokes one
award from the person's timeline; the timeline shows the award and its revocation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.records.models import Decision, Entry, Operation
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_register_a_decision_then_revoke_one_award_from_the_timeline(
    page: Page, live_server: Any, province: OrgUnit, commune: OrgUnit, commune_officer: User,
    screenshot_dir: Path,
) -> None:
    an = make_person(commune, "Nguyễn Văn An", dt.date(1980, 5, 1))
    make_person(commune, "Trần Thị Bình", dt.date(1985, 2, 3))
    base = live_server.url

    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)

    page.goto(f"{base}/so-thanh-tich/quyet-dinh/")
    page.get_by_role("link", name="Vào sổ quyết định").click()
    page.locator("#id_number").fill("125/QĐ-UBND")
    page.locator("#id_date").fill("15/01/2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="Tỉnh Ninh Bình")
    page.locator("#id_signer_name").fill("Lê Văn Hùng")
    page.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    first, second = page.locator("[data-line='1']"), page.locator("[data-line='2']")
    first.locator("select[name$='-subject']").select_option(label="Nguyễn Văn An (01/05/1980)")
    first.locator("select[name$='-award_code']").select_option(
        label="Bằng khen của Bộ, ban, ngành, tỉnh")
    first.locator("input[name$='-amount_vnd']").fill("2.340.000")
    second.locator("select[name$='-subject']").select_option(label="Trần Thị Bình (03/02/1985)")
    second.locator("select[name$='-award_code']").select_option(label="Giấy khen")
    second.locator("input[name$='-amount_vnd']").fill("500000")
    page.screenshot(path=screenshot_dir / "records-decision-form.png", full_page=True)
    page.get_by_role("button", name="Vào sổ quyết định").click()

    expect(page.get_by_role("heading", name="Quyết định 125/QĐ-UBND")).to_be_visible()
    expect(page.get_by_test_id("decision-total")).to_have_text("2.840.000 đ")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("2.340.000 đ")
    expect(rows.nth(1)).to_contain_text("Trần Thị Bình")
    page.screenshot(path=screenshot_dir / "records-decision-detail.png", full_page=True)

    rows.nth(0).get_by_role("link", name="Nguyễn Văn An").click()
    award = page.locator("tr[data-entry]", has_text="125/QĐ-UBND")
    award.get_by_role("link", name="Hủy bỏ").click()
    expect(page.get_by_label("Căn cứ pháp lý")).to_have_value(
        "Luật Thi đua, khen thưởng 2022, Điều 93")
    page.get_by_label("Số quyết định").fill("310/QĐ-UBND")
    page.get_by_label("Ngày quyết định").fill("20/06/2025")
    page.get_by_label("Cơ quan ban hành").select_option(label="Tỉnh Ninh Bình")
    page.get_by_label("Lý do").fill("Khai man thành tích trong hồ sơ đề nghị")
    page.get_by_role("button", name="Hủy bỏ mục này").click()

    expect(page.get_by_text("Đã hủy bỏ mục; sổ thành tích giữ cả hai.")).to_be_visible()
    entries = page.locator("tr[data-entry]")
    expect(entries).to_have_count(2)
    original = entries.filter(has_text="125/QĐ-UBND")
    expect(original).to_contain_text("Bằng khen của Bộ, ban, ngành, tỉnh")
    expect(original.locator(".badge")).to_have_text("Đã bị thay thế")
    revocation = entries.filter(has_text="310/QĐ-UBND")
    expect(revocation.locator(".badge.text-bg-danger")).to_have_text("Hủy bỏ")
    expect(revocation).to_contain_text("Khai man thành tích trong hồ sơ đề nghị")
    expect(revocation).to_contain_text("Tỉnh Ninh Bình")
    expect(revocation.get_by_role("link", name="Hủy bỏ")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "records-entry-revoked.png", full_page=True)

    assert Decision.objects.count() == 2
    assert Entry.objects.filter(person=an, operation=Operation.REVOCATION).count() == 1
