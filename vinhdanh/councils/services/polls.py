"""Opening and closing polls; absent members' written opinions; paper-ballot tallies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.councils.errors import (
    AlreadyVoted,
    CouncilErrorCode,
    PollStateError,
    TallyInvalid,
)
from vinhdanh.councils.models import (
    Attendance,
    AttendanceStatus,
    Membership,
    PaperTally,
    Poll,
    PollItem,
    PollMode,
    PollStatus,
    SessionStatus,
    VotedVia,
    VoterRoll,
    VotingMethod,
    WrittenOpinion,
)
from vinhdanh.councils.services.ballots import _lock_poll, check_ballot, reshuffle_secret_rows
from vinhdanh.councils.services.setup import ensure_secretary

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User


@transaction.atomic
def open_poll(*, actor: User, poll: Poll) -> Poll:
    """Open `poll` and fix its voter roll: every active member of the session's term."""
    poll = _lock_poll(poll.pk)
    session = poll.session
    ensure_secretary(actor, session.council)
    if poll.status != PollStatus.DRAFT:
        raise PollStateError(_("Only a draft poll can be opened."))
    items = PollItem.objects.filter(poll=poll).count()
    if items == 0:
        raise PollStateError(_("Add at least one item before opening the poll."))
    if poll.mode == PollMode.PER_ITEM and items != 1:
        raise PollStateError(_("A per-item poll holds exactly one item."))
    members = list(Membership.objects.filter(term_id=session.term_id, active=True)
                   .values_list("pk", flat=True))
    if not members:
        raise PollStateError(_("The council has no active members in this term."))
    VoterRoll.objects.bulk_create([VoterRoll(poll=poll, membership_id=m) for m in members])
    # Denominator of every threshold (Decree 98/2023 Art 30(7)): the whole membership.
    poll.membership_size = len(members)
    poll.status = PollStatus.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["membership_size", "status", "opened_at", "updated_at"])
    if session.status == SessionStatus.DRAFT:
        session.status = SessionStatus.OPEN
        session.save(update_fields=["status", "updated_at"])
    record_event(actor=actor, action="councils.poll_opened", target=poll,
                 unit_path=session.council.unit.path, data={"members": len(members)})
    return poll


@transaction.atomic
def close_poll(*, actor: User, poll: Poll) -> Poll:
    """Close `poll`: no ballot is accepted afterwards; secret rows are reshuffled."""
    poll = _lock_poll(poll.pk)
    ensure_secretary(actor, poll.session.council)
    if poll.status != PollStatus.OPEN:
        raise PollStateError(_("Only an open poll can be closed."))
    if poll.voting_method == VotingMethod.PAPER:
        missing = PollItem.objects.filter(poll=poll, paper__isnull=True).first()
        if missing is not None:
            raise TallyInvalid(_("Enter the paper tally of “%(label)s” before closing.")
                               % {"label": missing.label})
    else:
        reshuffle_secret_rows(poll)
    voted = VoterRoll.objects.filter(poll=poll, has_voted=True).count()
    poll.status = PollStatus.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["status", "closed_at", "updated_at"])
    record_event(actor=actor, action="councils.poll_closed", target=poll,
                 unit_path=poll.session.council.unit.path, data={"voted": voted})
    return poll


@transaction.atomic
def record_written_opinion(*, actor: User, poll: Poll, membership: Membership,
                           choices: Mapping[int, str]) -> list[WrittenOpinion]:
    """Enter an absent member's signed written opinion on every item of `poll`.

    Written opinions are open documents (signed by the member), not secret ballots; they
    count toward the total when the item's rule says so (Decree 98/2023 Art 30(7)).
    """
    poll = _lock_poll(poll.pk)
    ensure_secretary(actor, poll.session.council)
    if poll.status != PollStatus.OPEN:
        raise PollStateError(_("The poll is not open for voting."))
    absent = Attendance.objects.filter(
        session_id=poll.session_id, membership=membership,
        status__in=[AttendanceStatus.ABSENT, AttendanceStatus.EXCUSED],
    ).exists()
    if not absent:
        raise ValidationFailed(
            _("%(name)s is not recorded as absent; only absent members give a written opinion.")
            % {"name": membership.user}, field="membership",
            code=CouncilErrorCode.NOT_ELIGIBLE,
        )
    roll = VoterRoll.objects.select_for_update().filter(poll=poll, membership=membership).first()
    if roll is None:
        raise ValidationFailed(_("%(name)s is not on this poll's voter roll.")
                               % {"name": membership.user}, field="membership")
    if roll.has_voted:
        raise AlreadyVoted(_("%(name)s has already voted in this poll.")
                           % {"name": membership.user})
    items = list(PollItem.objects.filter(poll=poll).order_by("position", "id"))
    ballot = check_ballot(items, choices)
    roll.has_voted = True
    roll.voted_via = VotedVia.WRITTEN
    roll.save(update_fields=["has_voted", "voted_via"])
    rows = WrittenOpinion.objects.bulk_create([
        WrittenOpinion(poll_item_id=item_id, membership=membership, choice=choice)
        for item_id, choice in ballot.items()
    ])
    record_event(actor=actor, action="councils.written_opinion_recorded", target=poll,
                 unit_path=poll.session.council.unit.path,
                 data={"membership": membership.pk, "items": len(rows)})
    return rows


@dataclass(frozen=True)
class PaperCounts:
    yes: int
    no: int
    abstain: int
    invalid: int

    @property
    def total(self) -> int:
        return self.yes + self.no + self.abstain + self.invalid


@transaction.atomic
def record_paper_tally(*, actor: User, poll: Poll, ballots_cast: int,
                       counts: Mapping[int, PaperCounts]) -> list[PaperTally]:
    """Enter the counting committee's totals per item of a paper poll (replacing earlier ones)."""
    poll = _lock_poll(poll.pk)
    ensure_secretary(actor, poll.session.council)
    if poll.voting_method != VotingMethod.PAPER:
        raise PollStateError(_("This poll is held by electronic ballot."),
                             code=CouncilErrorCode.WRONG_METHOD)
    if poll.status != PollStatus.OPEN:
        raise PollStateError(_("The poll is not open for voting."))
    present = Attendance.objects.filter(session_id=poll.session_id,
                                        status=AttendanceStatus.PRESENT).count()
    if present == 0:
        raise TallyInvalid(_("Record the attendance first: paper ballots are cast by the "
                             "members present."), field="ballots_cast")
    if ballots_cast < 0 or ballots_cast > present:
        raise TallyInvalid(
            _("%(cast)s ballots cast, but only %(present)s members are present.")
            % {"cast": ballots_cast, "present": present}, field="ballots_cast",
        )
    items = list(PollItem.objects.filter(poll=poll).order_by("position", "id"))
    for item in items:
        line = counts.get(item.pk)
        if line is None:
            raise TallyInvalid(_("Item “%(label)s”: the counts are missing.")
                               % {"label": item.label}, field=f"item_{item.pk}")
        if min(line.yes, line.no, line.abstain, line.invalid) < 0:
            raise TallyInvalid(_("Item “%(label)s”: counts cannot be negative.")
                               % {"label": item.label}, field=f"item_{item.pk}")
        if line.total != ballots_cast:
            raise TallyInvalid(
                _("Item “%(label)s”: agree + disagree + abstain + invalid = %(total)s, "
                  "but %(cast)s ballots were cast.")
                % {"label": item.label, "total": line.total, "cast": ballots_cast},
                field=f"item_{item.pk}",
            )
    PaperTally.objects.filter(poll_item__poll=poll).delete()
    rows = PaperTally.objects.bulk_create([
        PaperTally(poll_item=item, ballots_cast=ballots_cast, yes=counts[item.pk].yes,
                   no=counts[item.pk].no, abstain=counts[item.pk].abstain,
                   invalid=counts[item.pk].invalid)
        for item in items
    ])
    record_event(actor=actor, action="councils.paper_tally_recorded", target=poll,
                 unit_path=poll.session.council.unit.path,
                 data={"ballots_cast": ballots_cast,
                       "items": {str(item.pk): counts[item.pk].__dict__ for item in items}})
    return rows
