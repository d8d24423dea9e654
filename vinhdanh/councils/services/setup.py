"""Councils, terms, members, sessions, attendance, polls and their items."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.councils.access import SECRETARY_ROLES, is_secretary
from vinhdanh.councils.errors import CouncilErrorCode, PollStateError
from vinhdanh.councils.models import (
    Attendance,
    AttendanceStatus,
    Comparison,
    Council,
    Membership,
    Poll,
    PollItem,
    PollMode,
    PollStatus,
    Session,
    SessionStatus,
    Term,
    ThresholdRule,
    VotingMethod,
)
from vinhdanh.councils.thresholds import DEFAULT_RULE

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit


def ensure_secretary(actor: User, council: Council) -> None:
    """Raise PermissionDenied unless `actor` runs `council`'s business."""
    if not is_secretary(actor, council):
        raise PermissionDenied


@transaction.atomic
def create_council(*, actor: User, unit: OrgUnit, kind: str, name: str) -> Council:
    """Set up a council of `unit`."""
    from vinhdanh.accounts.policy import covers, held_grants

    paths = [g.path for g in held_grants(actor) if g.role in SECRETARY_ROLES]
    if not covers(paths, unit.path):
        raise PermissionDenied
    council = Council.objects.create(unit=unit, kind=kind, name=name.strip())
    record_event(actor=actor, action="councils.council_created", target=council,
                 unit_path=unit.path, data={"name": council.name, "kind": kind})
    return council


@transaction.atomic
def add_term(*, actor: User, council: Council, starts_on: dt.date,
             ends_on: dt.date | None = None) -> Term:
    """Open a new term of office of `council`."""
    ensure_secretary(actor, council)
    if ends_on is not None and ends_on < starts_on:
        raise ValidationFailed(_("The term ends before it starts."), field="ends_on")
    term = Term.objects.create(council=council, starts_on=starts_on, ends_on=ends_on)
    record_event(actor=actor, action="councils.term_added", target=term,
                 unit_path=council.unit.path, data={"from": starts_on, "to": ends_on})
    return term


@transaction.atomic
def add_member(*, actor: User, term: Term, user: User, role: str) -> Membership:
    """Appoint `user` to `term` of the council in `role`."""
    council = term.council
    ensure_secretary(actor, council)
    if Membership.objects.filter(term=term, user=user).exists():
        raise ValidationFailed(
            _("%(name)s is already a member in this term.") % {"name": user}, field="user"
        )
    membership = Membership.objects.create(council=council, term=term, user=user, role=role)
    record_event(actor=actor, action="councils.member_added", target=membership,
                 unit_path=council.unit.path, data={"user": user.pk, "role": role})
    return membership


def term_on(council: Council, day: dt.date) -> Term | None:
    return (
        Term.objects.filter(council=council, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("-starts_on")
        .first()
    )


@transaction.atomic
def create_session(*, actor: User, council: Council, date: dt.date, place: str = "") -> Session:
    """Schedule a session of `council` on `date`, within the term then in office."""
    ensure_secretary(actor, council)
    term = term_on(council, date)
    if term is None:
        raise ValidationFailed(
            _("The council has no term of office on %(date)s.") % {"date": f"{date:%d/%m/%Y}"},
            field="date", code=CouncilErrorCode.NO_TERM,
        )
    session = Session.objects.create(council=council, term=term, date=date, place=place.strip())
    record_event(actor=actor, action="councils.session_created", target=session,
                 unit_path=council.unit.path, data={"date": date, "place": session.place})
    return session


@transaction.atomic
def record_attendance(*, actor: User, session: Session,
                      statuses: dict[int, str]) -> list[Attendance]:
    """Record who attended `session`: membership id → present, absent or excused."""
    ensure_secretary(actor, session.council)
    valid = set(AttendanceStatus.values)
    members = {
        m.pk: m for m in Membership.objects.filter(term=session.term, active=True)
        .select_related("user")
    }
    for membership_id, status in statuses.items():
        if membership_id not in members:
            raise ValidationFailed(_("Member #%(id)s is not on this council.")
                                   % {"id": membership_id}, field="attendance")
        if status not in valid:
            raise ValidationFailed(_("%(name)s: unknown attendance status “%(status)s”.")
                                   % {"name": members[membership_id].user, "status": status},
                                   field="attendance")
    rows = []
    for membership_id, status in statuses.items():
        row, _created = Attendance.objects.update_or_create(
            session=session, membership_id=membership_id, defaults={"status": status}
        )
        rows.append(row)
    record_event(actor=actor, action="councils.attendance_recorded", target=session,
                 unit_path=session.council.unit.path,
                 data={str(k): v for k, v in sorted(statuses.items())})
    return rows


@transaction.atomic
def create_poll(*, actor: User, session: Session, title: str, mode: str,
                voting_method: str = VotingMethod.ELECTRONIC) -> Poll:
    """Prepare a poll of `session`; items are added before it opens."""
    ensure_secretary(actor, session.council)
    if session.status == SessionStatus.CLOSED:
        raise PollStateError(_("The session is closed."))
    poll = Poll.objects.create(session=session, title=title.strip(), mode=mode,
                               voting_method=voting_method)
    record_event(actor=actor, action="councils.poll_created", target=poll,
                 unit_path=session.council.unit.path,
                 data={"title": poll.title, "mode": mode, "method": voting_method})
    return poll


@transaction.atomic
def add_poll_item(*, actor: User, poll: Poll, label: str, award_code: str,
                  subject_ref: str | None = None) -> PollItem:
    """Put a nominee line on a draft poll, with the threshold of its award type."""
    ensure_secretary(actor, poll.session.council)
    if poll.status != PollStatus.DRAFT:
        raise PollStateError(_("Items can only be added while the poll is a draft."))
    count = PollItem.objects.filter(poll=poll).count()
    if poll.mode == PollMode.PER_ITEM and count >= 1:
        raise ValidationFailed(_("A per-item poll holds exactly one item."), field="label")
    if not label.strip():
        raise ValidationFailed(_("The item needs a label."), field="label")
    rule = ThresholdRule.objects.filter(award_code=award_code).first()
    item = PollItem.objects.create(
        poll=poll, position=count + 1, label=label.strip(), award_code=award_code,
        subject_ref=subject_ref or None,
        threshold_pct=rule.min_pct if rule else DEFAULT_RULE.min_pct,
        threshold_comparison=rule.comparison if rule else DEFAULT_RULE.comparison,
        count_written_opinions=(
            rule.written_opinions_count if rule else DEFAULT_RULE.written_opinions_count
        ),
    )
    record_event(actor=actor, action="councils.poll_item_added", target=item,
                 unit_path=poll.session.council.unit.path,
                 data={"label": item.label, "award": award_code,
                       "threshold": item.threshold_pct, "ref": subject_ref})
    return item


@transaction.atomic
def set_threshold_rule(*, actor: User, award_code: str, min_pct: Decimal, comparison: str,
                       written_opinions_count: bool, basis: str,
                       verified: bool = False) -> ThresholdRule:
    """Correct (or add) the pass threshold of an award type, as data (DESIGN.md)."""
    # Thresholds are national rule data, like the catalogue: administrators only.
    ensure_can(actor, Action.MANAGE_CATALOGUE, None)
    if not Decimal(0) < min_pct <= Decimal(100):
        raise ValidationFailed(_("The threshold must be above 0 and at most 100 percent."),
                               field="min_pct")
    if comparison not in Comparison.values:
        raise ValidationFailed(_("Unknown comparison “%(value)s”.") % {"value": comparison},
                               field="comparison")
    rule, _created = ThresholdRule.objects.update_or_create(
        award_code=award_code.strip(),
        defaults={"min_pct": min_pct, "comparison": comparison, "basis": basis.strip()[:255],
                  "written_opinions_count": written_opinions_count, "verified": verified},
    )
    record_event(actor=actor, action="councils.threshold_rule_set", target=rule,
                 data={"award": rule.award_code, "min_pct": min_pct, "comparison": comparison,
                       "written_opinions_count": written_opinions_count})
    return rule
