"""The proposal page as each side sees it: buttons that say what they do, the reason a
dossier came back, the link to the decision, downloads that stay downloads, and the
achievement report drafted from the ledger."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from django.urls import reverse
from docx import Document as DocxDocument

from vinhdanh.accounts.models import User
from vinhdanh.accounts.testing import login_verified
from vinhdanh.nominations.models import Proposal
from vinhdanh.nominations.services import decisions
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.records.models import Decision, EntryKind
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import record_entry

REASON = "Thiếu chữ ký của Chủ tịch UBND phường trên báo cáo thành tích."


def page_of(user: User, proposal: Proposal, *, verified: bool = False) -> str:
    client = Client()
    if verified:
        login_verified(client, user)
    else:
        client.force_login(user)
    response = client.get(reverse("nominations:detail", args=[proposal.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_buttons_name_the_act_and_only_the_sender_submits(
        proposal: Proposal, commune_officer: User, outsider: User) -> None:
    page = page_of(commune_officer, proposal)
    # The button that sends the proposal says so, not the status it leads to ("Đã trình").
    assert 'value="submitted">Trình cấp có thẩm quyền</button>' in page
    assert 'value="withdrawn">Rút tờ trình</button>' in page
    assert Client().get(reverse("nominations:detail", args=[proposal.pk])).status_code == 302
    other = Client()
    other.force_login(outsider)
    assert other.get(reverse("nominations:detail", args=[proposal.pk])).status_code == 404


def test_supplement_reason_is_shown_once_to_the_proposing_unit(
        proposal: Proposal, commune_officer: User, province_officer: User) -> None:
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    client = Client()
    client.force_login(province_officer)
    response = client.post(reverse("nominations:move", args=[proposal.pk]),
                           {"to": "supplement_requested", "reason": REASON}, follow=True)
    page = response.content.decode()
    # The confirmation appears once (base.html shows the messages; the page no longer
    # repeats them).
    assert page.count("Đã cập nhật trạng thái.") == 1
    page = page_of(commune_officer, proposal)
    assert 'role="alert"><strong>Yêu cầu bổ sung:</strong> ' + REASON in page
    assert 'value="received">Gửi lại hồ sơ đã bổ sung</button>' in page


def test_decider_is_offered_the_decision_form_not_a_dead_button(
        awaiting_decision: Proposal, system_admin: User) -> None:
    page = page_of(system_admin, awaiting_decision, verified=True)
    # Deciding goes through the numbered decision form; a plain "decided" button led to 404.
    assert 'value="decided"' not in page
    assert reverse("nominations:decide", args=[awaiting_decision.pk]) in page
    assert 'data-bs-target="#move-not_awarded">Không khen thưởng</button>' in page


def test_decided_proposal_links_to_its_decision_and_downloads_are_attachments(
        awaiting_decision: Proposal, system_admin: User, province_officer: User) -> None:
    issued = decisions.issue_decision(actor=system_admin, proposal=awaiting_decision,
                                      legal_basis="Luật 06/2022/QH15", signer_name="Trần Văn Nam",
                                      signer_title="Chủ tịch", decision_date=dt.date(2026, 1, 15))
    page = page_of(province_officer, awaiting_decision)
    decision_url = reverse("nominations:decision", args=[issued.pk])
    assert f'<a href="{decision_url}">1/QĐ-UBND</a>' in page
    client = Client()
    client.force_login(province_officer)
    response = client.get(reverse("nominations:decision_docx", args=[issued.pk]))
    # "QĐ" in the name: RFC 6266 filename* keeps it an attachment the browser saves (a raw
    # UTF-8 name was MIME-encoded and Chromium opened the file inline instead).
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''quyet-dinh-1-Q%C4%90-UBND.docx")


def test_achievement_report_is_drafted_from_the_ledger(
        proposal: Proposal, commune_officer: User, outsider: User,
        django_assert_num_queries: Any) -> None:
    line = proposal.lines.get()
    assert line.person is not None
    source = Decision.objects.create(number="15/QĐ-UBND", date=dt.date(2024, 12, 20),
                                     issuer=proposal.unit, number_folded="15/qd-ubnd")
    for year, award in ((2023, "lao_dong_tien_tien"), (2024, "chien_si_thi_dua_co_so")):
        record_entry(actor=commune_officer, subject=line.person, source=source,
                     data=EntryData(kind=EntryKind.TITLE, year=year, award_code=award))
    record_entry(actor=commune_officer, subject=line.person, source=source,
                 data=EntryData(kind=EntryKind.INITIATIVE, year=2024,
                                title="Số hoá sổ thành tích", scope="grassroots",
                                effect="applied", date=dt.date(2024, 10, 1)))
    url = reverse("nominations:achievement_report", args=[line.pk])
    assert url in page_of(commune_officer, proposal)
    client = Client()
    client.force_login(commune_officer)
    # 1: session; 2: user; 3: the user's grants; 4: the line with its proposal and units;
    # 5: the proposal again, scoped to the user (get_proposal_for_user); 6: the person;
    # 7: the person's ledger history with each entry's decision and issuer.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(response.content)).paragraphs)
    assert "BÁO CÁO THÀNH TÍCH" in text
    assert f"Đề nghị tặng {line.award_name}" in text
    assert "Năm 2024: Chiến sĩ thi đua cơ sở (Quyết định số 15/QĐ-UBND ngày 20/12/2024" in text
    assert "Năm 2023: Lao động tiên tiến" in text
    assert "Số hoá sổ thành tích" in text
    other = Client()
    other.force_login(outsider)
    assert other.get(url).status_code == 404
