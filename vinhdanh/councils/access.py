"""Who may see and run a council's business.

Until the policy has council actions of its own (see the report to the lead), a secretary
is either the active secretary in the council's membership or a holder of the
`council_secretary` role (or system administrator) over the council's unit subtree.
A member sees the polls of their own council only; everyone else gets 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from vinhdanh.accounts.models import Role
from vinhdanh.accounts.policy import covers, held_grants
from vinhdanh.councils.models import Council, MemberRole, Membership, Poll, Session

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

SECRETARY_ROLES = frozenset({Role.COUNCIL_SECRETARY, Role.SYSTEM_ADMIN})


def holds_secretary_grant(user: User | AnonymousUser, council: Council) -> bool:
    paths = [g.path for g in held_grants(user) if g.role in SECRETARY_ROLES]
    return covers(paths, council.unit.path)


def is_secretary(user: User | AnonymousUser, council: Council) -> bool:
    """Answer whether `user` may run `council`'s sessions, polls, tallies and minutes."""
    if not user.is_authenticated or not user.is_active:
        return False
    if holds_secretary_grant(user, council):
        return True
    return Membership.objects.filter(
        council=council, user_id=user.pk, role=MemberRole.SECRETARY, active=True
    ).exists()


def is_member(user: User | AnonymousUser, council: Council) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(council=council, user_id=user.pk, active=True).exists()


def can_view_council(user: User | AnonymousUser, council: Council) -> bool:
    return is_member(user, council) or is_secretary(user, council)


def get_council_for_user(user: User | AnonymousUser, pk: int) -> Council:
    council = Council.objects.select_related("unit").filter(pk=pk).first()
    if council is None or not can_view_council(user, council):
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
