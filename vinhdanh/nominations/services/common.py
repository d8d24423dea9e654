"""Helpers every nominations service shares: locks, status moves, the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.audit.services import record_event
from vinhdanh.core.text import to_nfc
from vinhdanh.nominations.errors import ReasonRequired
from vinhdanh.nominations.models import NomineeLine, Proposal, TransitionLog
from vinhdanh.nominations.workflow import ensure_transition

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Actor = User | AnonymousUser


def user_of(actor: Actor) -> User:
    if not isinstance(actor, User):
        raise PermissionDenied
    return actor


def lock_proposal(pk: int) -> Proposal:
    """Lock a proposal row (always before its lines: unit, proposal, line order)."""
    return Proposal.objects.select_for_update(of=("self",)).select_related(
        "unit", "to_unit").get(pk=pk)


def lock_line(pk: int) -> NomineeLine:
    line = NomineeLine.objects.select_for_update(of=("self",)).select_related(
        "proposal__unit", "proposal__to_unit").get(pk=pk)
    return line


def require_reason(reason: str) -> str:
    reason = to_nfc(reason).strip()
    if not reason:
        raise ReasonRequired(_("Reason: please write the reason."), field="reason")
    return reason


def audit(actor: Actor, verb: str, proposal: Proposal, data: dict[str, Any],
          target: Any = None) -> None:
    record_event(actor=actor, action=f"nominations.{verb}", target=target or proposal,
                 unit_path=proposal.unit.path, data={"proposal": proposal.pk, **data})


def move_proposal(proposal: Proposal, *, to: str, actor: Actor, reason: str = "",
                  extra_fields: tuple[str, ...] = ()) -> Proposal:
    """Check and apply a proposal status change, log it and audit it."""
    ensure_transition(proposal, to=to, actor=actor)
    before = proposal.status
    proposal.status = to
    proposal.save(update_fields=["status", "updated_at", *extra_fields])
    TransitionLog.objects.create(proposal=proposal, from_status=before, to_status=to,
                                 actor=user_of(actor), reason=reason)
    audit(actor, "proposal_moved", proposal, {"from": before, "to": to, "reason": reason})
    return proposal


def move_line(line: NomineeLine, *, to: str, actor: Actor, reason: str = "",
              extra_fields: tuple[str, ...] = ()) -> NomineeLine:
    """Check and apply a nominee-line status change, log it and audit it."""
    ensure_transition(line, to=to, actor=actor)
    before = line.status
    line.status = to
    line.save(update_fields=["status", "updated_at", *extra_fields])
    TransitionLog.objects.create(proposal=line.proposal, line=line, from_status=before,
                                 to_status=to, actor=user_of(actor), reason=reason)
    audit(actor, "line_moved", line.proposal,
          {"line": line.pk, "from": before, "to": to, "reason": reason}, target=line)
    return line
