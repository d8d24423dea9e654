"""Who may see and run a council's business, asked of the policy.

- Preparing: `Action.MANAGE_COUNCIL` over the council's unit (the emulation board, the
  secretary's role) sets up councils, terms, members, sessions, agendas and polls.
- Running: `Action.RECORD_BALLOT_TALLY` over the council's unit, or being the council's
  active secretary, opens and closes polls, records attendance, paper tallies, absent
  members' written opinions and produces the minutes.
- Voting: an active membership of the council (a membership, not a role action).

Everyone else gets 404 for a council's pages, so their existence does not leak.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from vinhdanh.accounts.policy import Action, can
from vinhdanh.councils.models import AgendaItem, Council, MemberRole, Membership, Poll, Session

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


def is_appointed_secretary(user: User | AnonymousUser, council: Council) -> bool:
    """Answer whether `user` is the council's active secretary by appointment."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        council=council, user_id=user.pk, role=MemberRole.SECRETARY, active=True
    ).exists()


def may_manage(user: User | AnonymousUser, council: Council) -> bool:
    """Answer whether `user` may prepare `council`'s terms, members, sessions and polls."""
    return can(user, Action.MANAGE_COUNCIL, council.unit) or is_appointed_secretary(
        user, council)


def is_secretary(user: User | AnonymousUser, council: Council) -> bool:
    """Answer whether `user` may run `council`'s polls, tallies and minutes."""
    return can(user, Action.RECORD_BALLOT_TALLY, council.unit) or is_appointed_secretary(
        user, council)


def is_member(user: User | AnonymousUser, council: Council) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(council=council, user_id=user.pk, active=True).exists()


def can_view_council(user: User | AnonymousUser, council: Council) -> bool:
    return (can(user, Action.MANAGE_COUNCIL, council.unit)
            or can(user, Action.RECORD_BALLOT_TALLY, council.unit)
            or is_member(user, council))


def get_council_for_user(user: User | AnonymousUser, pk: int) -> Council:
    council = Council.objects.select_related("unit").filter(pk=pk).first()
    if council is None or not can_view_council(user, council):
        raise Http404
    return council


def get_managed_council_for_user(user: User | AnonymousUser, pk: int) -> Council:
    """Return a council `user` prepares; 404 for any other."""
    council = Council.objects.select_related("unit").filter(pk=pk).first()
    if council is None or not may_manage(user, council):
        raise Http404
    return council


def get_session_for_user(user: User | AnonymousUser, pk: int) -> Session:
    session = (
        Session.objects.select_related("council__unit", "term").filter(pk=pk).first()
    )
    if session is None or not can_view_council(user, session.council):
        raise Http404
    return session


def get_poll_for_user(user: User | AnonymousUser, pk: int) -> Poll:
    poll = Poll.objects.select_related("session__council__unit", "session__term").filter(
        pk=pk
    ).first()
    if poll is None or not can_view_council(user, poll.session.council):
        raise Http404
    return poll


def get_agenda_item_for_user(user: User | AnonymousUser, pk: int) -> AgendaItem:
    """Return an agenda item of a council `user` prepares; 404 for any other."""
    item = AgendaItem.objects.select_related("session__council__unit", "line").filter(
        pk=pk).first()
    if item is None or not may_manage(user, item.session.council):
        raise Http404
    return item
