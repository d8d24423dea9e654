"""Reads for the council pages: a member's polls, a secretary's session."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, unit_filter
from vinhdanh.councils.models import (
    AgendaItem,
    Attendance,
    Council,
    MemberRole,
    Membership,
    Poll,
    PollItem,
    PollStatus,
    Session,
    SessionStatus,
    Term,
    VoterRoll,
)
from vinhdanh.nominations.models import LineStatus, NomineeLine, Proposal

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.units.models import OrgUnit


#: Lines the council can weigh: proposed or passed by appraisal, not held, rejected or decided.
VOTABLE_LINES = frozenset({LineStatus.PROPOSED, LineStatus.APPROVED})


def _council_scope(user: User | AnonymousUser) -> Q:
    """Councils `user` prepares or runs by role, or sits on."""
    return (unit_filter(user, Action.MANAGE_COUNCIL)
            | unit_filter(user, Action.RECORD_BALLOT_TALLY)
            | Q(memberships__user_id=user.pk, memberships__active=True))


def list_councils_for_user(*, user: User | AnonymousUser) -> QuerySet[Council]:
    """Return the councils `user` sits on, prepares or keeps the minutes of, with sessions."""
    if not user.is_authenticated:
        return Council.objects.none()
    ids = Council.objects.filter(_council_scope(user)).values("pk")
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
class AgendaRow:
    item: AgendaItem
    on_poll: bool  # a poll of the session already holds the line


@dataclass(frozen=True)
class SessionSheet:
    session: Session
    members: list[MemberRow]
    polls: Sequence[Poll]
    agenda: list[AgendaRow]


def get_session_sheet(*, session: Session) -> SessionSheet:
    """Return a session's members with attendance, polls with items, and its agenda."""
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
    polled = {item.line_id for poll in polls for item in poll.items.all()}
    # 5: agenda lines with their proposal and proposing unit
    agenda = [AgendaRow(item, item.line_id in polled) for item in list_agenda(session=session)]
    return SessionSheet(session, [MemberRow(m, marks.get(m.pk, "")) for m in members], polls,
                        agenda)


def count_voted(*, poll: Poll) -> int:
    return VoterRoll.objects.filter(poll=poll, has_voted=True).count()


def get_council_sheet(*, council: Council) -> tuple[list[Term], list[Session]]:
    """Return a council's terms (newest first) with their members, and its sessions."""
    # 1: terms; 2: their memberships with users
    terms = list(
        Term.objects.filter(council=council).order_by("-starts_on", "-id")
        .prefetch_related(Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user")
            .order_by("-active", "role", "user__full_name", "id"),
        ))
    )
    # 3: sessions with their term
    sessions = list(Session.objects.filter(council=council).select_related("term")
                    .order_by("-date", "-id"))
    return terms, sessions


def list_member_candidates(*, council: Council) -> QuerySet[User]:
    """Return active users holding a role inside the council's unit subtree."""
    return (
        User.objects.filter(is_active=True, grants__unit__path__startswith=council.unit.path)
        .distinct().order_by("full_name", "username")
    )


def list_agenda(*, session: Session) -> list[AgendaItem]:
    """Return the session's agenda with each line's proposal and proposing unit."""
    return list(
        AgendaItem.objects.filter(session=session)
        .select_related("line__proposal__unit")
        .order_by("position", "id")
    )


def list_sessions_for_agenda(*, user: User | AnonymousUser,
                             to_unit: OrgUnit) -> QuerySet[Session]:
    """Return sessions, not yet closed, of councils over `to_unit` that `user` prepares."""
    if not user.is_authenticated:
        return Session.objects.none()
    # The council of the receiving unit or of a unit above it: path prefixes of to_unit.
    parts = [p for p in to_unit.path.split("/") if p]
    ancestors = ["/" + "/".join(parts[:n]) + "/" for n in range(1, len(parts) + 1)]
    secretary_of = Membership.objects.filter(
        user_id=user.pk, role=MemberRole.SECRETARY, active=True).values("council_id")
    return (
        Session.objects.filter(council__unit__path__in=ancestors)
        .exclude(status=SessionStatus.CLOSED)
        .filter(unit_filter(user, Action.MANAGE_COUNCIL, field="council__unit")
                | Q(council_id__in=secretary_of))
        .select_related("council")
        .order_by("date", "id")
    )


def list_votable_lines(*, proposal: Proposal) -> QuerySet[NomineeLine]:
    """Return the proposal's lines that can go before a council (proposed or approved)."""
    return proposal.lines.filter(status__in=VOTABLE_LINES).order_by("position", "pk")
