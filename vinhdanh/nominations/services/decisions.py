"""Decisions on appraised proposals: numbering, reward money, ledger entries, revocation."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.core.errors import DomainError, ValidationFailed
from vinhdanh.core.money import group_digits
from vinhdanh.core.text import to_nfc
from vinhdanh.councils.approval import line_votes, threshold_texts
from vinhdanh.nominations import procedure
from vinhdanh.nominations.eligibility import money_for, rule_book
from vinhdanh.nominations.errors import CouncilVoteRequired, ErrorCode
from vinhdanh.nominations.models import (
    DecisionCounter,
    IssuedDecision,
    LineStatus,
    NomineeLine,
    Proposal,
    ProposalKind,
    ProposalStatus,
    RecoveryRecord,
)
from vinhdanh.nominations.services.common import (
    audit,
    lock_line,
    lock_proposal,
    move_line,
    move_proposal,
    require_reason,
    user_of,
)
from vinhdanh.nominations.services.notices import ensure_notice_over
from vinhdanh.nominations.workflow import ensure_transition
from vinhdanh.records.models import CommendationType, Entry, Operation
from vinhdanh.records.services import DecisionLineIn, register_decision, revoke_entry
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.nominations.services.common import Actor

P = ProposalStatus
L = LineStatus

#: Proposal kinds (Law 06/2022 Art 8) as the ledger records them.
LEDGER_TYPES = {
    ProposalKind.ANNUAL: CommendationType.MERIT,
    ProposalKind.THEMATIC: CommendationType.MOVEMENT,
    ProposalKind.AD_HOC: CommendationType.AD_HOC,
    ProposalKind.LONG_SERVICE: CommendationType.SERVICE,
    ProposalKind.SENIORITY: CommendationType.SENIORITY,
    ProposalKind.FOREIGN_AFFAIRS: CommendationType.FOREIGN,
    ProposalKind.RESISTANCE: CommendationType.MERIT,
}


@transaction.atomic
def forward_to_decider(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Submit the appraised proposal to the decider, once any public notice has ended."""
    proposal = lock_proposal(proposal.pk)
    ensure_notice_over(proposal)
    # Law 06/2022 Art 84(5): nominees for orders and State honorary titles are posted
    # publicly before the proposal goes on (Decree 152/2025 Art 44(2)).
    needing = [line.nominee_name for line in proposal.lines.exclude(
        status__in=[L.ESCALATED, L.REJECTED]) if procedure.notice_required(line.award_code)]
    if needing and not proposal.notices.exists():
        raise DomainError(
            _("%(names)s: the award requires a public notice before the decision; open one "
              "first.") % {"names": ", ".join(needing)}, code=ErrorCode.NOTICE_REQUIRED)
    return move_proposal(proposal, to=P.AWAITING_DECISION, actor=actor)


def next_number(*, issuer: OrgUnit, year: int) -> int:
    """Take the next decision number of `issuer` in `year`; call inside the transaction.

    The counter row is locked until the decision commits, so concurrent issues queue on it
    and get consecutive numbers; a failed issue rolls its number back with it.
    """
    # INSERT … ON CONFLICT DO NOTHING: the first issue of a year creates the row, racing
    # issues wait for it instead of failing.
    DecisionCounter.objects.bulk_create([DecisionCounter(issuer=issuer, year=year)],
                                        ignore_conflicts=True)
    counter = DecisionCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


@transaction.atomic
def issue_decision(*, actor: Actor, proposal: Proposal, legal_basis: str, signer_name: str,
                   signer_title: str, decision_date: dt.date | None = None,
                   symbol: str | None = None) -> IssuedDecision:
    """Issue the decision for the approved lines and enter each award in the ledger."""
    proposal = lock_proposal(proposal.pk)
    ensure_transition(proposal, to=P.DECIDED, actor=actor)
    ensure_notice_over(proposal)
    legal_basis = to_nfc(legal_basis).strip()
    if not legal_basis:
        raise ValidationFailed(_("Legal basis: cite the legal basis of the decision."),
                               field="legal_basis")
    if not to_nfc(signer_name).strip():
        raise ValidationFailed(_("Signer: the signer's name is required."), field="signer_name")
    lines = list(
        proposal.lines.filter(status=L.APPROVED)
        .select_related("person__unit", "household__head", "household__unit", "collective")
        .order_by("position", "pk")
    )
    if not lines:
        raise DomainError(_("No nominee line is approved: nothing to decide."),
                          code=ErrorCode.NO_APPROVED_LINES)
    ensure_council_passed(lines)
    day = decision_date or timezone.localdate()
    issuer = proposal.to_unit
    book = rule_book(issuer, day)
    sequence = next_number(issuer=issuer, year=day.year)
    number = f"{sequence}/{symbol or procedure.decision_symbol()}"
    inputs = []
    for line in lines:
        # Money: coefficient × base salary in force on the decision date, rounded up to
        # 10,000 đ (Decree 152/2025 Art 49-54).
        money = money_for(book, award_code=line.award_code, subject_kind=line.subject_kind,
                          decision_date=day)
        line.amount_vnd, line.base_salary_vnd = money.amount_vnd, money.base_salary_vnd
        subject = line.person or line.household or line.collective
        assert subject is not None
        inputs.append(DecisionLineIn(subject=subject, award_code=line.award_code,
                                     amount_vnd=money.amount_vnd,
                                     base_salary_vnd=money.base_salary_vnd,
                                     period_year=proposal.year))
    decision = register_decision(
        actor=actor, number=number, date=day, issuer=issuer, lines=inputs,
        signer_name=signer_name, signer_title=signer_title,
        commendation_type=LEDGER_TYPES[ProposalKind(proposal.kind)],
    )
    # register_decision creates one decision line per input, in order.
    for line, decision_line in zip(lines, decision.lines.order_by("pk"), strict=True):
        line.decision_line = decision_line
        move_line(line, to=L.AWARDED, actor=actor,
                  extra_fields=("amount_vnd", "base_salary_vnd", "decision_line"))
    proposal.decision = decision
    move_proposal(proposal, to=P.DECIDED, actor=actor, extra_fields=("decision",))
    issued = IssuedDecision.objects.create(decision=decision, proposal=proposal, year=day.year,
                                           sequence=sequence, legal_basis=legal_basis,
                                           issued_by=user_of(actor))
    audit(actor, "decision_issued", proposal,
          {"decision": decision.pk, "number": number, "lines": len(lines)}, target=issued)
    return issued


def ensure_council_passed(lines: list[NomineeLine]) -> None:
    """Refuse a decision on a title the council has not passed (councils.approval).

    Decree 98/2023 Art 30(7): the titles of awards.yaml `approval_rules` need the votes of
    a share of the council's whole membership; without a closed poll that reached it,
    nothing is decided, numbered or written in the ledger.
    """
    votes = line_votes([(line.pk, line.award_code) for line in lines])
    unvoted = [line for line in lines if votes[line.pk].needed and votes[line.pk].result is None]
    # Only on refusal: the threshold the missing vote must reach (one query).
    thresholds = threshold_texts({line.award_code for line in unvoted}) if unvoted else {}
    problems = []
    for line in lines:
        vote = votes[line.pk]
        if vote.passed:
            continue
        name = f"«{line.nominee_name} — {line.award_name}»"
        if vote.result is None:
            problems.append(
                _("%(line)s has not been passed by a council vote (%(threshold)s of all "
                  "members needed)")
                % {"line": name, "threshold": thresholds.get(line.award_code, "")})
        else:
            problems.append(
                _("%(line)s got %(yes)s of %(members)s members' votes, %(needed)s needed "
                  "(%(threshold)s of all members)")
                % {"line": name, "yes": vote.result.total_yes, "members": vote.result.members,
                   "needed": vote.result.required, "threshold": vote.result.threshold_text})
    if problems:
        raise CouncilVoteRequired(
            _("The emulation and commendation council must pass these lines before the "
              "decision: %(problems)s.") % {"problems": "; ".join(problems)})


@transaction.atomic
def decline_proposal(*, actor: Actor, proposal: Proposal, reason: str) -> Proposal:
    """Record that the decider declined; the proposing unit is told why."""
    proposal = lock_proposal(proposal.pk)
    reason = require_reason(reason)
    for line in proposal.lines.filter(status=L.APPROVED).select_related("proposal"):
        move_line(line, to=L.NOT_AWARDED, actor=actor, reason=reason)
    return move_proposal(proposal, to=P.NOT_AWARDED, actor=actor, reason=reason)


@transaction.atomic
def notify_proposal(*, actor: Actor, proposal: Proposal) -> Proposal:
    """Record that the decision was sent to the proposing unit (10 working days)."""
    return move_proposal(lock_proposal(proposal.pk), to=P.NOTIFIED, actor=actor)


@transaction.atomic
def revoke_line(*, actor: Actor, line: NomineeLine, reason: str, legal_basis: str,
                amount_recovered_vnd: int = 0, items_returned: str = "",
                recovered_on: dt.date | None = None) -> RecoveryRecord:
    """Revoke an award (Law 06/2022 Art 93) and record the money and items recovered."""
    lock_proposal(line.proposal_id)
    line = lock_line(line.pk)
    ensure_transition(line, to=L.REVOKED, actor=actor)
    reason = require_reason(reason)
    legal_basis = to_nfc(legal_basis).strip()
    if not legal_basis:
        raise ValidationFailed(_("Legal basis: cite the legal basis of the revocation."),
                               field="legal_basis")
    if amount_recovered_vnd < 0 or amount_recovered_vnd > (line.amount_vnd or 0):
        raise ValidationFailed(
            _("Money recovered: between 0 and the %(amount)s đ paid.")
            % {"amount": group_digits(line.amount_vnd or 0)},
            field="amount_recovered_vnd")
    # The ledger entry written when the decision was issued (records.register_decision).
    entry = Entry.objects.select_related("decision").get(
        decision_line_id=line.decision_line_id, operation=Operation.RECORD)
    assert entry.decision is not None
    revocation = revoke_entry(actor=actor, entry=entry, source=entry.decision, reason=reason,
                              legal_basis=legal_basis)
    record = RecoveryRecord.objects.create(
        line=line, revocation_entry=revocation, reason=reason, legal_basis=legal_basis,
        amount_recovered_vnd=amount_recovered_vnd, items_returned=to_nfc(items_returned),
        recovered_on=recovered_on, recorded_by=user_of(actor),
    )
    move_line(line, to=L.REVOKED, actor=actor, reason=reason)
    audit(actor, "award_revoked", line.proposal,
          {"line": line.pk, "entry": revocation.pk, "recovered": amount_recovered_vnd},
          target=record)
    return record
