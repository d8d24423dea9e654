"""The setup pages: councils, terms, members, sessions, agendas and polls, in Vietnamese."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.councils.models import (
    AgendaItem,
    Council,
    Membership,
    PaperTally,
    Poll,
    PollMode,
    Session,
    Term,
    VotingMethod,
    WrittenOpinion,
)
from vinhdanh.councils.services import agenda
from vinhdanh.councils.services.polls import open_poll
from vinhdanh.councils.services.setup import record_attendance
from vinhdanh.councils.tests.conftest import CouncilSetup
from vinhdanh.nominations.models import NomineeLine, Proposal
from vinhdanh.units.models import OrgUnit


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_commune_officer_sets_up_a_council_the_neighbour_cannot_see(
        commune_officer: User, outsider: User, commune: OrgUnit,
        other_commune: OrgUnit) -> None:
    officer = client_for(commune_officer)
    form = officer.get(reverse("councils:create"))
    assert "Thành lập Hội đồng" in form.content.decode()
    assert other_commune.name not in form.content.decode()
    # A unit outside the officer's grants is not among the choices.
    refused = officer.post(reverse("councils:create"), {
        "unit": other_commune.pk, "kind": "emulation_council", "name": "Hội đồng lạ"})
    assert refused.status_code == 200
    assert not Council.objects.exists()
    created = officer.post(reverse("councils:create"), {
        "unit": commune.pk, "kind": "emulation_council",
        "name": "Hội đồng Thi đua - Khen thưởng phường Hà Nam"})
    council = Council.objects.get()
    assert created["Location"] == reverse("councils:council", args=[council.pk])

    assert officer.post(reverse("councils:term_add", args=[council.pk]),
                        {"starts_on": "01/07/2025", "ends_on": "30/06/2030"}).status_code == 302
    term = Term.objects.get(council=council)
    chair = make_user("chu_tich_phuong", Role.UNIT_LEADER, commune)
    neighbour_user = make_user("nguoi_phuong_khac", Role.COUNCIL_MEMBER, other_commune)
    page = officer.get(reverse("councils:council", args=[council.pk])).content.decode()
    assert "Nhiệm kỳ 01/07/2025 – 30/06/2030" in page
    assert "chu_tich_phuong" in page
    assert "nguoi_phuong_khac" not in page  # only people of the council's unit subtree
    officer.post(reverse("councils:member_add", args=[term.pk]),
                 {"user": chair.pk, "role": "chair"})
    officer.post(reverse("councils:member_add", args=[term.pk]),
                 {"user": neighbour_user.pk, "role": "member"})
    assert list(Membership.objects.values_list("user_id", "role")) == [(chair.pk, "chair")]
    session_page = officer.post(reverse("councils:session_create", args=[council.pk]),
                                {"date": "15/01/2026", "place": "Hội trường phường"},
                                follow=True)
    assert "Đã lên lịch phiên họp" in session_page.content.decode()
    session = Session.objects.get()

    neighbour = client_for(outsider)
    before = AuditEvent.objects.count()
    assert neighbour.get(reverse("councils:council", args=[council.pk])).status_code == 404
    assert neighbour.get(reverse("councils:session", args=[session.pk])).status_code == 404
    for name, pk in (("councils:term_add", council.pk), ("councils:session_create", council.pk),
                     ("councils:member_add", term.pk),
                     ("councils:member_end", Membership.objects.get().pk),
                     ("councils:poll_create", session.pk)):
        response = neighbour.post(reverse(name, args=[pk]), {
            "starts_on": "01/01/2026", "date": "16/01/2026", "user": outsider.pk,
            "role": "member", "mode": "per_item", "voting_method": "electronic"})
        assert response.status_code == 404, name
    assert AuditEvent.objects.count() == before


def test_secretary_puts_lines_on_the_agenda_from_the_proposal_page(
        council9: CouncilSetup, other_council: CouncilSetup, appraised: Proposal,
        lines: list[NomineeLine], outsider: User) -> None:
    secretary = client_for(council9.secretary)
    detail = secretary.get(reverse("nominations:detail", args=[appraised.pk])).content.decode()
    url = reverse("councils:agenda_add", args=[appraised.pk])
    assert url in detail
    assert "Đưa vào chương trình phiên họp Hội đồng" in detail
    page = secretary.get(url).content.decode()
    assert "15/01/2026" in page
    assert "Nguyễn Văn An" in page

    # The neighbour and another commune's secretary do not learn the proposal exists.
    for intruder in (outsider, other_council.secretary):
        assert client_for(intruder).get(url).status_code == 404
        assert client_for(intruder).post(url, {"session": council9.session.pk,
                                               "lines": [lines[0].pk]}).status_code == 404
    assert not AgendaItem.objects.exists()

    empty = secretary.post(url, {"session": council9.session.pk})
    assert "Hãy chọn ít nhất một người" in empty.content.decode()
    done = secretary.post(url, {"session": council9.session.pk,
                                "lines": [lines[0].pk, lines[2].pk]}, follow=True)
    text = done.content.decode()
    assert "Đã đưa 2 người (tập thể) vào chương trình phiên họp" in text
    assert list(AgendaItem.objects.order_by("position").values_list("line_id", flat=True)) == [
        lines[0].pk, lines[2].pk]

    items = list(AgendaItem.objects.order_by("position").values_list("pk", flat=True))
    secretary.post(reverse("councils:poll_create", args=[council9.session.pk]), {
        "items": items, "mode": PollMode.ONE_BALLOT, "voting_method": VotingMethod.ELECTRONIC,
        "title": ""})
    poll = Poll.objects.get()
    assert poll.title == "Phiếu biểu quyết phiên họp ngày 15/01/2026"
    assert [i.line_id for i in poll.items.order_by("position")] == [lines[0].pk, lines[2].pk]
    sheet = secretary.get(reverse("councils:session", args=[council9.session.pk]))
    assert "Đã đưa ra biểu quyết" in sheet.content.decode()
    assert client_for(other_council.secretary).post(
        reverse("councils:agenda_remove", args=[items[0]])).status_code == 404


def test_secretary_enters_absent_opinions_and_paper_tallies(
        council9: CouncilSetup, other_council: CouncilSetup, lines: list[NomineeLine]) -> None:
    agenda.add_to_agenda(actor=council9.secretary, session=council9.session, lines=lines[:2])
    items = list(AgendaItem.objects.filter(session=council9.session))
    [paper] = agenda.create_polls_from_agenda(
        actor=council9.secretary, session=council9.session, items=items,
        mode=PollMode.ONE_BALLOT, voting_method=VotingMethod.PAPER)
    absent = council9.memberships[council9.members[8].pk]
    record_attendance(actor=council9.secretary, session=council9.session, statuses={
        m.pk: ("absent" if m.pk == absent.pk else "present")
        for m in council9.memberships.values()})
    paper = open_poll(actor=council9.secretary, poll=paper)
    first, second = paper.items.order_by("position")
    tally = {"ballots_cast": 8, f"yes_{first.pk}": 8, f"no_{first.pk}": 0,
             f"abstain_{first.pk}": 0, f"invalid_{first.pk}": 0, f"yes_{second.pk}": 5,
             f"no_{second.pk}": 2, f"abstain_{second.pk}": 0, f"invalid_{second.pk}": 1}
    opinion = {"membership": absent.pk, f"item_{first.pk}": "yes", f"item_{second.pk}": "no"}

    intruder = client_for(other_council.secretary)
    assert intruder.post(reverse("councils:paper_tally", args=[paper.pk]),
                         tally).status_code == 404
    assert intruder.post(reverse("councils:written_opinion", args=[paper.pk]),
                         opinion).status_code == 404
    assert not PaperTally.objects.exists()
    assert not WrittenOpinion.objects.exists()

    secretary = client_for(council9.secretary)
    wrong = secretary.post(reverse("councils:paper_tally", args=[paper.pk]),
                           {**tally, f"invalid_{second.pk}": 0}, follow=True)
    assert "không hợp lệ = 7, nhưng có 8 phiếu được bỏ" in wrong.content.decode()
    assert not PaperTally.objects.exists()
    secretary.post(reverse("councils:paper_tally", args=[paper.pk]), tally)
    secretary.post(reverse("councils:written_opinion", args=[paper.pk]), opinion)
    assert PaperTally.objects.count() == 2
    assert set(WrittenOpinion.objects.values_list("poll_item_id", "choice")) == {
        (first.pk, "yes"), (second.pk, "no")}


def test_setup_pages_query_counts(council9: CouncilSetup, appraised: Proposal,
                                  lines: list[NomineeLine],
                                  django_assert_num_queries: Any) -> None:
    secretary = client_for(council9.secretary)
    council_url = reverse("councils:council", args=[council9.council.pk])
    agenda_url = reverse("councils:agenda_add", args=[appraised.pk])
    list_url = reverse("councils:list")
    for url in (council_url, agenda_url, list_url):
        secretary.get(url)  # warm the session
    # 1-2: login session and user; 3: the council with its unit; 4: role grants;
    # 5: terms; 6: their memberships with users; 7: sessions with terms; 8: candidates
    with django_assert_num_queries(8):
        assert secretary.get(council_url).status_code == 200
    # 1-2: login session and user; 3: the proposal with its units; 4: role grants;
    # 5: open sessions of councils over the deciding unit; 6: the proposal's open lines
    with django_assert_num_queries(6):
        assert secretary.get(agenda_url).status_code == 200
    # 1-2: login session and user; 3: role grants; 4: councils in scope; 5: their
    # sessions; 6: open polls on the user's roll
    with django_assert_num_queries(6):
        assert secretary.get(list_url).status_code == 200
