"""The pages a member and the secretary use, in Vietnamese."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.councils.models import Poll, VoterRoll
from vinhdanh.councils.services.polls import open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup, make_poll
from vinhdanh.councils.tests.test_ballots import ballot


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def open_poll9(council9: CouncilSetup) -> Poll:
    return open_poll(actor=council9.secretary, poll=make_poll(council9))


def test_member_votes_confirms_and_gets_a_receipt(council9: CouncilSetup, open_poll9: Poll,
                                                  other_council: CouncilSetup) -> None:
    member = council9.members[4]
    client = client_for(member)
    url = reverse("councils:vote", args=[open_poll9.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Phiếu bầu kín" in page.content.decode()
    assert "Đồng ý" in page.content.decode()
    # A member of another council does not even learn the poll exists.
    assert client_for(other_council.members[2]).get(url).status_code == 404

    data = {f"item_{k}": v for k, v in ballot(open_poll9, "yes", "no", "abstain").items()}
    confirm = client.post(url, data)
    assert "Xác nhận" in confirm.content.decode()
    assert not VoterRoll.objects.filter(poll=open_poll9, has_voted=True).exists()

    done = client.post(url, {**data, "confirm": "1"})
    text = done.content.decode()
    assert "no-store" in done["Cache-Control"]
    receipt = re.search(r'data-testid="receipt">([A-Z2-7-]+)<', text)
    assert receipt is not None

    again = client.post(url, {**data, "confirm": "1"})
    assert "Bạn đã bỏ phiếu trong cuộc biểu quyết này" in again.content.decode()

    check = client.post(reverse("councils:check_receipt", args=[open_poll9.pk]),
                        {"receipt": receipt.group(1)})
    assert "nằm trong số phiếu đã ghi nhận" in check.content.decode()


def test_non_member_gets_404(open_poll9: Poll, outsider: User) -> None:
    client = client_for(outsider)
    assert client.get(reverse("councils:vote", args=[open_poll9.pk])).status_code == 404
    assert client.get(reverse("councils:check_receipt",
                              args=[open_poll9.pk])).status_code == 404


def test_session_sheet_is_the_secretarys(council9: CouncilSetup, open_poll9: Poll,
                                         other_council: CouncilSetup,
                                         django_assert_num_queries: object) -> None:
    url = reverse("councils:session", args=[council9.session.pk])
    page = client_for(council9.secretary).get(url)
    assert page.status_code == 200
    assert "Đóng cuộc biểu quyết" in page.content.decode()
    for intruder in (council9.members[3], other_council.secretary):
        assert client_for(intruder).get(url).status_code == 404
        response = client_for(intruder).post(
            reverse("councils:transition", args=[open_poll9.pk, "close"]))
        assert response.status_code == 404
    closed = client_for(council9.secretary).post(
        reverse("councils:transition", args=[open_poll9.pk, "close"]))
    assert closed.status_code == 302
    sheet = client_for(council9.secretary).get(url).content.decode()
    assert "Không đạt" in sheet
    assert "Biên bản kiểm phiếu (DOCX)" in sheet
    minutes = client_for(council9.secretary).get(
        reverse("councils:minutes", args=[open_poll9.pk]) + "?format=docx")
    assert minutes.status_code == 200
    assert minutes.content.startswith(b"PK")


def test_council_list_query_count(council9: CouncilSetup, open_poll9: Poll,
                                  django_assert_num_queries: object) -> None:
    from vinhdanh.councils import selectors

    member = council9.members[3]
    # 1: the member's grants (policy cache); 2: councils in scope; 3: their sessions
    with django_assert_num_queries(3):  # type: ignore[operator]
        councils = list(selectors.list_councils_for_user(user=member))
        sessions = [s for c in councils for s in c.sessions.all()]
    assert [c.pk for c in councils] == [council9.council.pk]
    assert len(sessions) == 1
    # 1: open polls on the member's roll, flagged voted or not, with session and council
    with django_assert_num_queries(1):  # type: ignore[operator]
        polls = list(selectors.list_open_polls_for_member(user=member))
        names = [p.session.council.name for p in polls]
    assert [p.pk for p in polls] == [open_poll9.pk]
    assert vars(polls[0])["has_voted"] is False
    assert names


def test_session_sheet_query_count(council9: CouncilSetup, open_poll9: Poll,
                                   django_assert_num_queries: object) -> None:
    from vinhdanh.councils import selectors

    # 1: members with users; 2: attendance; 3: polls with voted counts; 4: items + tallies;
    # 5: agenda lines with their proposal and proposing unit
    with django_assert_num_queries(5):  # type: ignore[operator]
        sheet = selectors.get_session_sheet(session=council9.session)
        labels = [i.label for p in sheet.polls for i in p.items.all()]
        users = [row.membership.user.full_name for row in sheet.members]
    assert len(labels) == 3
    assert len(users) == 9


def test_session_page_query_count_does_not_grow_with_polls(
    council9: CouncilSetup, django_assert_num_queries: object
) -> None:
    from vinhdanh.councils.services.polls import close_poll

    for _ in range(3):
        poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
        close_poll(actor=council9.secretary, poll=poll)
    client = client_for(council9.secretary)
    url = reverse("councils:session", args=[council9.session.pk])
    # 1-2: login session and user; 3: the session with council and term; 4: role grants
    # (the policy answers every later question from them); 5-9: sheet (members,
    # attendance, polls with voted counts, items with tallies, agenda lines); 10-13:
    # results of every closed poll at once (items with tallies, choice counts,
    # written-opinion counts, roll counts). Same for 1 or 3 polls.
    with django_assert_num_queries(13):  # type: ignore[operator]
        page = client.get(url)
    assert page.content.decode().count("Biên bản kiểm phiếu (DOCX)") == 3
