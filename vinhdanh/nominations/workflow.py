"""The proposal and nominee-line workflows as data (procedures.md §3.2).

Each table maps a status to the statuses it may move to and the side that moves it: the
proposing unit ("sender") or the receiving and deciding level ("receiver"). Services ask
`ensure_transition` before changing a status; nothing else decides what is allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, can
from vinhdanh.nominations.errors import ForbiddenTransition
from vinhdanh.nominations.models import LineStatus, NomineeLine, Proposal, ProposalStatus

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

P = ProposalStatus
L = LineStatus


class Side(StrEnum):
    SENDER = "sender"  # the proposing unit's officer
    RECEIVER = "receiver"  # the standing agency of the receiving level
    DECIDER = "decider"  # the authority that signs (or declines) the decision


#: (from, to) -> side allowed to make the move.
PROPOSAL_TRANSITIONS: Mapping[tuple[P, P], Side] = {
    (P.DRAFT, P.SUBMITTED): Side.SENDER,
    (P.DRAFT, P.WITHDRAWN): Side.SENDER,
    (P.SUBMITTED, P.RECEIVED): Side.RECEIVER,
    (P.SUBMITTED, P.DRAFT): Side.SENDER,  # recalled before the desk received it
    (P.RECEIVED, P.SUPPLEMENT_REQUESTED): Side.RECEIVER,
    (P.RECEIVED, P.RETURNED): Side.RECEIVER,
    (P.RECEIVED, P.APPRAISAL): Side.RECEIVER,  # complete dossier accepted: the clock starts
    (P.SUPPLEMENT_REQUESTED, P.RECEIVED): Side.SENDER,  # resubmitted with the supplement
    (P.RETURNED, P.DRAFT): Side.SENDER,
    (P.APPRAISAL, P.SUPPLEMENT_REQUESTED): Side.RECEIVER,
    (P.APPRAISAL, P.PUBLIC_NOTICE): Side.RECEIVER,
    (P.APPRAISAL, P.AWAITING_DECISION): Side.RECEIVER,
    (P.PUBLIC_NOTICE, P.AWAITING_DECISION): Side.RECEIVER,
    (P.PUBLIC_NOTICE, P.APPRAISAL): Side.RECEIVER,
    (P.AWAITING_DECISION, P.APPRAISAL): Side.DECIDER,
    (P.AWAITING_DECISION, P.DECIDED): Side.DECIDER,
    (P.AWAITING_DECISION, P.NOT_AWARDED): Side.DECIDER,
    (P.DECIDED, P.NOTIFIED): Side.RECEIVER,
}

#: Nominee lines move on their own (one nominee can be rejected while others proceed).
LINE_TRANSITIONS: Mapping[tuple[L, L], Side] = {
    (L.PROPOSED, L.APPROVED): Side.RECEIVER,
    (L.PROPOSED, L.REJECTED): Side.RECEIVER,
    (L.PROPOSED, L.HOLD): Side.RECEIVER,
    (L.PROPOSED, L.ESCALATED): Side.DECIDER,
    (L.APPROVED, L.PROPOSED): Side.RECEIVER,
    (L.APPROVED, L.REJECTED): Side.RECEIVER,
    (L.APPROVED, L.HOLD): Side.RECEIVER,
    (L.APPROVED, L.ESCALATED): Side.DECIDER,
    (L.APPROVED, L.AWARDED): Side.DECIDER,
    (L.APPROVED, L.NOT_AWARDED): Side.DECIDER,
    (L.REJECTED, L.PROPOSED): Side.RECEIVER,
    # Decree 152/2025 Art 4(4): a hold is lifted once the nominee is cleared in writing.
    (L.HOLD, L.PROPOSED): Side.RECEIVER,
    (L.HOLD, L.APPROVED): Side.RECEIVER,
    (L.HOLD, L.REJECTED): Side.RECEIVER,
    # Law 06/2022 Art 93: an award granted on false grounds is revoked.
    (L.AWARDED, L.REVOKED): Side.DECIDER,
}

#: Proposal statuses in which the receiving level works on lines.
LINES_OPEN_AT_RECEIVER = frozenset({P.RECEIVED, P.APPRAISAL, P.PUBLIC_NOTICE,
                                    P.AWAITING_DECISION})
#: Proposal statuses in which the proposing unit may edit lines and files.
EDITABLE_BY_SENDER = frozenset({P.DRAFT, P.SUPPLEMENT_REQUESTED})
#: Statuses whose appraisal clock runs (shown on the overdue board).
CLOCK_RUNNING = frozenset({P.APPRAISAL, P.PUBLIC_NOTICE})

#: The policy action each side needs, over the unit `side_unit` names.
SIDE_ACTIONS: Mapping[Side, Action] = {
    Side.SENDER: Action.PREPARE_NOMINATION,
    Side.RECEIVER: Action.APPRAISE_NOMINATION,
    Side.DECIDER: Action.ISSUE_DECISION,
}


def side_unit(proposal: Proposal, side: Side) -> OrgUnit:
    return proposal.unit if side is Side.SENDER else proposal.to_unit


def may_act(user: User | AnonymousUser, proposal: Proposal, side: Side) -> bool:
    """Answer whether `user` acts for `side` on `proposal`."""
    return can(user, SIDE_ACTIONS[side], side_unit(proposal, side))


def allowed_targets(proposal: Proposal, user: User | AnonymousUser) -> list[P]:
    """Return the statuses `user` may move `proposal` to, in table order."""
    current = P(proposal.status)
    return [to for (frm, to), side in PROPOSAL_TRANSITIONS.items()
            if frm == current and may_act(user, proposal, side)]


def _refuse(label_from: str, label_to: str) -> ForbiddenTransition:
    return ForbiddenTransition(
        _("Cannot move from “%(from)s” to “%(to)s”.") % {"from": label_from, "to": label_to}
    )


def ensure_transition(obj: Proposal | NomineeLine, *, to: str,
                      actor: User | AnonymousUser) -> None:
    """Raise ForbiddenTransition unless `actor` may move `obj` to status `to`."""
    if isinstance(obj, Proposal):
        key_p = (P(obj.status), P(to))
        side = PROPOSAL_TRANSITIONS.get(key_p)
        if side is None:
            raise _refuse(str(P(obj.status).label), str(P(to).label))
        proposal = obj
    else:
        key_l = (L(obj.status), L(to))
        side = LINE_TRANSITIONS.get(key_l)
        if side is None:
            raise _refuse(str(L(obj.status).label), str(L(to).label))
        proposal = obj.proposal
        # A revocation comes after the decision; every other line move happens while the
        # receiving level processes the proposal.
        if to != L.REVOKED and P(proposal.status) not in LINES_OPEN_AT_RECEIVER:
            raise ForbiddenTransition(
                _("Nominee lines can only change while the receiving level processes "
                  "the proposal (now: “%(status)s”).")
                % {"status": P(proposal.status).label}
            )
    if not may_act(actor, proposal, side):
        raise PermissionDenied
