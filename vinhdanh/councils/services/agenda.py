"""A session's agenda of nominee lines, and the polls built from it; ending a membership."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.councils.errors import PollStateError
from vinhdanh.councils.models import (
    AgendaItem,
    Membership,
    Poll,
    PollItem,
    PollMode,
    Session,
    SessionStatus,
    VotingMethod,
)
from vinhdanh.councils.selectors import VOTABLE_LINES
from vinhdanh.councils.services.setup import (
    add_poll_item,
    create_poll,
    ensure_line_before_council,
    ensure_manager,
)
from vinhdanh.nominations.workflow import LINES_OPEN_AT_RECEIVER

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User
    from vinhdanh.nominations.models import NomineeLine

def ensure_line_votable(line: NomineeLine) -> None:
    """Raise unless `line` is being processed by the receiving level and still open."""
    if line.proposal.status not in LINES_OPEN_AT_RECEIVER:
        raise ValidationFailed(
            _("%(nominee)s: the proposal is “%(status)s”; only proposals being processed "
              "by the receiving level go before the council.")
            % {"nominee": line.nominee_name, "status": line.proposal.get_status_display()},
            field="lines")
    if line.status not in VOTABLE_LINES:
        raise ValidationFailed(
            _("%(nominee)s: the nominee line is “%(status)s” and cannot be put to a vote.")
            % {"nominee": line.nominee_name, "status": line.get_status_display()},
            field="lines")


@transaction.atomic
def add_to_agenda(*, actor: User, session: Session,
                  lines: Sequence[NomineeLine]) -> list[AgendaItem]:
    """Put nominee lines on `session`'s agenda, after those already there (skipping repeats)."""
    council = session.council
    ensure_manager(actor, council)
    if session.status == SessionStatus.CLOSED:
        raise PollStateError(_("The session is closed."))
    if not lines:
        raise ValidationFailed(_("Choose at least one nominee."), field="lines")
    for line in lines:
        ensure_line_before_council(line, council)
        ensure_line_votable(line)
    present = set(AgendaItem.objects.filter(session=session).values_list("line_id", flat=True))
    last = AgendaItem.objects.filter(session=session).aggregate(m=Max("position"))["m"] or 0
    new = []
    for line in lines:
        if line.pk in present:
            continue
        present.add(line.pk)
        last += 1
        new.append(AgendaItem(session=session, line=line, position=last))
    AgendaItem.objects.bulk_create(new)
    record_event(actor=actor, action="councils.agenda_lines_added", target=session,
                 unit_path=council.unit.path,
                 data={"lines": [item.line_id for item in new]})
    return new


@transaction.atomic
def remove_from_agenda(*, actor: User, item: AgendaItem) -> None:
    """Take a line off the agenda, unless a poll of the session already holds it."""
    session = item.session
    ensure_manager(actor, session.council)
    if PollItem.objects.filter(poll__session=session, line_id=item.line_id).exists():
        raise PollStateError(_("A poll of this session already holds this nominee; it stays "
                               "on the agenda."))
    line_id = item.line_id
    item.delete()
    record_event(actor=actor, action="councils.agenda_line_removed", target=session,
                 unit_path=session.council.unit.path, data={"line": line_id})


@transaction.atomic
def create_polls_from_agenda(*, actor: User, session: Session, items: Sequence[AgendaItem],
                             mode: str, voting_method: str = VotingMethod.ELECTRONIC,
                             title: str = "") -> list[Poll]:
    """Build draft polls over agenda lines: one poll per line, or one ballot over them all."""
    ensure_manager(actor, session.council)
    if not items:
        raise ValidationFailed(_("Choose at least one nominee on the agenda."), field="items")
    if any(item.session_id != session.pk for item in items):
        raise ValidationFailed(_("Only lines on this session's agenda can be put to a vote."),
                               field="items")
    lines = [item.line for item in sorted(items, key=lambda i: (i.position, i.pk))]
    if mode == PollMode.PER_ITEM:
        polls = []
        for line in lines:
            poll = create_poll(
                actor=actor, session=session, mode=mode, voting_method=voting_method,
                title=title.strip() or _("Vote on %(nominee)s — %(award)s")
                % {"nominee": line.nominee_name, "award": line.award_name})
            add_poll_item(actor=actor, poll=poll, line=line)
            polls.append(poll)
        return polls
    poll = create_poll(
        actor=actor, session=session, mode=mode, voting_method=voting_method,
        title=title.strip() or _("Ballot of the session of %(date)s")
        % {"date": f"{session.date:%d/%m/%Y}"})
    for line in lines:
        add_poll_item(actor=actor, poll=poll, line=line)
    return [poll]


@transaction.atomic
def end_membership(*, actor: User, membership: Membership) -> Membership:
    """End a member's seat: they leave the roll of polls opened from now on."""
    council = membership.council
    ensure_manager(actor, council)
    if not membership.active:
        return membership
    membership.active = False
    membership.save(update_fields=["active", "updated_at"])
    record_event(actor=actor, action="councils.member_ended", target=membership,
                 unit_path=council.unit.path, data={"user": membership.user_id})
    return membership
