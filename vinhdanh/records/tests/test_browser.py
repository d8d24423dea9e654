"""In Chromium: an officer uploads a workbook with mistakes and reads, in Vietnamese,
which row and column is wrong and why; nothing is written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.people.models import Person
from vinhdanh.records.models import Entry
from vinhdanh.records.spreadsheet.layout import ENTRIES, PEOPLE
from vinhdanh.records.tests.conftest import AN_ROW, ledger_file, row_for, title_row
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_malformed_workbook_gets_a_row_level_report_in_vietnamese(
    page: Page, live_server: Any, commune: OrgUnit, commune_officer: User, tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    bad_date = row_for(PEOPLE, full_name="Trần Thị Bình", birth_date="31/02/1985",
                       gender="Nữ", unit_code="13366")
    workbook = tmp_path / "so-thanh-tich-loi.xlsx"
    entries = [title_row(), title_row(award="Huân chương Mặt Trăng")]
    workbook.write_bytes(ledger_file(people=[AN_ROW, bad_date], entries=entries))
    base = live_server.url

    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(commune_officer.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)

    page.goto(f"{base}/so-thanh-tich/nhap/")
    page.locator("#id_file").set_input_files(workbook)
    page.get_by_role("button", name="Kiểm tra và nhập").click()

    report = page.locator("#import-job")
    expect(report.get_by_text("nothing was written")).to_have_count(0)
    expect(report.locator("thead")).to_contain_text("Dòng")
    expect(report.locator("thead")).to_contain_text("Cột")
    date_row = report.locator("tbody tr", has_text="“31/02/1985” không phải ngày hợp lệ.")
    expect(date_row).to_contain_text(PEOPLE.title)
    expect(date_row.locator("td").nth(1)).to_have_text("3")
    expect(date_row.locator("td").nth(2)).to_contain_text("Ngày sinh")
    award_row = report.locator("tbody tr", has_text="không nhận ra danh hiệu, hình thức")
    expect(award_row).to_contain_text("Huân chương Mặt Trăng")
    expect(award_row.locator("td").nth(0)).to_have_text(ENTRIES.title)
    expect(award_row.locator("td").nth(1)).to_have_text("3")
    page.screenshot(path=screenshot_dir / "records-import-report.png", full_page=True)

    assert not Person.objects.exists()
    assert not Entry.objects.exists()
