"""Reads of the nominations workflow: scoped lists, detail pages, the overdue board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vinhdanh.accounts.policy import Action, unit_filter
from vinhdanh.core.calendar import working_days_between
from vinhdanh.nominations import procedure
from vinhdanh.nominations.eligibility import rule_book
from vinhdanh.nominations.models import (
    AwardCertificate,
    CommentStatus,
    DossierItem,
    IssuedDecision,
    LineStatus,
    NomineeLine,
    Proposal,
    ProposalStatus,
    PublicComment,
    PublicNotice,
    TransitionLog,
)
from vinhdanh.nominations.workflow import CLOCK_RUNNING
from vinhdanh.people.models import Household, Person
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser

#: Who may see a proposal: the sending unit's people and the receiving level's.
VIEW_ACTION = Action.VIEW_NOMINATION
PAGE_SIZE = 50


def _scope(user: Viewer) -> Q:
    return unit_filter(user, VIEW_ACTION, field="unit") | unit_filter(
        user, VIEW_ACTION, field="to_unit")


def list_proposals(user: Viewer, *, status: str = "") -> QuerySet[Proposal]:
    """Return the proposals `user` sends or receives, newest first, with their line count."""
    proposals = (
        Proposal.objects.filter(_scope(user))
        .select_related("unit", "to_unit")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-pk")
    )
    if status:
        proposals = proposals.filter(status=status)
    return proposals


def get_proposal_for_user(user: Viewer, pk: int) -> Proposal:
    """Return a proposal in `user`'s scope; 404 otherwise, so existence does not leak."""
    proposal = (Proposal.objects.filter(_scope(user), pk=pk)
                .select_related("unit", "to_unit", "parent", "decision").first())
    if proposal is None:
        raise Http404
    return proposal


def list_lines(proposal: Proposal) -> QuerySet[NomineeLine]:
    """Return the nominee lines with their dossier items."""
    return (
        proposal.lines.select_related("decision_line")
        .prefetch_related(Prefetch("items", queryset=DossierItem.objects.order_by("pk")))
        .order_by("position", "pk")
    )


def list_log(proposal: Proposal) -> QuerySet[TransitionLog]:
    return proposal.log.select_related("actor", "line").order_by("at", "pk")


def list_notices(proposal: Proposal) -> QuerySet[PublicNotice]:
    """Return the proposal's notices with every comment (the dossier keeps them all)."""
    return proposal.notices.prefetch_related(
        Prefetch("comments", queryset=PublicComment.objects.order_by("created_at", "pk"))
    ).order_by("-starts_on", "-pk")


def get_line_for_user(user: Viewer, pk: int) -> NomineeLine:
    line = (NomineeLine.objects.filter(pk=pk)
            .select_related("proposal__unit", "proposal__to_unit").first())
    if line is None:
        raise Http404
    get_proposal_for_user(user, line.proposal_id)
    return line


def line_subject(line: NomineeLine) -> Person | Household | OrgUnit:
    """The person, household or collective a line names (one query)."""
    if line.person_id is not None:
        return Person.objects.get(pk=line.person_id)
    if line.household_id is not None:
        return Household.objects.get(pk=line.household_id)
    assert line.collective_id is not None  # the model's one-subject constraint
    return OrgUnit.objects.get(pk=line.collective_id)


def get_item_for_user(user: Viewer, pk: int) -> DossierItem:
    item = (DossierItem.objects.filter(pk=pk)
            .select_related("line__proposal__unit", "line__proposal__to_unit").first())
    if item is None:
        raise Http404
    get_proposal_for_user(user, item.line.proposal_id)
    return item


def get_comment_for_user(user: Viewer, pk: int) -> PublicComment:
    comment = PublicComment.objects.filter(pk=pk).select_related("notice").first()
    if comment is None:
        raise Http404
    get_proposal_for_user(user, comment.notice.proposal_id)
    return comment


class Deadline(models.TextChoices):
    """The deadlines of the workflow the overdue board watches (procedure.yaml)."""

    RECEIPT = "receipt", _("Accept, ask for a supplement or return the dossier")
    APPRAISAL = "appraisal", _("Appraise the dossier")
    NOTIFY = "notify", _("Send the decision to the proposing unit")
    SUPPLEMENT = "supplement", _("Send back the supplemented dossier")


@dataclass(frozen=True)
class OverdueRow:
    proposal: Proposal
    late_by: int  # working days past the due date
    deadline: Deadline = Deadline.APPRAISAL
    due_on: dt.date | None = None

    @property
    def where(self) -> OrgUnit:
        """The unit that must act: the proposer for a supplement, else the receiving level."""
        if self.deadline == Deadline.SUPPLEMENT:
            return self.proposal.unit
        return self.proposal.to_unit


def list_overdue(user: Viewer, *, today: dt.date | None = None) -> list[OverdueRow]:
    """Return what is late at the levels `user` oversees, longest overdue first.

    Four clocks, all in working days with Vietnam's holidays (core.calendar): a received
    dossier waits for the desk (receipt_working_days from the day it arrived), a complete
    one for its appraisal (due_on), a decision for being sent to the proposing unit
    (notify_working_days from its date), and, where a regulation sets one, a dossier sent
    back for a supplement for the proposing unit (supplement_working_days). One query: the
    proposals on a running clock with their units, decision and the days they last arrived
    at the desk and were sent back.
    """
    today = today or timezone.localdate()
    watched = [ProposalStatus.RECEIVED, ProposalStatus.DECIDED]
    if procedure.supplement_working_days() is not None:
        watched.append(ProposalStatus.SUPPLEMENT_REQUESTED)
    proposals = (
        Proposal.objects.filter(unit_filter(user, VIEW_ACTION, field="to_unit"))
        .filter(Q(status__in=CLOCK_RUNNING, due_on__lt=today) | Q(status__in=watched))
        .annotate(arrived_at=_last_move_to(ProposalStatus.RECEIVED),
                  asked_at=_last_move_to(ProposalStatus.SUPPLEMENT_REQUESTED))
        .select_related("unit", "to_unit", "decision")
    )
    rows = []
    for proposal in proposals:
        found = _deadline(proposal)
        if found is None:
            continue
        deadline, due = found
        late = working_days_between(due, today) if due < today else 0
        if late > 0:
            rows.append(OverdueRow(proposal, late, deadline, due))
    rows.sort(key=lambda row: (-row.late_by, row.due_on or today, row.proposal.pk))
    return rows


def _last_move_to(status: str) -> Subquery:
    """The moment the proposal (not one of its lines) last moved to `status`."""
    moves = TransitionLog.objects.filter(proposal=OuterRef("pk"), line__isnull=True,
                                         to_status=status)
    return Subquery(moves.order_by("-at", "-pk").values("at")[:1])


def _deadline(proposal: Proposal) -> tuple[Deadline, dt.date] | None:
    if proposal.status == ProposalStatus.SUPPLEMENT_REQUESTED:
        asked_at = getattr(proposal, "asked_at", None)
        days = procedure.supplement_working_days()
        if asked_at is None or days is None:
            return None
        return Deadline.SUPPLEMENT, procedure.due_date(timezone.localdate(asked_at), days)
    if proposal.status in CLOCK_RUNNING:
        return (Deadline.APPRAISAL, proposal.due_on) if proposal.due_on else None
    if proposal.status == ProposalStatus.RECEIVED:
        arrived_at = getattr(proposal, "arrived_at", None)
        if arrived_at is None:
            return None
        return Deadline.RECEIPT, procedure.due_date(timezone.localdate(arrived_at),
                                                    procedure.receipt_working_days())
    if proposal.decision is None:
        return None
    return Deadline.NOTIFY, procedure.due_date(proposal.decision.date,
                                               procedure.notify_working_days())


def list_issued_decisions(user: Viewer) -> QuerySet[IssuedDecision]:
    """Return decisions issued on proposals `user` sends or receives, newest first."""
    return (
        IssuedDecision.objects.filter(
            unit_filter(user, VIEW_ACTION, field="proposal__unit")
            | unit_filter(user, VIEW_ACTION, field="proposal__to_unit"))
        .select_related("decision", "proposal__unit", "proposal__to_unit")
        .order_by("-decision__date", "-pk")
    )


def get_issued_decision_for_user(user: Viewer, pk: int) -> IssuedDecision:
    issued = list_issued_decisions(user).select_related("signed_pdf").filter(pk=pk).first()
    if issued is None:
        raise Http404
    return issued


def get_issued_for_proposal(proposal: Proposal) -> IssuedDecision | None:
    """The issued decision of a decided proposal (one query, none before the decision)."""
    if proposal.decision_id is None:
        return None
    return IssuedDecision.objects.filter(decision_id=proposal.decision_id).first()


def get_certificate_by_token(token: str) -> AwardCertificate:
    """The certificate a QR code points to, for the public page; 404 for an unknown token."""
    certificate = (AwardCertificate.objects.filter(token=token)
                   .select_related("line__proposal__to_unit", "line__decision_line__decision")
                   .first())
    if certificate is None:
        raise Http404
    return certificate


def get_public_notice(pk: int) -> PublicNotice:
    """Return a published notice for the public page; 404 for anything unpublished."""
    notice = (PublicNotice.objects.filter(pk=pk, is_published=True)
              .select_related("proposal__unit", "proposal__to_unit").first())
    if notice is None:
        raise Http404
    return notice


def list_open_notices(today: dt.date) -> QuerySet[PublicNotice]:
    """Published notices whose comment period runs today, with the number of nominees, for
    the public index (one query)."""
    return (PublicNotice.objects.filter(is_published=True, starts_on__lte=today,
                                        ends_on__gte=today)
            .select_related("proposal__unit", "proposal__to_unit")
            .annotate(nominees=Count("proposal__lines", filter=~Q(
                proposal__lines__status__in=[LineStatus.ESCALATED, LineStatus.REJECTED])))
            .order_by("ends_on", "pk"))


def list_public_lines(notice: PublicNotice) -> QuerySet[NomineeLine]:
    """Nominees shown publicly: those still proposed at the level that posted the list."""
    return notice.proposal.lines.exclude(
        status__in=[LineStatus.ESCALATED, LineStatus.REJECTED]).order_by("position", "pk")


def list_published_comments(notice: PublicNotice) -> QuerySet[PublicComment]:
    return notice.comments.filter(status=CommentStatus.PUBLISHED).order_by("created_at", "pk")


#: Nominees offered in the add-line form; a larger unit narrows by sub-unit first.
SUBJECT_CHOICES_LIMIT = 500


def subject_choices(proposal: Proposal) -> list[tuple[str, str]]:
    """Return the persons, households and collectives the proposing unit may nominate."""
    path = proposal.unit.path
    # 1: persons; 2: households with their head; 3: units of the subtree.
    people = Person.objects.filter(unit__path__startswith=path).order_by(
        "name_folded", "pk").values_list("pk", "full_name")[:SUBJECT_CHOICES_LIMIT]
    households = Household.objects.filter(unit__path__startswith=path).order_by(
        "code", "pk").values_list("pk", "code", "head__full_name")[:SUBJECT_CHOICES_LIMIT]
    units = OrgUnit.objects.filter(path__startswith=path).order_by("path").values_list(
        "pk", "name")[:SUBJECT_CHOICES_LIMIT]
    return ([(f"p:{pk}", name) for pk, name in people]
            + [(f"h:{pk}", f"{code} — {head}") for pk, code, head in households]
            + [(f"c:{pk}", name) for pk, name in units])


def resolve_subject(proposal: Proposal, ref: str) -> Person | Household | OrgUnit:
    """Return the person, household or unit a form's "p:12" reference names, in scope."""
    kind, _sep, raw = ref.partition(":")
    if not raw.isdigit():
        raise Http404
    path = proposal.unit.path
    found: Person | Household | OrgUnit | None
    if kind == "p":
        found = Person.objects.filter(pk=int(raw), unit__path__startswith=path).select_related(
            "unit").first()
    elif kind == "h":
        found = Household.objects.filter(pk=int(raw), unit__path__startswith=path
                                          ).select_related("unit", "head").first()
    else:
        found = OrgUnit.objects.filter(pk=int(raw), path__startswith=path).first()
    if found is None:
        raise Http404
    return found


def award_choices(proposal: Proposal) -> list[tuple[str, str]]:
    """Return the award types of the rule set in force for the proposal's year."""
    book = rule_book(proposal.unit, timezone.localdate())
    rule_set = book.rule_set_on(dt.date(proposal.year, 12, 31))
    if rule_set is None:
        return []
    return [(code, award.name_vi) for code, award in rule_set.awards.items()]


def deciding_unit_candidates(unit: OrgUnit) -> list[OrgUnit]:
    """Units a proposal from `unit` may go to: the unit itself and every unit above it."""
    path = unit.path
    ids = [int(part) for part in path.strip("/").split("/") if part]
    return list(OrgUnit.objects.filter(pk__in=ids).order_by("-depth"))


def deciding_unit_choices(user: Viewer, unit: OrgUnit) -> list[tuple[int, str]]:
    return [(u.pk, u.name) for u in deciding_unit_candidates(unit)]


def list_decided_lines(issued: IssuedDecision) -> QuerySet[NomineeLine]:
    """Return the nominee lines a decision awarded, with their ledger decision lines."""
    return (NomineeLine.objects.filter(decision_line__decision_id=issued.decision_id)
            .select_related("decision_line").order_by("decision_line_id"))


def sender_units(user: Viewer) -> QuerySet[OrgUnit]:
    """Units `user` may send proposals from, outermost first."""
    return OrgUnit.objects.filter(unit_filter(user, VIEW_ACTION, field="")).order_by("path")
