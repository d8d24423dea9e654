"""In Chromium: a commune's report is returned, corrected and approved, and shows approved
on the board; a cluster scores itself, is cross-reviewed and its published ranking is frozen."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.models import ClusterScore, Movement, Submission
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)


def fill(page: Page, values: dict[str, str]) -> None:
    for code, value in values.items():
        page.locator(f"#v_{code}").fill(value)


def test_commune_report_is_returned_corrected_and_approved(
    page: Page, browser: Browser, live_server: Any, movement: Movement, province: OrgUnit,
    commune: OrgUnit, commune_officer: User, province_officer: User, screenshot_dir: Path,
) -> None:
    base = live_server.url
    entry = f"{base}/phong-trao/{movement.pk}/don-vi/{commune.pk}/ky/2025-08/"
    log_in(page, base, commune_officer)
    page.goto(entry)
    fill(page, {"planned": "285", "started": "240", "not_started": "45", "done": "110"})
    page.get_by_role("button", name="Lưu và nộp").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trình")
    page.screenshot(path=screenshot_dir / "movements-1-submitted.png", full_page=True)

    province_context = browser.new_context(locale="vi-VN")
    reviewer = province_context.new_page()
    log_in(reviewer, base, province_officer)
    reviewer.goto(entry)
    reviewer.get_by_label("Lý do (bắt buộc khi trả lại)").fill(
        "Số nhà hoàn thành 110 lớn hơn biên bản nghiệm thu (101)")
    reviewer.get_by_role("button", name="Trả lại để chỉnh sửa").click()
    expect(reviewer.get_by_text("Đã trả lại số liệu cho đơn vị.")).to_be_visible()
    expect(reviewer.get_by_test_id("status")).to_have_text("Trả lại")
    reviewer.screenshot(path=screenshot_dir / "movements-2-returned.png", full_page=True)

    page.goto(entry)
    expect(page.get_by_text("biên bản nghiệm thu (101)")).to_be_visible()
    fill(page, {"done": "101"})
    page.get_by_role("button", name="Lưu và nộp").click()
    expect(page.get_by_test_id("status")).to_have_text("Đã trình")
    page.screenshot(path=screenshot_dir / "movements-3-corrected.png", full_page=True)

    reviewer.goto(entry)
    expect(reviewer.locator("#v_done")).to_have_value("101")
    reviewer.get_by_role("button", name="Duyệt và khóa").click()
    expect(reviewer.get_by_text("Đã duyệt và khóa số liệu.")).to_be_visible()
    reviewer.screenshot(path=screenshot_dir / "movements-4-approved.png", full_page=True)

    reviewer.goto(f"{base}/phong-trao/{movement.pk}/tinh-hinh-bao-cao/"
                  f"?unit={province.pk}&period=2025-08")
    row = reviewer.get_by_role("row").filter(has_text=commune.name)
    expect(row.get_by_text("Đã duyệt")).to_be_visible()
    reviewer.screenshot(path=screenshot_dir / "movements-5-board.png", full_page=True)
    province_context.close()

    # The commune's form is locked now.
    page.goto(entry)
    expect(page.locator("#v_done")).to_be_disabled()
    expect(page.get_by_role("button", name="Lưu và nộp")).to_have_count(0)
    assert Submission.objects.get(unit=commune, period="2025-08").status == "approved"


def test_cluster_member_scores_itself_head_reviews_and_published_ranking_is_frozen(
    page: Page, browser: Browser, live_server: Any, movement: Movement, province: OrgUnit,
    commune: OrgUnit, other_commune: OrgUnit, commune_officer: User, outsider: User,
    province_officer: User, screenshot_dir: Path,
) -> None:
    cluster = services.create_cluster(actor=province_officer, movement=movement,
                                      name="Cụm thi đua các phường", head=commune,
                                      members=[commune, other_commune])
    base = live_server.url
    url = f"{base}/phong-trao/{movement.pk}/cum/{cluster.pk}/"

    # A member (the neighbouring ward) scores itself with evidence.
    log_in(page, base, outsider)
    page.goto(url)
    page.get_by_label(f"Điểm tự chấm của {other_commune.name}").fill("92")
    page.get_by_label("Minh chứng").fill("Báo cáo tổng kết số 12/BC-UBND ngày 15/12/2025")
    page.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(page.get_by_text("Đã ghi nhận điểm tự chấm.")).to_be_visible()
    page.screenshot(path=screenshot_dir / "clusters-1-self-scored.png", full_page=True)

    # The head scores itself and reviews the member (cross-review).
    head = browser.new_context(locale="vi-VN").new_page()
    log_in(head, base, commune_officer)
    head.goto(url)
    head.get_by_label(f"Điểm tự chấm của {commune.name}").fill("95")
    head.get_by_label("Minh chứng").fill("Báo cáo số 20/BC-UBND")
    head.get_by_role("button", name="Lưu điểm tự chấm").click()
    expect(head.get_by_text("Đã ghi nhận điểm tự chấm.")).to_be_visible()
    head.get_by_label(f"Điểm thẩm định của {other_commune.name}").fill("88")
    head.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(head.get_by_text("Hãy nêu lý do điểm thẩm định khác")).to_be_visible()
    head.get_by_label(f"Điểm thẩm định của {other_commune.name}").fill("88")
    head.get_by_label("Ghi chú thẩm định (bắt buộc khi điểm khác điểm tự chấm)").fill(
        "Thiếu biên bản kiểm tra công trình")
    head.get_by_role("button", name="Lưu điểm thẩm định").click()
    expect(head.get_by_text("Đã ghi nhận điểm thẩm định.")).to_be_visible()
    # The head may not review its own score.
    expect(head.get_by_label(f"Điểm thẩm định của {commune.name}")).to_have_count(0)
    head.screenshot(path=screenshot_dir / "clusters-2-head-reviewed.png", full_page=True)

    # The organising level reviews the head and publishes the ranking.
    organiser = browser.new_context(locale="vi-VN").new_page()
    log_in(organiser, base, province_officer)
    organiser.goto(url)
    review_head = organiser.get_by_label(f"Điểm thẩm định của {commune.name}")
    review_head.fill("95")
    organiser.locator("form", has=review_head).get_by_role(
        "button", name="Lưu điểm thẩm định").click()
    expect(organiser.get_by_text("Đã ghi nhận điểm thẩm định.")).to_be_visible()
    organiser.get_by_role("button", name="Công bố kết quả xếp hạng").click()
    expect(organiser.get_by_text("Đã công bố kết quả xếp hạng")).to_be_visible()
    assessment = organiser.get_by_test_id("assessment")
    expect(assessment.locator(f'tr[data-unit="{commune.pk}"] td').first).to_have_text("1")
    expect(assessment.locator(f'tr[data-unit="{other_commune.pk}"] td').first).to_have_text("2")
    organiser.screenshot(path=screenshot_dir / "clusters-3-published.png", full_page=True)

    # After publication the page offers no editing to anyone.
    for viewer in (page, head, organiser):
        viewer.goto(url)
        expect(viewer.get_by_test_id("published")).to_be_visible()
        expect(viewer.get_by_role("button", name="Lưu điểm tự chấm")).to_have_count(0)
        expect(viewer.get_by_role("button", name="Lưu điểm thẩm định")).to_have_count(0)
        expect(viewer.get_by_role("button", name="Công bố kết quả xếp hạng")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "clusters-4-member-after-publication.png",
                    full_page=True)

    # A direct POST, with the member's own session and CSRF token, is refused.
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{url}tu-cham/{other_commune.pk}/",
        form={"score": "99", "evidence": "Sửa sau công bố", "csrfmiddlewaretoken": token},
        headers={"Referer": url, "X-CSRFToken": token})
    assert "không thể thay đổi điểm nữa" in response.text()
    assert ClusterScore.objects.get(unit=other_commune).self_score == Decimal("92.00")
