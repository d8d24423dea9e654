"""Agendas of nominee lines and the polls built on them, through the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.councils.errors import PollStateError
from vinhdanh.councils.models import AgendaItem, PollItem, PollMode, VotingMethod
from vinhdanh.councils.results import compute_result
from vinhdanh.councils.services import agenda, setup
from vinhdanh.councils.services.ballots import cast_ballot
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup
from vinhdanh.nominations.models import NomineeLine, Proposal
from vinhdanh.nominations.services import proposals as nomination_svc


def test_lines_go_on_the_agenda_once_and_polls_are_built_from_them(
        council9: CouncilSetup, lines: list[NomineeLine]) -> None:
    session = council9.session
    added = agenda.add_to_agenda(actor=council9.secretary, session=session, lines=lines[:2])
    again = agenda.add_to_agenda(actor=council9.secretary, session=session, lines=lines)
    assert [i.line_id for i in added] == [lines[0].pk, lines[1].pk]
    assert [i.line_id for i in again] == [lines[2].pk]
    items = list(AgendaItem.objects.filter(session=session).order_by("position"))
    assert [i.position for i in items] == [1, 2, 3]

    per_item = agenda.create_polls_from_agenda(
        actor=council9.secretary, session=session, items=items[:2], mode=PollMode.PER_ITEM)
    assert len(per_item) == 2
    assert [p.items.get().line_id for p in per_item] == [lines[0].pk, lines[1].pk]
    assert "Nguyễn Văn An" in per_item[0].title

    [ballot] = agenda.create_polls_from_agenda(
        actor=council9.secretary, session=session, items=items,
        mode=PollMode.ONE_BALLOT, voting_method=VotingMethod.PAPER)
    assert list(ballot.items.order_by("position").values_list("line_id", flat=True)) == [
        line.pk for line in lines]
    first = ballot.items.order_by("position")[0]
    assert first.label == f"{lines[0].nominee_name} — {lines[0].award_name}"

    # A line a poll holds stays on the agenda; one no poll holds can be taken off.
    with pytest.raises(PollStateError):
        agenda.remove_from_agenda(actor=council9.secretary, item=items[0])


def test_agenda_is_refused_to_other_councils_and_closed_lines(
        council9: CouncilSetup, other_council: CouncilSetup, lines: list[NomineeLine],
        province_officer: User) -> None:
    # The proposal went to the province: a commune's council cannot weigh it.
    with pytest.raises(ValidationFailed, match="không phải đơn vị của Hội đồng này"):
        agenda.add_to_agenda(actor=other_council.secretary, session=other_council.session,
                             lines=lines[:1])
    # The other commune's secretary cannot touch the province council's agenda.
    with pytest.raises(PermissionDenied):
        agenda.add_to_agenda(actor=other_council.secretary, session=council9.session,
                             lines=lines[:1])
    nomination_svc.appraise_line(actor=province_officer, line=lines[0], approve=False,
                                 comment="Chưa đủ tiêu chuẩn")
    lines[0].refresh_from_db()
    with pytest.raises(ValidationFailed, match="Nguyễn Văn An"):
        agenda.add_to_agenda(actor=council9.secretary, session=council9.session,
                             lines=lines[:1])
    assert not AgendaItem.objects.exists()


def test_poll_item_names_its_line_by_key_and_by_the_older_reference(
        council9: CouncilSetup, lines: list[NomineeLine]) -> None:
    poll = setup.create_poll(actor=council9.secretary, session=council9.session,
                             title="Bình xét", mode=PollMode.ONE_BALLOT)
    by_key = setup.add_poll_item(actor=council9.secretary, poll=poll, line=lines[0])
    by_ref = setup.add_poll_item(actor=council9.secretary, poll=poll, label="Lê Thị Bình",
                                 award_code=lines[1].award_code,
                                 subject_ref=f"nominations.nomineeline:{lines[1].pk}")
    assert (by_key.line_id, by_ref.line_id) == (lines[0].pk, lines[1].pk)
    assert by_ref.label == "Lê Thị Bình"
    with pytest.raises(ValidationFailed, match="đã có trong cuộc biểu quyết"):
        setup.add_poll_item(actor=council9.secretary, poll=poll, line=lines[0])
    with pytest.raises(ValidationFailed, match="không tồn tại"):
        setup.add_poll_item(actor=council9.secretary, poll=poll, label="X", award_code="x",
                            subject_ref="nominations.nomineeline:999999")
    # A nominee line on a poll cannot be deleted from under the vote.
    assert PollItem.objects.filter(line=lines[0]).exists()


def test_result_of_a_vote_on_nominee_lines(council9: CouncilSetup, appraised: Proposal,
                                           lines: list[NomineeLine]) -> None:
    agenda.add_to_agenda(actor=council9.secretary, session=council9.session, lines=lines)
    [poll] = agenda.create_polls_from_agenda(
        actor=council9.secretary, session=council9.session,
        items=list(AgendaItem.objects.filter(session=council9.session)),
        mode=PollMode.ONE_BALLOT)
    poll = open_poll(actor=council9.secretary, poll=poll)
    items = list(poll.items.order_by("position"))
    for member in council9.members:
        cast_ballot(actor=member, poll=poll,
                    choices={items[0].pk: "yes", items[1].pk: "no", items[2].pk: "yes"})
    poll = close_poll(actor=council9.secretary, poll=poll)
    result = compute_result(poll=poll)
    assert [(i.label.split(" — ")[0], i.passed) for i in result.items] == [
        ("Nguyễn Văn An", True), ("Lê Thị Bình", False), ("Đỗ Văn Cường", True)]


def test_ending_a_seat_takes_the_member_off_later_rolls(council9: CouncilSetup,
                                                        outsider: User) -> None:
    membership = council9.memberships[council9.members[5].pk]
    with pytest.raises(PermissionDenied):
        agenda.end_membership(actor=outsider, membership=membership)
    agenda.end_membership(actor=council9.secretary, membership=membership)
    poll = setup.create_poll(actor=council9.secretary, session=council9.session,
                             title="Bình xét", mode=PollMode.PER_ITEM)
    setup.add_poll_item(actor=council9.secretary, poll=poll, label="A",
                        award_code="chien_si_thi_dua_co_so")
    poll = open_poll(actor=council9.secretary, poll=poll)
    assert poll.membership_size == 8
