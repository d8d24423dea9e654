"""A signer's first login in Chromium: password, TOTP setup from the page, then home."""

from __future__ import annotations

from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_logs_in_and_sets_up_totp(
    page: Page, live_server, commune_leader: User, screenshot_dir: Path
) -> None:
    page.goto(f"{live_server.url}/tai-khoan/dang-nhap/")
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    page.screenshot(path=screenshot_dir / "accounts-login.png", full_page=True)

    page.get_by_label("Tên đăng nhập").fill("chu_tich_xa")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()

    page.get_by_label("Tên đăng nhập").fill("chu_tich_xa")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Cài đặt xác thực hai bước")).to_be_visible()
    expect(page.locator(".vd-qr svg")).to_be_visible()
    page.screenshot(path=screenshot_dir / "accounts-totp-setup.png", full_page=True)

    # An authenticator app typed the secret shown on the page.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Mã 6 chữ số").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Xác nhận và bật").click()
    expect(page.get_by_text("Đã bật xác thực hai bước.")).to_be_visible()
