"""In Chromium, one proposal walks the whole way (issue 5, first acceptance line).

A ward officer proposes one of its civil servants for the provincial emulation-fighter title
(Chiến sĩ thi đua cấp tỉnh: the provincial council votes on it, at least 90% of the whole
membership, Decree 98/2023 Art 30(7)), uploads the dossier and submits; the province asks for
a supplement, the ward supplements and resubmits; the province appraises the line, posts the
list for public comment, a visitor comments, the officer answers; once the notice period is
over five council members vote by secret ballot, the chairman (signing with TOTP) issues the
numbered decision, the certificates are printed and the address on a certificate opens the
public verification page. Every step is a click or a keystroke in the browser, apart from
setting up the council, its term, members and session: that goes through the councils
services in the fixture, as the secretary would through the council's own setup pages.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Browser, BrowserContext, Page, expect

from conftest import PASSWORD, make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.accounts.testing import make_totp_device, totp_code
from vinhdanh.catalogue.importer import import_catalogue
from vinhdanh.core.money import format_vnd
from vinhdanh.councils.models import (
    Council,
    CouncilKind,
    MemberRole,
    ThresholdRule,
)
from vinhdanh.councils.services import setup as council_setup
from vinhdanh.councils.thresholds import rules_from_catalogue
from vinhdanh.eligibility.tests.conftest import excellent_fighter, make_person
from vinhdanh.nominations.models import NomineeLine, Proposal, PublicNotice
from vinhdanh.nominations.tests.conftest import PDF_BYTES
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, Entry
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry
from vinhdanh.units.models import OrgUnit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMINEE = "Trần Thị Mai"
AWARD = "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh"
AWARD_CODE = "chien_si_thi_dua_bo_tinh"
TITLE = "Tờ trình đề nghị tặng danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025"
SUPPLEMENT_REASON = "Báo cáo thành tích chưa có xác nhận của Chủ tịch UBND phường; đề nghị bổ sung."
COUNCIL_SIZE = 5


@dataclass
class World:
    commune_officer: User
    province_officer: User
    chairman: User  # the provincial chairman: decides and signs, so logs in with TOTP
    secretary: User
    council: Council
    voters: list[User]  # the five members of the council's term, secretary included
    nominee: Person


@pytest.fixture
def world(commune: OrgUnit, province: OrgUnit, commune_officer: User,
          province_officer: User) -> World:
    # Transactional tests start from an emptied database: load the catalogue and the
    # councils' threshold rules again, as the data migrations did.
    import_catalogue(actor=None)
    for rule in rules_from_catalogue():
        ThresholdRule.objects.get_or_create(
            award_code=rule.award_code,
            defaults={"min_pct": rule.min_pct, "comparison": rule.comparison,
                      "written_opinions_count": rule.written_opinions_count,
                      "basis": rule.basis, "verified": rule.verified})
    # Three grassroots emulation-fighter years and a provincial initiative: eligible for the
    # provincial title but for the qualitative conditions the appraiser confirms.
    nominee = make_person(commune, NOMINEE)
    source = Decision.objects.create(number="88/QĐ-UBND", date=dt.date(2025, 12, 20),
                                     issuer=commune, number_folded="88/qd-ubnd")

    def record(subject: Person, kind: str, year: int, **fields: object) -> Entry:
        return record_entry(actor=commune_officer, subject=subject, source=source,
                            data=EntryData(kind=kind, year=year, **fields))  # type: ignore[arg-type]

    excellent_fighter(record, nominee)

    chairman = make_user("chu_tich_tinh", Role.UNIT_LEADER, province)
    chairman.full_name = "Phạm Quang Ngọc"
    chairman.save(update_fields=["full_name"])
    make_totp_device(chairman)
    secretary = make_user("thu_ky_hoi_dong", Role.COUNCIL_SECRETARY, province)
    council = council_setup.create_council(
        actor=secretary, unit=province, kind=CouncilKind.EMULATION,
        name="Hội đồng Thi đua - Khen thưởng tỉnh Ninh Bình")
    term = council_setup.add_term(actor=secretary, council=council,
                                  starts_on=dt.date(2025, 7, 1), ends_on=dt.date(2030, 6, 30))
    voters = [secretary]
    council_setup.add_member(actor=secretary, term=term, user=secretary,
                             role=MemberRole.SECRETARY)
    for n, role in enumerate([MemberRole.CHAIR, MemberRole.VICE_CHAIR, MemberRole.MEMBER,
                              MemberRole.MEMBER]):
        member = make_user(f"uy_vien_{n + 1}", Role.COUNCIL_MEMBER, province)
        council_setup.add_member(actor=secretary, term=term, user=member, role=role)
        voters.append(member)
    return World(commune_officer, province_officer, chairman, secretary, council, voters,
                 nominee)


@pytest.fixture
def dossier_files(tmp_path: Path) -> dict[str, Path]:
    files = {}
    for name in ("to-trinh", "bao-cao-thanh-tich", "bao-cao-thanh-tich-co-xac-nhan",
                 "bien-ban-xet", "ket-qua-bo-phieu", "xac-nhan-sang-kien"):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(PDF_BYTES)
        files[name] = path
    return files


class Walk:
    """The browser side: one context per person, screenshots numbered in walk order."""

    def __init__(self, browser: Browser, base: str, shots: Path) -> None:
        self.browser, self.base, self.shots = browser, base, shots
        self.step = 0
        self.contexts: list[BrowserContext] = []

    def open(self) -> Page:
        context = self.browser.new_context(locale="vi-VN",
                                           viewport={"width": 1280, "height": 900},
                                           accept_downloads=True)
        self.contexts.append(context)
        return context.new_page()

    def log_in(self, user: User) -> Page:
        page = self.open()
        page.goto(f"{self.base}/tai-khoan/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(user.username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
        expect(page.get_by_label("Tên đăng nhập")).to_have_count(0)
        return page

    def shot(self, page: Page, name: str) -> None:
        self.step += 1
        page.screenshot(path=self.shots / f"walk-{self.step:02d}-{name}.png", full_page=True)

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def walk(browser: Browser, live_server: object, screenshot_dir: Path) -> Iterator[Walk]:
    walk = Walk(browser, str(live_server.url), screenshot_dir)  # type: ignore[attr-defined]
    yield walk
    walk.close()


def move(page: Page, button: str) -> None:
    """Press a workflow button of the proposal page and wait for the confirmation."""
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text("Đã cập nhật trạng thái.")).to_be_visible()


def upload(page: Page, label: str, path: Path) -> None:
    form = page.locator("form").filter(has=page.get_by_label(label, exact=True))
    form.get_by_label(label, exact=True).set_input_files(path)
    form.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã đính kèm tệp.")).to_be_visible()


def pdf_text(pdf: bytes, tmp: Path) -> str:
    """The text layer of a PDF, as poppler's pdftotext reads it."""
    source = tmp / "bang-khen.pdf"
    source.write_bytes(pdf)
    binary = shutil.which("pdftotext")
    if binary is None:
        pytest.skip("pdftotext (poppler-utils) is needed to read the certificate")
    return subprocess.run([binary, "-layout", str(source), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_one_proposal_from_ward_to_verified_certificate(
    world: World, walk: Walk, dossier_files: dict[str, Path], tmp_path: Path
) -> None:
    # ---- 1. The ward officer drafts the proposal, adds the nominee and the dossier.
    ward = walk.log_in(world.commune_officer)
    ward.goto(f"{walk.base}/de-nghi/")
    ward.get_by_role("link", name="Tờ trình mới").click()
    ward.get_by_label("Tiêu đề").fill(TITLE)
    ward.get_by_label("Cấp quyết định").select_option(label="Tỉnh Ninh Bình")
    ward.get_by_label("Năm thành tích").fill("2025")
    ward.get_by_label("Số tờ trình").fill("12/TTr-UBND")
    walk.shot(ward, "ward-new-proposal")
    ward.get_by_role("button", name="Tạo").click()
    expect(ward.get_by_role("heading", name=TITLE)).to_be_visible()
    proposal = Proposal.objects.get(title=TITLE)

    ward.get_by_role("link", name="Thêm người, tập thể được đề nghị").click()
    ward.get_by_label("Người, tập thể được đề nghị").select_option(label=NOMINEE)
    ward.get_by_label("Loại khen thưởng").select_option(label=AWARD)
    ward.get_by_label("Tóm tắt thành tích").fill(
        "Ba năm liền Chiến sĩ thi đua cơ sở; sáng kiến số hoá sổ thành tích áp dụng toàn tỉnh.")
    ward.get_by_role("button", name="Thêm", exact=True).click()
    expect(ward.get_by_text("Đã thêm vào danh sách", exact=False)).to_be_visible()
    line = NomineeLine.objects.get(proposal=proposal)
    assert line.verdict in {"eligible", "needs_confirmation"}, line.verdict_lines
    for label, name in (("Tờ trình đề nghị khen thưởng", "to-trinh"),
                        ("Báo cáo thành tích", "bao-cao-thanh-tich"),
                        ("Biên bản xét khen thưởng", "bien-ban-xet"),
                        ("Kết quả bỏ phiếu", "ket-qua-bo-phieu"),
                        ("Xác nhận sáng kiến, đề tài, công trình khoa học",
                         "xac-nhan-sang-kien")):
        upload(ward, label, dossier_files[name])
    walk.shot(ward, "ward-dossier-complete")
    move(ward, "Trình cấp có thẩm quyền")
    expect(ward.get_by_text("Đã trình", exact=True)).to_be_visible()

    # ---- 2. The province receives it and asks for a supplement, in writing.
    board = walk.log_in(world.province_officer)
    board.goto(f"{walk.base}/de-nghi/")
    board.get_by_role("link", name=TITLE).click()
    move(board, "Tiếp nhận")
    board.get_by_role("button", name="Yêu cầu bổ sung hồ sơ").click()
    dialog = board.get_by_role("dialog", name="Yêu cầu bổ sung hồ sơ")
    dialog.get_by_label("Lý do (gửi lại đơn vị trình)").fill(SUPPLEMENT_REASON)
    walk.shot(board, "province-asks-supplement")
    dialog.get_by_role("button", name="Xác nhận").click()
    expect(board.get_by_text("Đã cập nhật trạng thái.")).to_be_visible()

    # ---- 3. The ward sees why, replaces the report and resubmits.
    ward.reload()
    expect(ward.get_by_role("alert").filter(has_text=SUPPLEMENT_REASON)).to_be_visible()
    walk.shot(ward, "ward-sees-supplement-reason")
    upload(ward, "Báo cáo thành tích", dossier_files["bao-cao-thanh-tich-co-xac-nhan"])
    move(ward, "Gửi lại hồ sơ đã bổ sung")
    expect(ward.get_by_text("Đã tiếp nhận", exact=True)).to_be_visible()

    # ---- 4. The province appraises the line with a comment and posts the public notice.
    board.reload()
    move(board, "Nhận đủ hồ sơ, bắt đầu thẩm định")
    board.get_by_label("Ý kiến hoặc lý do").fill(
        "Đủ tiêu chuẩn: 3 năm liền CSTĐCS, sáng kiến cấp tỉnh đã xác nhận.")
    board.get_by_role("button", name="Đạt", exact=True).click()
    row = board.locator("tbody tr").filter(has_text=NOMINEE)
    expect(row).to_contain_text("Thẩm định đạt")
    expect(row).to_contain_text("Đủ tiêu chuẩn: 3 năm liền CSTĐCS")
    move(board, "Đăng công khai lấy ý kiến")
    walk.shot(board, "province-notice-published")
    notice = PublicNotice.objects.get(proposal=proposal)
    notice_url = board.get_by_role("link", name="Trang công khai").get_attribute("href")
    assert notice_url is not None

    # ---- 5. A citizen, not logged in, comments on the public page.
    citizen = walk.open()
    citizen.goto(f"{walk.base}{notice_url}")
    expect(citizen.get_by_role("cell", name=NOMINEE)).to_be_visible()
    citizen.get_by_label("Họ và tên").fill("Lê Văn Dân")
    citizen.get_by_label("Số điện thoại, thư điện tử hoặc địa chỉ").fill("0912 345 678")
    citizen.get_by_label("Ý kiến", exact=True).fill(
        "Chị Mai nhiệt tình, được nhân dân tổ dân phố số 3 tín nhiệm.")
    citizen.get_by_role("button", name="Gửi").click()
    expect(citizen.get_by_text("Cảm ơn", exact=False)).to_be_visible()
    walk.shot(citizen, "citizen-comment-sent")

    # ---- 6. The officer publishes the comment with an answer; the citizen reads it.
    board.reload()
    board.get_by_label("Trả lời").fill("Cảm ơn ông đã góp ý; ý kiến được đưa vào hồ sơ.")
    board.get_by_role("button", name="Công khai", exact=True).click()
    expect(board.get_by_text("Đã cập nhật ý kiến.")).to_be_visible()
    # The decision cannot come while the notice runs.
    board.get_by_role("button", name="Trình quyết định").click()
    expect(board.get_by_text(
        f"đến hết ngày {notice.ends_on:%d/%m/%Y}", exact=False)).to_be_visible()
    walk.shot(board, "province-decision-refused-during-notice")
    citizen.reload()
    expect(citizen.get_by_text("ý kiến được đưa vào hồ sơ", exact=False)).to_be_visible()

    # ---- 7. The notice period runs out. The clock is moved, not waited for: time-machine
    # moves the whole process (the live server thread included) to the morning after the
    # last notice day, so every date check runs the real code on a real later date. The
    # notice dates themselves are left as the service computed them from the working-day
    # calendar. Logins are made afresh: two weeks on, a server session may have expired.
    tz = ZoneInfo(django_settings.TIME_ZONE)
    after = dt.datetime.combine(notice.ends_on + dt.timedelta(days=1), dt.time(8, 0),
                                tzinfo=tz)
    with time_machine.travel(after, tick=True):
        session = council_setup.create_session(
            actor=world.secretary, council=world.council, date=after.date(),
            place="Phòng họp số 1, UBND tỉnh")
        _council_votes(walk, world, proposal, session.pk)
        _decide_and_verify(walk, world, proposal, tmp_path)


def _council_votes(walk: Walk, world: World, proposal: Proposal, session_id: int) -> None:
    # ---- 8. The secretary puts the nominee on the session's agenda from the proposal page
    # and prepares a secret-ballot poll on it.
    desk = walk.log_in(world.secretary)
    desk.goto(f"{walk.base}/de-nghi/{proposal.pk}/")
    desk.get_by_role("link", name="Đưa vào chương trình phiên họp Hội đồng").click()
    desk.get_by_label("Phiên họp hội đồng").select_option(index=0)
    desk.get_by_role("checkbox", name=NOMINEE).check()
    desk.get_by_role("button", name="Đưa vào chương trình").click()
    # .first: the councils session page currently shows its messages twice (reported).
    expect(desk.get_by_text("Đã đưa 1 người (tập thể) vào chương trình").first).to_be_visible()
    assert desk.url.endswith(f"/hoi-dong/phien/{session_id}/")
    poll_form = desk.locator("form").filter(
        has=desk.get_by_role("button", name="Chuẩn bị cuộc biểu quyết"))
    poll_form.get_by_role("checkbox", name=NOMINEE).check()
    poll_form.get_by_label("Hình thức biểu quyết").select_option(
        label="Mỗi nội dung một cuộc biểu quyết")
    poll_form.get_by_label("Cách bỏ phiếu").select_option(label="Bỏ phiếu kín điện tử")
    poll_form.get_by_label("Tên cuộc biểu quyết (không bắt buộc)").fill(
        "Xét danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025")
    poll_form.get_by_role("button", name="Chuẩn bị cuộc biểu quyết").click()
    expect(desk.get_by_text("Đã chuẩn bị 1 cuộc biểu quyết", exact=False).first).to_be_visible()
    walk.shot(desk, "council-agenda-and-poll")
    # ---- 9. The secretary opens the poll; five members vote, each in their own browser.
    desk.get_by_role("button", name="Mở cuộc biểu quyết").click()
    expect(desk.get_by_text("0/5 thành viên đã bỏ phiếu")).to_be_visible()
    walk.shot(desk, "council-poll-open")
    for number, member in enumerate(world.voters, start=1):
        page = desk if member == world.secretary else walk.log_in(member)
        page.goto(f"{walk.base}/hoi-dong/")
        page.get_by_role("link", name="Bỏ phiếu").click()
        page.get_by_role("radio", name="Đồng ý", exact=True).check()
        page.get_by_role("button", name="Xem lại phiếu").click()
        page.get_by_role("button", name="Xác nhận và bỏ phiếu").click()
        expect(page.get_by_test_id("receipt")).not_to_be_empty()
        if number in (1, COUNCIL_SIZE):
            walk.shot(page, f"council-ballot-{number}-receipt")
    desk.goto(f"{walk.base}/hoi-dong/phien/{session_id}/")
    desk.get_by_role("button", name="Đóng cuộc biểu quyết").click()
    result = desk.locator("table").filter(has_text="Tỷ lệ trên tổng số thành viên").locator(
        "tr").filter(has_text=NOMINEE)
    expect(result).to_contain_text("100")
    expect(result).to_contain_text("Đạt")
    walk.shot(desk, "council-result-passed")


def _decide_and_verify(walk: Walk, world: World, proposal: Proposal, tmp_path: Path) -> None:
    # ---- 10. The officer sends the proposal to the chairman, now that the notice is over.
    board = walk.log_in(world.province_officer)
    board.goto(f"{walk.base}/de-nghi/{proposal.pk}/")
    move(board, "Trình quyết định")
    expect(board.get_by_text("Chờ quyết định", exact=True)).to_be_visible()

    # ---- 11. The chairman logs in with the second factor and issues the decision.
    chair = walk.log_in(world.chairman)
    expect(chair.get_by_label("Mã 6 chữ số")).to_be_visible()
    device = TOTPDevice.objects.get(user=world.chairman)
    chair.get_by_label("Mã 6 chữ số").fill(totp_code(device))
    chair.get_by_role("button", name="Xác thực").click()
    expect(chair.get_by_label("Mã 6 chữ số")).to_have_count(0)
    chair.goto(f"{walk.base}/de-nghi/{proposal.pk}/")
    chair.get_by_label("Người ký", exact=True).fill("Phạm Quang Ngọc")
    chair.get_by_label("Chức vụ người ký").fill("Chủ tịch")
    chair.get_by_label("Căn cứ pháp lý").fill(
        "Luật Thi đua, khen thưởng số 06/2022/QH15; Nghị định số 152/2025/NĐ-CP; "
        "Biên bản họp Hội đồng Thi đua - Khen thưởng tỉnh.")
    walk.shot(chair, "chairman-decision-form")
    chair.get_by_role("button", name="Ban hành quyết định").click()
    expect(chair.get_by_text("Đã ban hành quyết định.")).to_be_visible()
    number_link = chair.get_by_role("link", name="QĐ-UBND")
    expect(number_link).to_be_visible()
    number = number_link.inner_text()
    assert re.fullmatch(r"\d+/QĐ-UBND", number), number
    # Coefficient 3.0 × the base salary in force on the decision date, rounded up to
    # 10.000 đ (Decree 152/2025 Art 50): shown as the ledger stored it.
    awarded = NomineeLine.objects.get(proposal=proposal)
    assert awarded.amount_vnd is not None
    assert awarded.base_salary_vnd
    assert 0 <= awarded.amount_vnd - 3 * awarded.base_salary_vnd < 10_000
    expect(chair.locator("tbody tr").filter(has_text=NOMINEE)).to_contain_text(
        format_vnd(awarded.amount_vnd))
    walk.shot(chair, "chairman-decision-issued")

    # ---- 12. Certificates: one PDF page per awardee, with the QR code and its address.
    number_link.click()
    expect(chair.get_by_role("heading", name=number)).to_be_visible()
    walk.shot(chair, "decision-page")
    with chair.expect_download() as download:
        chair.get_by_role("button", name="In bằng, giấy khen (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    # No QR decoder ships in the environment (no zbar, zxing or OpenCV), so the test reads
    # the verification address the certificate prints in full under its QR code; the QR
    # encodes that same string (documents.certificates.qr_data_uri(item.verify_url)).
    text = pdf_text(pdf, tmp_path)
    assert NOMINEE in text
    found = re.search(r"https?://\S+/xac-minh/[A-Za-z0-9_-]+/", text)
    assert found is not None, text

    # ---- 13. Anyone opening that address sees the award stands.
    visitor = walk.open()
    visitor.goto(found.group(0))
    expect(visitor.get_by_role("status")).to_contain_text("đang có hiệu lực")
    expect(visitor.get_by_text(NOMINEE)).to_be_visible()
    expect(visitor.get_by_text(AWARD)).to_be_visible()
    expect(visitor.get_by_text(number, exact=False)).to_be_visible()
    walk.shot(visitor, "certificate-verified")
