"""Casting, written opinions, paper tallies and results, as the secretary and members see them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.councils.errors import AlreadyVoted, BallotInvalid, PollStateError, TallyInvalid
from vinhdanh.councils.models import AttendanceStatus, Poll, PollItem, VotingMethod
from vinhdanh.councils.results import ballots_consistent, compute_result
from vinhdanh.councils.services import setup
from vinhdanh.councils.services.ballots import cast_ballot, receipt_counted
from vinhdanh.councils.services.polls import (
    PaperCounts,
    close_poll,
    open_poll,
    record_paper_tally,
    record_written_opinion,
)
from vinhdanh.councils.tests.conftest import CouncilSetup, make_poll


def items_of(poll: Poll) -> list[PollItem]:
    return list(PollItem.objects.filter(poll=poll).order_by("position"))


def ballot(poll: Poll, *choices: str) -> dict[int, str]:
    return {item.pk: choice for item, choice in zip(items_of(poll), choices, strict=True)}


def test_threshold_counts_whole_membership_not_those_present(council9: CouncilSetup) -> None:
    """9 members, 8 vote yes on the 80 % item and it passes; 7 yes on the 90 % item fail."""
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    for n, member in enumerate(council9.members[:8]):
        # 90 % item: 7 yes, 1 no; 80 % item: 8 yes; majority item: 4 yes 4 abstain.
        cast_ballot(actor=member, poll=poll, choices=ballot(
            poll, "yes" if n < 7 else "no", "yes", "yes" if n % 2 else "abstain"))
    poll = close_poll(actor=council9.secretary, poll=poll)

    result = compute_result(poll=poll)
    cstd_tinh, cstd_co_so, bang_khen = result.items
    assert result.members == 9
    assert result.electronic_voters == 8
    assert (cstd_tinh.total_yes, cstd_tinh.total_no, cstd_tinh.required) == (7, 1, 9)
    assert not cstd_tinh.passed
    assert (cstd_co_so.total_yes, cstd_co_so.required, cstd_co_so.passed) == (8, 8, True)
    assert str(cstd_co_so.yes_pct) == "88.89"
    # Simple majority of all 9 members (UNVERIFIED default): 4 yes is not enough.
    assert (bang_khen.total_yes, bang_khen.total_abstain, bang_khen.required) == (4, 4, 5)
    assert not bang_khen.passed
    assert ballots_consistent(poll=poll)


def test_each_member_votes_once_with_a_clear_message(council9: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    member = council9.members[3]
    receipt = cast_ballot(actor=member, poll=poll, choices=ballot(poll, "yes", "no", "abstain"))

    with pytest.raises(AlreadyVoted, match=r"đã bỏ phiếu|already voted"):
        cast_ballot(actor=member, poll=poll, choices=ballot(poll, "no", "no", "no"))

    assert receipt_counted(poll=poll, code=receipt)
    assert receipt_counted(poll=poll, code=receipt.lower().replace("-", " "))
    assert not receipt_counted(poll=poll, code="AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    poll = close_poll(actor=council9.secretary, poll=poll)
    # Receipts survive the reshuffle at closing.
    assert receipt_counted(poll=poll, code=receipt)
    assert compute_result(poll=poll).items[0].total_yes == 1


def test_incomplete_ballot_names_the_item_and_writes_nothing(council9: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    first, second, _third = items_of(poll)
    with pytest.raises(BallotInvalid) as error:
        cast_ballot(actor=council9.members[2], poll=poll,
                    choices={first.pk: "yes", second.pk: "maybe"})
    assert second.label in error.value.message
    # Nothing was recorded: the member can still vote.
    cast_ballot(actor=council9.members[2], poll=poll, choices=ballot(poll, "yes", "yes", "yes"))


def test_non_member_and_other_council_member_cannot_vote(
    council9: CouncilSetup, other_council: CouncilSetup, outsider: User
) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    choices = ballot(poll, "yes", "yes", "yes")
    for stranger in (outsider, other_council.members[2]):
        with pytest.raises(PermissionDenied):
            cast_ballot(actor=stranger, poll=poll, choices=choices)
    cast_ballot(actor=council9.members[4], poll=poll, choices=choices)


def test_secretary_only_actions_are_refused_to_members(council9: CouncilSetup,
                                                       other_council: CouncilSetup) -> None:
    poll = make_poll(council9)
    for intruder in (council9.members[5], other_council.secretary):
        with pytest.raises(PermissionDenied):
            open_poll(actor=intruder, poll=poll)
    open_poll(actor=council9.secretary, poll=poll)
    with pytest.raises(PermissionDenied):
        close_poll(actor=council9.members[5], poll=poll)
    poll = close_poll(actor=council9.secretary, poll=poll)


def test_voting_needs_an_open_poll(council9: CouncilSetup) -> None:
    poll = make_poll(council9)
    with pytest.raises(PollStateError):
        cast_ballot(actor=council9.members[2], poll=poll, choices={})
    open_poll(actor=council9.secretary, poll=poll)
    poll = close_poll(actor=council9.secretary, poll=poll)
    with pytest.raises(PollStateError, match=r"không mở|not open"):
        cast_ballot(actor=council9.members[2], poll=poll, choices=ballot(poll, "yes", "yes", "yes"))


def test_absent_members_written_opinions_count_toward_the_total(council9: CouncilSetup) -> None:
    """Decree 98/2023 Art 30(7): absent members' written opinions count; recorded openly."""
    cs = council9
    absent = [cs.memberships[cs.members[7].pk], cs.memberships[cs.members[8].pk]]
    setup.record_attendance(actor=cs.secretary, session=cs.session, statuses={
        **{cs.memberships[u.pk].pk: AttendanceStatus.PRESENT for u in cs.members[:7]},
        absent[0].pk: AttendanceStatus.ABSENT, absent[1].pk: AttendanceStatus.EXCUSED,
    })
    poll = open_poll(actor=cs.secretary, poll=make_poll(cs))
    for member in cs.members[:6]:
        cast_ballot(actor=member, poll=poll, choices=ballot(poll, "yes", "yes", "yes"))
    for membership in absent:
        record_written_opinion(actor=cs.secretary, poll=poll, membership=membership,
                               choices=ballot(poll, "yes", "yes", "no"))
    with pytest.raises(AlreadyVoted):
        record_written_opinion(actor=cs.secretary, poll=poll, membership=absent[0],
                               choices=ballot(poll, "yes", "yes", "no"))
    with pytest.raises(AlreadyVoted):
        cast_ballot(actor=cs.members[7], poll=poll, choices=ballot(poll, "no", "no", "no"))
    present = cs.memberships[cs.members[6].pk]
    with pytest.raises(ValidationFailed, match=r"vắng|absent"):
        record_written_opinion(actor=cs.secretary, poll=poll, membership=present,
                               choices=ballot(poll, "yes", "yes", "no"))
    poll = close_poll(actor=cs.secretary, poll=poll)

    result = compute_result(poll=poll)
    assert (result.electronic_voters, result.written_voters) == (6, 2)
    assert result.items[1].total_yes == 8
    assert result.items[1].passed
    assert result.items[2].total_no == 2


def test_paper_tally_must_add_up_to_ballots_cast(council9: CouncilSetup) -> None:
    cs = council9
    setup.record_attendance(actor=cs.secretary, session=cs.session, statuses={
        cs.memberships[u.pk].pk: AttendanceStatus.PRESENT for u in cs.members[:8]})
    poll = open_poll(actor=cs.secretary, poll=make_poll(cs, method=VotingMethod.PAPER))
    first, second, third = items_of(poll)
    good = {first.pk: PaperCounts(8, 0, 0, 0), second.pk: PaperCounts(7, 1, 0, 0),
            third.pk: PaperCounts(5, 1, 1, 1)}

    with pytest.raises(TallyInvalid, match="9"):  # more ballots than members present
        record_paper_tally(actor=cs.secretary, poll=poll, ballots_cast=9, counts=good)
    with pytest.raises(TallyInvalid) as error:
        record_paper_tally(actor=cs.secretary, poll=poll, ballots_cast=8,
                           counts={**good, second.pk: PaperCounts(7, 0, 0, 0)})
    assert second.label in error.value.message
    with pytest.raises(TallyInvalid):  # closing a paper poll needs its tallies
        close_poll(actor=cs.secretary, poll=poll)
    with pytest.raises(PollStateError):  # no electronic ballot on a paper poll
        cast_ballot(actor=cs.members[2], poll=poll, choices=ballot(poll, "yes", "yes", "yes"))
    with pytest.raises(PermissionDenied):
        record_paper_tally(actor=cs.members[2], poll=poll, ballots_cast=8, counts=good)

    record_paper_tally(actor=cs.secretary, poll=poll, ballots_cast=8, counts=good)
    poll = close_poll(actor=cs.secretary, poll=poll)
    result = compute_result(poll=poll)
    assert result.paper_ballots == 8
    assert [(i.total_yes, i.invalid, i.passed) for i in result.items] == [
        (8, 0, False), (7, 0, False), (5, 1, True)]  # 90 % of 9 = 9; 80 % of 9 = 8; > 4.5


def test_results_stay_hidden_while_the_poll_is_open(council9: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    with pytest.raises(PollStateError):
        compute_result(poll=poll)
