"""In Chromium: an officer reads on a person's page what the person can be proposed for
and what one condition short, then sweeps the ward in the background, filters the result
table and downloads the same rows as an Excel workbook."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, Route, expect

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.eligibility.models import SweepRun, SweepStatus
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, EntryKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GRASSROOTS_FIGHTER = "Chiến sĩ thi đua cơ sở"
PROVINCIAL_FIGHTER = "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh"


def log_in(page: Page, base: str, user: User) -> None:
    page.goto(f"{base}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)


@pytest.fixture
def ward_staff(catalogue: ImportReport, commune: OrgUnit, other_commune: OrgUnit,
               record: Record, outsider: User, decision: Decision) -> dict[str, Person]:
    """Three officers of the ward and one of the neighbouring ward (outside the sweep)."""
    mai = make_person(commune, "Trần Thị Mai")
    # Three excellent CSTĐCS years but no provincial initiative: CSTĐCS again, and the
    # provincial fighter title one initiative away.
    excellent_fighter(record, mai, initiative=False)
    hung = make_person(commune, "Lê Văn Hùng")
    excellent_fighter(record, hung)
    lan = make_person(commune, "Phạm Thị Lan")
    record(lan, EntryKind.TASK_RATING, 2025, rating="good")
    stranger = make_person(other_commune, "Đỗ Văn Khách")
    for year in (2024, 2025):
        record_entry(actor=outsider, subject=stranger, source=decision,
                     data=EntryData(kind=EntryKind.TASK_RATING, year=year, rating="excellent"))
    return {"mai": mai, "hung": hung, "lan": lan, "stranger": stranger}


def test_person_panel_shows_eligible_and_almost_awards_with_their_conditions(
    page: Page, live_server: Any, commune_officer: User, ward_staff: dict[str, Person],
    screenshot_dir: Path,
) -> None:
    base = live_server.url
    mai = ward_staff["mai"]
    log_in(page, base, commune_officer)
    page.goto(f"{base}/ca-nhan/{mai.pk}/")
    # The panel loads with the page (current year); the officer asks about 2025.
    panel = page.locator("#eligibility-panel")
    expect(panel.get_by_role("heading", name="Có thể đề nghị khen thưởng gì?")).to_be_visible()
    panel.get_by_label("Năm xét").fill("2025")
    panel.get_by_role("button", name="Xét").click()
    expect(panel).to_contain_text("Năm xét 2025, ngày đề nghị 31/12/2025.")

    eligible = panel.get_by_test_id("section-eligible")
    expect(eligible.get_by_role("heading")).to_contain_text("Có thể đề nghị ngay")
    fighter = eligible.locator("li[data-award=chien_si_thi_dua_co_so]")
    expect(fighter.locator("summary")).to_contain_text(GRASSROOTS_FIGHTER)
    expect(fighter).to_contain_text("Cấp cơ sở")
    expect(fighter).to_contain_text("tiền thưởng 2.340.000 đ")
    fighter.locator("summary").click()
    rating = fighter.get_by_role("row").filter(
        has_text="Năm 2025 xếp loại từ mức hoàn thành xuất sắc nhiệm vụ trở lên")
    expect(rating).to_contain_text("hồ sơ: hoàn thành xuất sắc nhiệm vụ")
    expect(rating.locator(".badge")).to_have_text("đạt")
    expect(rating).to_contain_text("Luật 06/2022/QH15, Điều 23")

    almost = panel.get_by_test_id("section-almost")
    expect(almost.get_by_role("heading")).to_contain_text("Còn thiếu đúng một điều kiện")
    provincial = almost.locator("li[data-award=chien_si_thi_dua_bo_tinh]")
    expect(provincial.locator("summary")).to_contain_text(PROVINCIAL_FIGHTER)
    expect(provincial).to_contain_text("Còn thiếu:")
    expect(provincial).to_contain_text("sáng kiến cấp bộ, ban, ngành, tỉnh")
    provincial.locator("summary").click()
    run_of_titles = provincial.get_by_role("row").filter(
        has_text="3 năm liên tục Chiến sĩ thi đua cơ sở")
    expect(run_of_titles).to_contain_text("3 năm liên tục: 2023, 2024, 2025")
    expect(provincial.get_by_role("row").filter(has_text="chưa đạt").first).to_be_visible()
    # Awards for the armed forces or foreigners are out of a civil servant's reach, not
    # one condition away.
    expect(almost).not_to_contain_text("Chiến sĩ tiên tiến")
    expect(almost).not_to_contain_text("Huân chương Hữu nghị")

    # State orders whose computable conditions hold are set apart, collapsed, after the
    # awards the ward and the province confer.
    to_confirm = panel.get_by_test_id("section-needs_confirmation")
    higher = to_confirm.get_by_test_id("higher-needs_confirmation")
    higher_summary = higher.locator(":scope > summary")
    expect(higher_summary).to_contain_text("Khen thưởng cấp Nhà nước, Chính phủ")
    order = higher.locator("li[data-award=huan_chuong_lao_dong_hang_ba]")
    expect(order).to_be_hidden()
    expect(to_confirm.locator("li").first).to_contain_text("Lao động tiên tiến")
    page.screenshot(path=screenshot_dir / "eligibility-1-panel.png", full_page=True)
    higher_summary.click()
    expect(order).to_be_visible()
    expect(order.locator("summary")).to_contain_text("Huân chương Lao động hạng Ba")
    expect(order.locator("summary")).to_contain_text("Cấp Nhà nước")

    # At phone width the panel fits the screen.
    page.set_viewport_size({"width": 390, "height": 844})
    expect(fighter).to_be_visible()
    assert page.evaluate(
        "() => document.getElementById('eligibility-panel').getBoundingClientRect().right"
    ) <= 390
    page.screenshot(path=screenshot_dir / "eligibility-2-panel-phone.png", full_page=True)


def _table_rows(page: Page) -> list[list[str]]:
    cells: list[list[str]] = page.locator("#sweep-table tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells, c => c.innerText.trim()))")
    return cells


def _download(page: Page, tmp_path: Path, name: str) -> list[list[str]]:
    with page.expect_download() as caught:
        page.get_by_role("link", name="Xuất ra Excel").click()
    download = caught.value
    assert re.fullmatch(r"xet-dieu-kien-\d+-2025-\d{8}\.xlsx", download.suggested_filename)
    target = tmp_path / name
    download.save_as(target)
    sheet = load_workbook(target, read_only=True).active
    assert sheet is not None
    return [["" if v is None else str(v) for v in row]
            for row in sheet.iter_rows(min_row=3, values_only=True)]


def _same_rows(page_rows: list[list[str]], sheet_rows: list[list[str]]) -> None:
    """The workbook has the page's rows in the page's order: subject, kind, award and
    result verbatim; the page's last cell shows the missing condition, its legal basis
    and what remains to confirm, which the workbook keeps in three columns."""
    assert [row[:4] for row in page_rows] == [row[:4] for row in sheet_rows]
    for shown, written in zip(page_rows, sheet_rows, strict=True):
        for part in written[4:7]:
            assert " ".join(part.split()) in " ".join(shown[4].split())


def test_sweep_runs_in_background_then_filters_and_exports_the_page_rows(
    page: Page, live_server: Any, settings: Any, commune: OrgUnit, commune_officer: User,
    ward_staff: dict[str, Person], screenshot_dir: Path, tmp_path: Path,
) -> None:
    # A real queue: the sweep waits in the database until a worker takes it, as in
    # production (`vinhdanh db_worker`).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    base = live_server.url
    log_in(page, base, commune_officer)

    # The progress polls are held in the browser while the worker runs, so the worker
    # (this thread) and the live server never use the database at the same time.
    held: list[Route] = []
    released = False

    def hold(route: Route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route(re.compile(r".*[?&]progress=1.*"), hold)

    page.goto(f"{base}/xet-dieu-kien/ra-soat/")
    page.get_by_role("link", name="Rà soát mới").click()
    page.get_by_label("Đơn vị").select_option(label=commune.name)
    page.get_by_label("Năm xét").fill("2025")
    page.get_by_label("Ngày đề nghị").fill("15/01/2026")
    with page.expect_request(lambda request: "progress=1" in request.url):
        page.get_by_role("button", name="Bắt đầu rà soát").click()
    progress = page.locator("#sweep-progress")
    expect(progress).to_contain_text("Đang chờ")
    expect(progress.get_by_role("progressbar")).to_be_visible()
    expect(page.locator("#sweep-table")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "eligibility-3-sweep-queued.png", full_page=True)
    run = SweepRun.objects.get()
    assert run.status == SweepStatus.QUEUED

    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0",
                 "--no-reload", verbosity=0)
    run.refresh_from_db()
    assert run.status == SweepStatus.DONE
    assert run.total == run.processed == 3 + 1  # three officers and the ward itself

    released = True
    for route in held:
        # A poll answered after the page reloaded has nobody left to answer to.
        with contextlib.suppress(PlaywrightError):
            route.continue_()
    # The last poll reports the end and the page reloads with the results.
    expect(page.locator("#sweep-table")).to_be_visible(timeout=15_000)
    expect(page.locator("#sweep-progress")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_contain_text(commune.name)
    expect(page.locator("body")).to_contain_text("Ngày đề nghị 15/01/2026.")
    expect(page.locator("#sweep-table")).not_to_contain_text("Đỗ Văn Khách")
    page.screenshot(path=screenshot_dir / "eligibility-4-sweep-done.png", full_page=True)

    # By verdict: who can be proposed now.
    page.get_by_label("Kết quả").select_option(label="Đủ điều kiện")
    expect(page).to_have_url(re.compile(r"kind=eligible"))
    eligible = _table_rows(page)
    assert eligible
    assert all(row[3] == "Đủ điều kiện" for row in eligible)
    assert ["Trần Thị Mai", "Cá nhân", GRASSROOTS_FIGHTER, "Đủ điều kiện"] in [
        row[:4] for row in eligible]
    _same_rows(eligible, _download(page, tmp_path, "eligible.xlsx"))

    # By award and verdict: who lacks one condition for the provincial fighter title.
    page.get_by_label("Kết quả").select_option(label="Còn thiếu một điều kiện")
    page.get_by_label("Loại khen thưởng").select_option(label=PROVINCIAL_FIGHTER)
    expect(page).to_have_url(re.compile(r"kind=almost.*award=chien_si_thi_dua_bo_tinh"))
    expect(page.get_by_test_id("row-count")).to_have_text("1 dòng")
    almost = _table_rows(page)
    assert [row[:4] for row in almost] == [
        ["Trần Thị Mai", "Cá nhân", PROVINCIAL_FIGHTER, "Còn thiếu một điều kiện"]]
    assert "sáng kiến cấp bộ, ban, ngành, tỉnh" in almost[0][4]
    assert "Luật 06/2022/QH15, Điều 22" in almost[0][4]
    page.screenshot(path=screenshot_dir / "eligibility-5-sweep-filtered.png", full_page=True)
    _same_rows(almost, _download(page, tmp_path, "almost.xlsx"))

    # At phone width the table scrolls inside its frame; the page itself does not.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshot_dir / "eligibility-6-sweep-phone.png", full_page=True)
