"""Preparing, sending, receiving and appraising proposals (procedures.md §3.2)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import ensure_can
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import to_nfc
from vinhdanh.nominations import procedure
from vinhdanh.nominations.eligibility import award_name, evaluate, rule_book
from vinhdanh.nominations.errors import BadFile, DossierIncomplete, ForbiddenTransition
from vinhdanh.nominations.models import (
    DossierItem,
    LineStatus,
    NomineeLine,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Verdict,
)
from vinhdanh.nominations.services.checklists import allowed_types, checklist_for
from vinhdanh.nominations.services.common import (
    audit,
    lock_line,
    lock_proposal,
    move_line,
    move_proposal,
    require_reason,
    user_of,
)
from vinhdanh.nominations.uploads import check_upload
from vinhdanh.nominations.workflow import EDITABLE_BY_SENDER, SIDE_ACTIONS, Side
from vinhdanh.people.models import Household, Person
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.nominations.services.common import Actor

P = ProposalStatus
L = LineStatus
SubjectT = Person | Household | OrgUnit


@transaction.atomic
def create_proposal(*, actor: Actor, unit: OrgUnit, to_unit: OrgUnit, title: str, year: int,
                    kind: str = ProposalKind.ANNUAL, letter_number: str = "",
                    letter_date: dt.date | None = None) -> Proposal:
    """Open a draft proposal from `unit` to the level `to_unit` that will decide it."""
    ensure_can(actor, SIDE_ACTIONS[Side.SENDER], unit)
    title = to_nfc(title).strip()
    if not title:
        raise ValidationFailed(_("Title: a title is required."), field="title")
    if kind not in ProposalKind.values:
        raise ValidationFailed(_("Kind: unknown value."), field="kind")
    if not 1945 <= year <= timezone.localdate().year + 1:
        raise ValidationFailed(_("Year: %(year)s is not a valid year.") % {"year": year},
                               field="year")
    # The proposal goes up the tree, or stays at its own level for awards the unit's head
    # decides (Law 06/2022 Art 80(1)).
    if not unit.path.startswith(to_unit.path):
        raise ValidationFailed(
            _("Deciding unit: %(to)s is not above %(unit)s in the unit tree.")
            % {"to": to_unit.name, "unit": unit.name}, field="to_unit")
    proposal = Proposal.objects.create(
        unit=unit, to_unit=to_unit, title=title, year=year, kind=kind,
        letter_number=to_nfc(letter_number), letter_date=letter_date,
        created_by=user_of(actor),
    )
    audit(actor, "proposal_created", proposal, {"to_unit": to_unit.pk, "year": year})
    return proposal


def _subject_fields(subject: SubjectT) -> tuple[dict[str, SubjectT], OrgUnit, str]:
    if isinstance(subject, Person):
        return {"person": subject}, subject.unit, subject.full_name
    if isinstance(subject, Household):
        return {"household": subject}, subject.unit, f"{subject.code} — {subject.head.full_name}"
    return {"collective": subject}, subject, subject.name


@transaction.atomic
def add_line(*, actor: Actor, proposal: Proposal, subject: SubjectT, award_code: str,
             achievement: str, not_eligible_reason: str = "") -> NomineeLine:
    """Add a nominee with the eligibility verdict of the moment and an empty checklist."""
    proposal = lock_proposal(proposal.pk)
    ensure_can(actor, SIDE_ACTIONS[Side.SENDER], proposal.unit)
    _ensure_editable(proposal)
    fields, subject_unit, name = _subject_fields(subject)
    # Law 06/2022 Art 83: the level that manages the nominee proposes them.
    if not subject_unit.path.startswith(proposal.unit.path):
        raise ValidationFailed(
            _("Nominee: %(name)s does not belong to %(unit)s.")
            % {"name": name, "unit": proposal.unit.name}, field="subject")
    achievement = to_nfc(achievement).strip()
    if not achievement:
        raise ValidationFailed(_("Achievement: summarise the achievement."),
                               field="achievement")
    today = timezone.localdate()
    if award_name(rule_book(proposal.unit, today), award_code, proposal.year) is None:
        raise ValidationFailed(_("Award: unknown award %(code)s.") % {"code": award_code},
                               field="award_code")
    snapshot = evaluate(subject, award_code=award_code, year=proposal.year, unit=proposal.unit,
                        on=today)
    reason = to_nfc(not_eligible_reason).strip()
    if snapshot.verdict == Verdict.NOT_ELIGIBLE and not reason:
        # Kept only with a written reason, shown to the appraiser (procedures.md §3.2).
        raise ValidationFailed(
            _("Nominee %(name)s is not eligible for %(award)s: write why the unit proposes "
              "them anyway, or leave them out.") % {"name": name, "award": snapshot.award_name},
            field="not_eligible_reason")
    position = (proposal.lines.aggregate(m=Max("position"))["m"] or 0) + 1
    line = NomineeLine.objects.create(
        proposal=proposal, **fields, nominee_name=name, award_code=award_code,
        award_name=snapshot.award_name, achievement=achievement, verdict=snapshot.verdict,
        verdict_lines=snapshot.lines, verdict_rule_set=snapshot.rule_set,
        not_eligible_reason=reason if snapshot.verdict == Verdict.NOT_ELIGIBLE else "",
        position=position,
    )
    DossierItem.objects.bulk_create([
        DossierItem(line=line, component=c.code, label=c.label, required=c.required)
        # The province's or ministry's own list when it set one (services.checklists).
        for c in checklist_for(award_code, proposal.unit)
    ])
    audit(actor, "line_added", proposal,
          {"line": line.pk, "award": award_code, "verdict": snapshot.verdict}, target=line)
    return line


def _ensure_editable(proposal: Proposal) -> None:
    if proposal.status not in EDITABLE_BY_SENDER:
        raise ForbiddenTransition(
            _("The proposal can only be changed while it is a draft or a supplement is "
              "requested (now: “%(status)s”).") % {"status": P(proposal.status).label})


@transaction.atomic
def attach_file(*, actor: Actor, item: DossierItem, upload: UploadedFile) -> DossierItem:
    """Attach a checked file (PDF, DOCX, XLSX, JPEG, PNG) to a dossier component."""
    proposal = lock_proposal(item.line.proposal_id)
    ensure_can(actor, SIDE_ACTIONS[Side.SENDER], proposal.unit)
    _ensure_editable(proposal)
    checked = check_upload(upload)
    item = DossierItem.objects.select_for_update().select_related("line").get(pk=item.pk)
    # A province's or ministry's own list may accept only some types for a paper.
    # "jpg" and "jpeg" name the same type (uploads.EXTENSIONS).
    types = {t.replace("jpeg", "jpg")
             for t in allowed_types(item.component, item.line.award_code, proposal.unit)}
    extension = checked.name.rsplit(".", 1)[-1].lower().replace("jpeg", "jpg")
    if types and extension not in types:
        raise BadFile(_("File %(name)s: “%(label)s” accepts only %(types)s files.")
                      % {"name": checked.name, "label": item.label,
                         "types": ", ".join(sorted(t.upper() for t in types))}, field="attachment")
    item.attachment.save(checked.name, upload, save=False)
    item.content_type = checked.content_type
    item.original_name = checked.name
    item.size = checked.size
    item.save(update_fields=["attachment", "content_type", "original_name", "size",
                             "updated_at"])
    audit(actor, "file_attached", proposal,
          {"item": item.pk, "component": item.component, "type": checked.content_type,
           "size": checked.size}, target=item)
    return item


def _missing_items(proposal: Proposal) -> list[DossierItem]:
    return list(
        DossierItem.objects.filter(line__proposal=proposal, required=True, attachment="")
        .exclude(line__status__in=[L.ESCALATED, L.REJECTED])
        .select_related("line").order_by("line__position", "pk")
    )


def _ensure_complete(proposal: Proposal) -> None:
    if not proposal.lines.exists():
        raise DossierIncomplete(_("The proposal names no nominee."))
    missing = _missing_items(proposal)
    if missing:
        first = missing[0]
        raise DossierIncomplete(
            _("Line %(position)s (%(name)s): “%(component)s” is missing (%(count)s missing "
              "file(s) in all).") % {"position": first.line.position,
                                     "name": first.line.nominee_name,
                                     "component": first.label, "count": len(missing)})


@transaction.atomic
def submit_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Send the signed proposal with its complete dossier to the receiving level."""
    proposal = lock_proposal(proposal.pk)
    _ensure_complete(proposal)
    return move_proposal(proposal, to=P.SUBMITTED, actor=actor)


@transaction.atomic
def withdraw_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Withdraw a draft that will not be sent."""
    return move_proposal(lock_proposal(proposal.pk), to=P.WITHDRAWN, actor=actor)


@transaction.atomic
def receive_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Record receipt of the proposal at the receiving desk."""
    return move_proposal(lock_proposal(proposal.pk), to=P.RECEIVED, actor=actor)


@transaction.atomic
def request_supplement(*, actor: Actor, proposal: Proposal, reason: str) -> Proposal:
    """Ask the proposing unit to complete the dossier; the reason is sent back with it."""
    reason = require_reason(reason)
    return move_proposal(lock_proposal(proposal.pk), to=P.SUPPLEMENT_REQUESTED, actor=actor,
                         reason=reason)


@transaction.atomic
def return_proposal(*, actor: Actor, proposal: Proposal, reason: str) -> Proposal:
    """Return an ineligible or misrouted proposal in writing (5 working days at MOHA)."""
    reason = require_reason(reason)
    return move_proposal(lock_proposal(proposal.pk), to=P.RETURNED, actor=actor,
                         reason=reason)


@transaction.atomic
def resubmit_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Send the supplemented dossier back to the receiving desk."""
    proposal = lock_proposal(proposal.pk)
    _ensure_complete(proposal)
    return move_proposal(proposal, to=P.RECEIVED, actor=actor)


@transaction.atomic
def reopen_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Take a returned (or recalled) proposal back to draft to rework it."""
    return move_proposal(lock_proposal(proposal.pk), to=P.DRAFT, actor=actor)


@transaction.atomic
def accept_proposal(*, actor: Actor, proposal: Proposal,
                    received_on: dt.date | None = None) -> Proposal:
    """Accept a complete dossier: the appraisal clock starts the day it was received."""
    proposal = lock_proposal(proposal.pk)
    _ensure_complete(proposal)
    received_on = received_on or timezone.localdate()
    days = procedure.appraisal_working_days(proposal.to_unit)
    proposal.received_complete_on = received_on
    proposal.appraisal_working_days = days
    proposal.due_on = procedure.due_date(received_on, days)
    book = rule_book(proposal.to_unit, received_on)
    rule_set = book.rule_set_on(dt.date(proposal.year, 12, 31))
    proposal.rule_set = rule_set.id if rule_set else ""
    return move_proposal(proposal, to=P.APPRAISAL, actor=actor,
                         extra_fields=("received_complete_on", "appraisal_working_days",
                                       "due_on", "rule_set"))


@transaction.atomic
def appraise_line(*, actor: Actor, line: NomineeLine, approve: bool,
                  comment: str = "") -> NomineeLine:
    """Record the appraiser's conclusion on one nominee, with a comment (required to reject)."""
    lock_proposal(line.proposal_id)
    line = lock_line(line.pk)
    comment = to_nfc(comment).strip()
    if not approve:
        comment = require_reason(comment)
    line.appraisal_comment = comment
    return move_line(line, to=L.APPROVED if approve else L.REJECTED, actor=actor,
                     reason=comment, extra_fields=("appraisal_comment",))


@transaction.atomic
def reconsider_line(*, actor: Actor, line: NomineeLine, reason: str) -> NomineeLine:
    """Put an appraised line back to proposed."""
    lock_proposal(line.proposal_id)
    return move_line(lock_line(line.pk), to=L.PROPOSED, actor=actor,
                     reason=require_reason(reason))


@transaction.atomic
def hold_line(*, actor: Actor, line: NomineeLine, reason: str) -> NomineeLine:
    """Hold a nominee under review (Decree 152/2025 Art 4(4)): complaint, inspection…"""
    lock_proposal(line.proposal_id)
    line = lock_line(line.pk)
    reason = require_reason(reason)
    line.status_before_hold = line.status
    return move_line(line, to=L.HOLD, actor=actor, reason=reason,
                     extra_fields=("status_before_hold",))


@transaction.atomic
def release_line(*, actor: Actor, line: NomineeLine, reason: str) -> NomineeLine:
    """Lift a hold once the nominee is cleared in writing; the line resumes where it was."""
    lock_proposal(line.proposal_id)
    line = lock_line(line.pk)
    reason = require_reason(reason)
    back = line.status_before_hold or L.PROPOSED
    line.status_before_hold = ""
    return move_line(line, to=back, actor=actor, reason=reason,
                     extra_fields=("status_before_hold",))


@transaction.atomic
def escalate_line(*, actor: Actor, line: NomineeLine, to_unit: OrgUnit | None = None,
                  reason: str) -> NomineeLine:
    """Send a nominee beyond this level's authority up, with their dossier.

    A new draft proposal from the deciding unit to the next level is opened (or reused while
    still a draft) and keeps a link to the original proposal and line.
    """
    proposal = lock_proposal(line.proposal_id)
    line = lock_line(line.pk)
    reason = require_reason(reason)
    target = to_unit or proposal.to_unit.parent
    if target is None:
        raise ValidationFailed(_("Next level: %(unit)s has no level above it.")
                               % {"unit": proposal.to_unit.name}, field="to_unit")
    move_line(line, to=L.ESCALATED, actor=actor, reason=reason)
    ensure_can(actor, SIDE_ACTIONS[Side.SENDER], proposal.to_unit)
    upper = Proposal.objects.filter(parent=proposal, to_unit=target, status=P.DRAFT).first()
    if upper is None:
        upper = Proposal.objects.create(
            unit=proposal.to_unit, to_unit=target, kind=proposal.kind, year=proposal.year,
            title=_("Escalated from: %(title)s") % {"title": proposal.title},
            parent=proposal, created_by=user_of(actor),
        )
    position = (upper.lines.aggregate(m=Max("position"))["m"] or 0) + 1
    copy = NomineeLine.objects.create(
        proposal=upper, person_id=line.person_id, household_id=line.household_id,
        collective_id=line.collective_id, nominee_name=line.nominee_name,
        award_code=line.award_code, award_name=line.award_name,
        achievement=line.achievement, verdict=line.verdict, verdict_lines=line.verdict_lines,
        verdict_rule_set=line.verdict_rule_set, not_eligible_reason=line.not_eligible_reason,
        origin=line, position=position,
    )
    # The dossier goes with the nominee: the same stored files, no copy on disk.
    DossierItem.objects.bulk_create([
        DossierItem(line=copy, component=item.component, label=item.label,
                    required=item.required, attachment=item.attachment.name,
                    content_type=item.content_type, original_name=item.original_name,
                    size=item.size)
        for item in line.items.all()
    ])
    audit(actor, "line_escalated", proposal,
          {"line": line.pk, "to_proposal": upper.pk, "to_line": copy.pk}, target=copy)
    return copy

