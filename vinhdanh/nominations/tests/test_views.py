"""Pages and API: what officers and the public see, scoped, with bounded queries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.nominations import selectors
from vinhdanh.nominations.models import CommentStatus, Proposal, ProposalStatus, PublicComment
from vinhdanh.nominations.services import decisions, notices
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.tests.conftest import make_person, make_proposal, pdf
from vinhdanh.people.models import Person
from vinhdanh.units.models import OrgUnit

P = ProposalStatus


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def three_proposals(commune_officer: User, commune: OrgUnit, province: OrgUnit) -> None:
    for n in range(3):
        people = [make_person(commune_officer, commune, f"Người {n}-{k}") for k in range(2)]
        make_proposal(commune_officer, commune, province, people)


def test_list_is_scoped_and_bounded(three_proposals: None, commune_officer: User,
                                    outsider: User, province_officer: User,
                                    django_assert_num_queries: Any) -> None:
    commune_officer = User.objects.get(pk=commune_officer.pk)
    # 1: the user's grants; 2: proposals joined with both units, with their line count.
    with django_assert_num_queries(2):
        rows: list[Any] = list(selectors.list_proposals(commune_officer))
    assert len(rows) == 3
    assert all(row.line_count == 2 for row in rows)
    assert list(selectors.list_proposals(outsider)) == []
    assert len(list(selectors.list_proposals(province_officer))) == 3

    response = logged_in(commune_officer).get(reverse("nominations:list"))
    assert response.status_code == 200
    assert "Tờ trình khen thưởng năm 2025" in response.content.decode()
    response = logged_in(outsider).get(reverse("nominations:list"))
    assert "Tờ trình khen thưởng năm 2025" not in response.content.decode()


def test_detail_is_404_outside_the_subtree(proposal: Proposal, commune_officer: User,
                                           outsider: User) -> None:
    url = reverse("nominations:detail", args=[proposal.pk])
    assert logged_in(outsider).get(url).status_code == 404
    response = logged_in(commune_officer).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Giấy khen" in page


def test_detail_queries_do_not_grow_with_lines(commune_officer: User, commune: OrgUnit,
                                               province: OrgUnit,
                                               django_assert_max_num_queries: Any) -> None:
    people = [make_person(commune_officer, commune, f"Người {k}") for k in range(6)]
    proposal = make_proposal(commune_officer, commune, province, people)
    client = logged_in(commune_officer)
    url = reverse("nominations:detail", args=[proposal.pk])
    # Session, user, grants, proposal, lines, items, log, notices (+comments): no per-line query.
    with django_assert_max_num_queries(14):
        assert client.get(url).status_code == 200


def test_transition_button_and_outsider(proposal: Proposal, commune_officer: User,
                                        outsider: User) -> None:
    url = reverse("nominations:move", args=[proposal.pk])
    assert logged_in(outsider).post(url, {"to": "submitted"}).status_code == 404
    response = logged_in(commune_officer).post(url, {"to": "submitted"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == P.SUBMITTED


def test_return_without_reason_shows_an_error(proposal: Proposal, commune_officer: User,
                                              province_officer: User) -> None:
    svc.submit_proposal(actor=commune_officer, proposal=proposal)
    svc.receive_proposal(actor=province_officer, proposal=proposal)
    client = logged_in(province_officer)
    response = client.post(reverse("nominations:move", args=[proposal.pk]),
                           {"to": "returned", "reason": ""}, follow=True)
    proposal.refresh_from_db()
    assert proposal.status == P.RECEIVED
    assert "lý do" in response.content.decode()


def test_upload_through_the_page(commune_officer: User, commune: OrgUnit, province: OrgUnit,
                                 person: Person) -> None:
    proposal = svc.create_proposal(actor=commune_officer, unit=commune, to_unit=province,
                                   title="Tờ trình", year=2025)
    line = svc.add_line(actor=commune_officer, proposal=proposal, subject=person,
                        award_code="giay_khen", achievement="Thành tích")
    item = line.items.first()
    assert item is not None
    response = logged_in(commune_officer).post(reverse("nominations:upload", args=[item.pk]),
                                               {"attachment": pdf()})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.attachment
    assert item.content_type == "application/pdf"


def test_overdue_board_counts_working_days_late(
        proposal: Proposal, commune_officer: User, province_officer: User, outsider: User,
        django_assert_num_queries: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 2, 10, 2, tzinfo=dt.UTC), tick=False):
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.accept_proposal(actor=province_officer, proposal=proposal)
    officer = User.objects.get(pk=province_officer.pk)
    # 1: grants; 2: late proposals joined with both units.
    with django_assert_num_queries(2):
        rows = selectors.list_overdue(officer, today=dt.date(2026, 3, 20))
    assert [(row.proposal.pk, row.late_by) for row in rows] == [(proposal.pk, 3)]
    assert selectors.list_overdue(outsider, today=dt.date(2026, 3, 20)) == []
    assert selectors.list_overdue(officer, today=dt.date(2026, 3, 17)) == []
    with time_machine.travel(dt.datetime(2026, 3, 20, 2, tzinfo=dt.UTC), tick=False):
        page = logged_in(province_officer).get(reverse("nominations:overdue")).content.decode()
    assert "Tờ trình khen thưởng năm 2025" in page


def test_public_page_escapes_and_takes_comments(
        in_appraisal: Proposal, commune_officer: User, province_officer: User) -> None:
    line = in_appraisal.lines.get()
    line.achievement = "<script>alert(1)</script> Cứu người trong lũ"
    line.save(update_fields=["achievement"])
    notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
    url = reverse("nominations:public_notice", args=[notice.pk])
    anonymous = Client()
    page = anonymous.get(url).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page

    data = {"name": "Lê Văn C", "contact": "0912 345 678", "text": "Tôi xác nhận thành tích"}
    assert anonymous.post(url, data).status_code == 200
    # The trap field: accepted-looking answer, nothing stored.
    response = anonymous.post(url, {**data, "website": "http://spam.example"})
    assert response.status_code == 200
    assert PublicComment.objects.count() == 1
    comment = PublicComment.objects.get()
    # Pending comments are not public until an officer publishes them.
    assert "Tôi xác nhận thành tích" not in anonymous.get(url).content.decode()
    notices.moderate_comment(actor=province_officer, comment=comment,
                             status=CommentStatus.PUBLISHED, answer="Cảm ơn ông")
    assert "Tôi xác nhận thành tích" in anonymous.get(url).content.decode()
    # Every comment, whatever its status, is in the dossier.
    dossier = logged_in(province_officer).get(
        reverse("nominations:detail", args=[in_appraisal.pk])).content.decode()
    assert "Tôi xác nhận thành tích" in dossier
    assert "0912 345 678" in dossier


def test_unpublished_notice_is_404(in_appraisal: Proposal, province_officer: User) -> None:
    notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
    notice.is_published = False
    notice.save(update_fields=["is_published"])
    assert Client().get(reverse("nominations:public_notice", args=[notice.pk])).status_code \
        == 404


def test_decision_pages(awaiting_decision: Proposal, system_admin: User, province_officer: User,
                        outsider: User, django_assert_num_queries: Any) -> None:
    issued = decisions.issue_decision(actor=system_admin, proposal=awaiting_decision,
                                      legal_basis="Luật 06/2022/QH15", signer_name="Trần Văn Nam",
                                      signer_title="Chủ tịch",
                                      decision_date=dt.date(2026, 1, 15))
    officer = User.objects.get(pk=province_officer.pk)
    # 1: grants; 2: decisions joined with their ledger decision, proposal and units.
    with django_assert_num_queries(2):
        assert [d.pk for d in selectors.list_issued_decisions(officer)] == [issued.pk]
    url = reverse("nominations:decision", args=[issued.pk])
    page = logged_in(province_officer).get(url).content.decode()
    assert "1/QĐ-UBND" in page
    assert "710.000 đ" in page
    assert logged_in(outsider).get(url).status_code == 404


def test_api_create_add_submit_and_list(commune_officer: User, commune: OrgUnit,
                                        province: OrgUnit, person: Person, outsider: User,
                                        django_assert_num_queries: Any) -> None:
    client = logged_in(commune_officer)
    response = client.post("/api/v1/nominations/proposals", json.dumps({
        "unit_id": commune.pk, "to_unit_id": province.pk, "title": "Tờ trình API",
        "year": 2025}), content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(f"/api/v1/nominations/proposals/{pk}/lines", json.dumps({
        "subject": f"p:{person.pk}", "award_code": "giay_khen",
        "achievement": "Thành tích"}), content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["missing_components"]
    response = client.post(f"/api/v1/nominations/proposals/{pk}/submit")
    assert response.status_code == 409
    assert response.json()["code"] == "dossier_incomplete"
    assert logged_in(outsider).get(f"/api/v1/nominations/proposals/{pk}").status_code == 404
    assert client.get(f"/api/v1/nominations/proposals/{pk}").json()["lines"][0][
        "nominee_name"] == "Nguyễn Thị Hoa"

    make_proposal(commune_officer, commune, province,
                  [make_person(commune_officer, commune, "Đỗ Văn E")])
    # 1: session; 2: user; 3: grants; 4: proposals with units and line counts.
    with django_assert_num_queries(4):
        rows = client.get("/api/v1/nominations/proposals").json()
    assert len(rows) == 2


def test_add_line_page_shows_the_verdict_with_its_conditions(
        commune_officer: User, commune: OrgUnit, province: OrgUnit, person: Person,
        outsider: User) -> None:
    proposal = svc.create_proposal(actor=commune_officer, unit=commune, to_unit=province,
                                   title="Tờ trình", year=2025)
    url = reverse("nominations:line_add", args=[proposal.pk])
    assert logged_in(outsider).get(url).status_code == 404
    client = logged_in(commune_officer)
    page = client.get(url).content.decode()
    assert "Nguyễn Thị Hoa" in page
    assert "Chiến sĩ thi đua cơ sở" in page
    data = {"subject": f"p:{person.pk}", "award_code": "chien_si_thi_dua_co_so",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ"}
    page = client.post(url, data).content.decode()
    assert "không đủ điều kiện" in page  # refused: no reason written
    response = client.post(url, {**data, "not_eligible_reason": "Sáng kiến chờ công nhận"})
    assert response.status_code == 302
    page = client.get(reverse("nominations:detail", args=[proposal.pk])).content.decode()
    assert "Không đủ điều kiện" in page
    assert "Sáng kiến chờ công nhận" in page
    assert "✘" in page  # the failed condition lines are listed


def test_list_pages_and_api_lists_use_four_queries(
        commune_officer: User, province_officer: User, system_admin: User, commune: OrgUnit,
        province: OrgUnit, django_assert_num_queries: Any) -> None:
    for n in range(3):
        proposal = make_proposal(commune_officer, commune, province,
                                 [make_person(commune_officer, commune, f"Người {n}")])
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.accept_proposal(actor=province_officer, proposal=proposal,
                            received_on=dt.date(2026, 1, 5))
        svc.appraise_line(actor=province_officer, line=proposal.lines.get(), approve=True)
        if n:
            decisions.forward_to_decider(actor=province_officer, proposal=proposal)
            decisions.issue_decision(actor=system_admin, proposal=proposal, legal_basis="Luật",
                                     signer_name="A", signer_title="B",
                                     decision_date=dt.date(2026, 1, 15))
    client = logged_in(province_officer)
    urls = [reverse("nominations:list"), reverse("nominations:overdue"),
            reverse("nominations:decisions"), "/api/v1/nominations/decisions"]
    for url in urls:
        # 1: session; 2: user; 3: grants; 4: the rows with their units (and decision).
        with django_assert_num_queries(4):
            assert client.get(url).status_code == 200


def test_public_index_lists_the_lists_open_for_comment_today(
        in_appraisal: Proposal, province_officer: User,
        django_assert_num_queries: Any) -> None:
    notice = notices.open_notice(actor=province_officer, proposal=in_appraisal)
    url = reverse("nominations:public_notices")
    anonymous = Client()
    # 1: open notices with their units and the number of nominees (no session, no login).
    with django_assert_num_queries(1):
        page = anonymous.get(url).content.decode()
    assert reverse("nominations:public_notice", args=[notice.pk]) in page
    assert in_appraisal.title in page
    assert notice.ends_on.strftime("%d/%m/%Y") in page
    # After its period, or unpublished, a list leaves the index.
    later = notice.ends_on + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime(later.year, later.month, later.day, 2, tzinfo=dt.UTC),
                             tick=False):
        assert in_appraisal.title not in anonymous.get(url).content.decode()
    notice.is_published = False
    notice.save(update_fields=["is_published"])
    assert "Không có danh sách nào" in anonymous.get(url).content.decode()
