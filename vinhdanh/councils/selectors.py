"""Reads for the council pages: a member's polls, a secretary's session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from vinhdanh.accounts.policy import held_grants
from vinhdanh.councils.access import SECRETARY_ROLES
from vinhdanh.councils.models import (
    Attendance,
    Council,
    Membership,
    Poll,
    PollItem,
    PollStatus,
    Session,
    VoterRoll,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


def list_councils_for_user(*, user: User | AnonymousUser) -> QuerySet[Council]:
    """Return the councils `user` sits on or keeps the minutes of, with their sessions."""
    scope = Q(memberships__user_id=user.pk, memberships__active=True)
    for grant in held_grants(user):
        if grant.role in SECRETARY_ROLES:
            scope |= Q(unit__path__startswith=grant.path)
    ids = Council.objects.filter(scope).values("pk")
    return (
        Council.objects.filter(pk__in=ids)
        .select_related("unit")
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("-date", "-id")))
        .order_by("name", "id")
    )


def list_open_polls_for_member(*, user: User | AnonymousUser) -> QuerySet[Poll]:
    """Return open polls on whose voter roll `user` stands, flagged `has_voted`."""
    if not user.is_authenticated:
        return Poll.objects.none()
    mine = VoterRoll.objects.filter(poll=OuterRef("pk"), membership__user_id=user.pk)
    return (
        Poll.objects.filter(Exists(mine), status=PollStatus.OPEN)
        .annotate(has_voted=Exists(mine.filter(has_voted=True)))
        .select_related("session__council")
        .order_by("session__date", "id")
    )


def list_poll_items(*, poll: Poll) -> list[PollItem]:
    return list(PollItem.objects.filter(poll=poll).order_by("position", "id"))


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    attendance: str


@dataclass(frozen=True)
class SessionSheet:
    session: Session
    members: list[MemberRow]
    polls: Sequence[Poll]


def get_session_sheet(*, session: Session) -> SessionSheet:
    """Return the secretary's view of a session: members with attendance, polls with items."""
    # 1: active members of the session's term with their user
    members = list(Membership.objects.filter(term_id=session.term_id, active=True)
                   .select_related("user").order_by("role", "user__full_name", "id"))
    # 2: attendance recorded for the session
    marks = dict(Attendance.objects.filter(session=session)
                 .values_list("membership_id", "status"))
    # 3: polls with a count of members who voted; 4: their items with paper tallies
    polls = list(
        Poll.objects.filter(session=session)
        .annotate(voted=Count("voter_roll", filter=Q(voter_roll__has_voted=True)))
        .prefetch_related(Prefetch("items", queryset=PollItem.objects.select_related("paper")
                                   .order_by("position", "id")))
        .order_by("id")
    )
    return SessionSheet(session, [MemberRow(m, marks.get(m.pk, "")) for m in members], polls)


def count_voted(*, poll: Poll) -> int:
    return VoterRoll.objects.filter(poll=poll, has_voted=True).count()
