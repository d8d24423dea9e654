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
from vinhdanh.councils.access import is_secretary, may_manage
from vinhdanh.councils.errors import CouncilErrorCode, PollStateError
from vinhdanh.councils.models import (
    Attendance,
    AttendanceStatus,
    Comparison,
    Council,
    CouncilKind,
    MemberRole,
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
    from vinhdanh.nominations.models import NomineeLine
    from vinhdanh.units.models import OrgUnit

#: How `add_poll_item` used to name a nominee line; still accepted as `subject_ref`.
SUBJECT_REF_PREFIX = "nominations.nomineeline:"


def ensure_secretary(actor: User, council: Council) -> None:
    """Raise PermissionDenied unless `actor` runs `council`'s polls, tallies and minutes."""
    if not is_secretary(actor, council):
        raise PermissionDenied


def ensure_manager(actor: User, council: Council) -> None:
    """Raise PermissionDenied unless `actor` prepares `council`'s sessions and polls."""
    if not may_manage(actor, council):
        raise PermissionDenied


@transaction.atomic
def create_council(*, actor: User, unit: OrgUnit, kind: str, name: str) -> Council:
    """Set up a council of `unit`."""
    ensure_can(actor, Action.MANAGE_COUNCIL, unit)
    if kind not in CouncilKind.values:
        raise ValidationFailed(_("Kind: unknown value “%(value)s”.") % {"value": kind},
                               field="kind")
    if not name.strip():
        raise ValidationFailed(_("Name: the council needs a name."), field="name")
    council = Council.objects.create(unit=unit, kind=kind, name=name.strip()[:255])
    record_event(actor=actor, action="councils.council_created", target=council,
                 unit_path=unit.path, data={"name": council.name, "kind": kind})
    return council


@transaction.atomic
def add_term(*, actor: User, council: Council, starts_on: dt.date,
             ends_on: dt.date | None = None) -> Term:
    """Open a new term of office of `council`."""
    ensure_manager(actor, council)
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
    ensure_manager(actor, council)
    if role not in MemberRole.values:
        raise ValidationFailed(_("Role: unknown value “%(value)s”.") % {"value": role},
                               field="role")
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
    ensure_manager(actor, council)
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
    ensure_manager(actor, session.council)
    if session.status == SessionStatus.CLOSED:
        raise PollStateError(_("The session is closed."))
    if mode not in PollMode.values:
        raise ValidationFailed(_("Mode: unknown value “%(value)s”.") % {"value": mode},
                               field="mode")
    if voting_method not in VotingMethod.values:
        raise ValidationFailed(_("Voting method: unknown value “%(value)s”.")
                               % {"value": voting_method}, field="voting_method")
    if not title.strip():
        raise ValidationFailed(_("Title: the poll needs a title."), field="title")
    poll = Poll.objects.create(session=session, title=title.strip(), mode=mode,
                               voting_method=voting_method)
    record_event(actor=actor, action="councils.poll_created", target=poll,
                 unit_path=session.council.unit.path,
                 data={"title": poll.title, "mode": mode, "method": voting_method})
    return poll


def _line_from_ref(subject_ref: str) -> NomineeLine:
    from vinhdanh.nominations.models import NomineeLine

    ref = subject_ref.strip()
    number = ref[len(SUBJECT_REF_PREFIX):] if ref.startswith(SUBJECT_REF_PREFIX) else ""
    line = NomineeLine.objects.filter(pk=int(number)).first() if number.isdigit() else None
    if line is None:
        raise ValidationFailed(_("Nominee line “%(ref)s” does not exist.") % {"ref": ref},
                               field="line")
    return line


def ensure_line_before_council(line: NomineeLine, council: Council) -> None:
    """Raise unless `line` was sent to the council's unit (or a unit below it)."""
    to_unit = line.proposal.to_unit
    if not to_unit.path.startswith(council.unit.path):
        raise ValidationFailed(
            _("%(nominee)s: the proposal was sent to %(unit)s, not to this council's unit.")
            % {"nominee": line.nominee_name, "unit": to_unit.name}, field="line")


@transaction.atomic
def add_poll_item(*, actor: User, poll: Poll, label: str = "", award_code: str = "",
                  line: NomineeLine | None = None,
                  subject_ref: str | None = None) -> PollItem:
    """Put a nominee line on a draft poll, with the threshold of its award type.

    With `line`, the label and award code default to the line's nominee and award.
    `subject_ref` ("nominations.nomineeline:<id>") is the older way to name the line.
    """
    council = poll.session.council
    ensure_manager(actor, council)
    if poll.status != PollStatus.DRAFT:
        raise PollStateError(_("Items can only be added while the poll is a draft."))
    if line is None and subject_ref:
        line = _line_from_ref(subject_ref)
    if line is not None:
        ensure_line_before_council(line, council)
        if PollItem.objects.filter(poll=poll, line=line).exists():
            raise ValidationFailed(_("%(nominee)s is already on this poll.")
                                   % {"nominee": line.nominee_name}, field="line")
        label = label.strip() or f"{line.nominee_name} — {line.award_name}"
        award_code = award_code or line.award_code
    count = PollItem.objects.filter(poll=poll).count()
    if poll.mode == PollMode.PER_ITEM and count >= 1:
        raise ValidationFailed(_("A per-item poll holds exactly one item."), field="label")
    if not label.strip():
        raise ValidationFailed(_("The item needs a label."), field="label")
    if not award_code.strip():
        raise ValidationFailed(_("The item needs an award code."), field="award_code")
    rule = ThresholdRule.objects.filter(award_code=award_code).first()
    item = PollItem.objects.create(
        poll=poll, position=count + 1, label=label.strip()[:500], award_code=award_code,
        line=line,
        threshold_pct=rule.min_pct if rule else DEFAULT_RULE.min_pct,
        threshold_comparison=rule.comparison if rule else DEFAULT_RULE.comparison,
        count_written_opinions=(
            rule.written_opinions_count if rule else DEFAULT_RULE.written_opinions_count
        ),
    )
    record_event(actor=actor, action="councils.poll_item_added", target=item,
                 unit_path=poll.session.council.unit.path,
                 data={"label": item.label, "award": award_code,
                       "threshold": item.threshold_pct,
                       "line": line.pk if line is not None else None})
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
