"""A commune officer on a phone finds a person without typing diacritics and edits
their position."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.people.models import Employment, Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_finds_a_person_and_edits_the_position(
    page: Page, live_server, commune_officer: User, person: Person, teacher: Employment,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    page.goto(f"{live_server.url}/ca-nhan/")
    page.get_by_label("Tìm theo họ tên (có dấu hoặc không dấu)").fill("nguyen van duc")
    expect(page.get_by_text("Tìm thấy 1 cá nhân")).to_be_visible()
    page.screenshot(path=screenshot_dir / "people-search.png", full_page=True)
    page.get_by_role("link", name="Nguyễn Văn Đức").click()

    expect(page.get_by_text("********2345")).to_be_visible()
    card = page.locator(f"#employment-{teacher.pk}")
    card.get_by_text("Sửa chức vụ").click()
    card.get_by_label("Chức vụ").fill("Phó Hiệu trưởng")
    card.get_by_role("button", name="Lưu chức vụ").click()
    expect(page.get_by_text("Đã cập nhật chức vụ.")).to_be_visible()
    expect(page.get_by_test_id("current-position")).to_have_text("Phó Hiệu trưởng")
    page.screenshot(path=screenshot_dir / "people-position-edited.png", full_page=True)
    teacher.refresh_from_db()
    assert teacher.position == "Phó Hiệu trưởng"
