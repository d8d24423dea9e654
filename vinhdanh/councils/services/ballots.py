"""Secret electronic ballots: casting, receipts, and the reshuffle at closing.

See docs/adr/0003-secret-ballot.md. Choices and receipt hashes are written through the
driver's own cursor, below Django's CursorDebugWrapper, so that neither `connection.queries`
nor the `django.db.backends` logger ever sees them, even with DEBUG on.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.councils.access import is_member
from vinhdanh.councils.errors import AlreadyVoted, BallotInvalid, CouncilErrorCode, PollStateError
from vinhdanh.councils.models import (
    BallotChoice,
    Choice,
    Poll,
    PollItem,
    PollStatus,
    ReceiptHash,
    VotedVia,
    VoterRoll,
    VotingMethod,
)

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User

_RANDOM = secrets.SystemRandom()
RECEIPT_BYTES = 15  # 120 random bits: 24 base32 characters


def new_receipt() -> str:
    """Return a fresh receipt code, grouped by four for reading aloud: ABCD-EFGH-…"""
    raw = base64.b32encode(secrets.token_bytes(RECEIPT_BYTES)).decode("ascii")
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def receipt_digest(poll_id: int, code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(f"vinhdanh-receipt:{poll_id}:{normalised}".encode()).hexdigest()


def _insert_untraced(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """INSERT `rows` (attname → value) through the raw driver cursor, in the given order."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in rows[0]]
    concrete = [f for f in fields if isinstance(f, models.Field)]
    qn = connection.ops.quote_name
    columns = ", ".join(qn(f.column) for f in concrete)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {qn(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    params = [
        [f.get_db_prep_save(row[name], connection)
         for f, name in zip(concrete, rows[0], strict=True)]
        for row in rows
    ]
    with connection.cursor() as wrapper:
        # `wrapper.cursor` is the driver cursor (SQLite's %s-converting wrapper or psycopg's):
        # no query log, no execute_wrapper, no DEBUG SQL logger sees these parameters.
        wrapper.cursor.executemany(sql, params)


def _lock_poll(poll_pk: int) -> Poll:
    return Poll.objects.select_for_update().select_related("session__council__unit").get(
        pk=poll_pk
    )


def check_ballot(items: Sequence[PollItem], choices: Mapping[int, str]) -> dict[int, str]:
    """Return the ballot as item id → choice, or raise naming the first unmarked item."""
    valid = set(Choice.values)
    clean: dict[int, str] = {}
    for item in items:
        choice = choices.get(item.pk)
        if choice not in valid:
            raise BallotInvalid(
                _("Item “%(label)s”: choose agree, disagree or abstain.") % {"label": item.label},
                field=f"item_{item.pk}",
            )
        clean[item.pk] = str(choice)
    unknown = set(choices) - set(clean)
    if unknown:
        raise BallotInvalid(_("The ballot names items that are not in this poll."))
    return clean


@transaction.atomic
def cast_ballot(*, actor: User, poll: Poll, choices: Mapping[int, str]) -> str:
    """Record `actor`'s secret ballot once and return the receipt code (shown only now)."""
    # Lock order: poll, then the voter's roll entry. The poll lock also keeps a ballot
    # from landing after close_poll.
    poll = _lock_poll(poll.pk)
    if not is_member(actor, poll.session.council):
        raise PermissionDenied
    if poll.voting_method != VotingMethod.ELECTRONIC:
        raise PollStateError(_("This poll is held on paper ballots."),
                             code=CouncilErrorCode.WRONG_METHOD)
    if poll.status != PollStatus.OPEN:
        raise PollStateError(_("The poll is not open for voting."))
    roll = (
        VoterRoll.objects.select_for_update()
        .filter(poll=poll, membership__user_id=actor.pk, membership__active=True)
        .first()
    )
    if roll is None:
        # A member appointed after the poll opened is not on its roll.
        raise PermissionDenied
    if roll.has_voted:
        raise AlreadyVoted(_("You have already voted in this poll; each member votes once."))
    items = list(PollItem.objects.filter(poll=poll).order_by("position", "id"))
    ballot = check_ballot(items, choices)

    marked = VoterRoll.objects.filter(pk=roll.pk, has_voted=False).update(
        has_voted=True, voted_via=VotedVia.ELECTRONIC
    )
    if marked != 1:
        raise AlreadyVoted(_("You have already voted in this poll; each member votes once."))
    rows = [{"id": uuid.uuid4(), "poll_item": item_id, "choice": choice}
            for item_id, choice in ballot.items()]
    # Random order within the ballot: item order on disk says nothing either.
    _RANDOM.shuffle(rows)
    _insert_untraced(BallotChoice, rows)
    receipt = new_receipt()
    _insert_untraced(ReceiptHash, [{"id": uuid.uuid4(), "poll": poll.pk,
                                    "digest": receipt_digest(poll.pk, receipt)}])
    # Who voted, never what: no choice, count or receipt goes into the log.
    record_event(actor=actor, action="councils.ballot_cast", target=poll,
                 unit_path=poll.session.council.unit.path,
                 data={"membership": roll.membership_id})
    return receipt


def receipt_counted(*, poll: Poll, code: str) -> bool:
    """Answer whether a ballot with receipt `code` is among the poll's recorded ballots."""
    return ReceiptHash.objects.filter(poll=poll, digest=receipt_digest(poll.pk, code)).exists()


def reshuffle_secret_rows(poll: Poll) -> int:
    """Rewrite the poll's choices and receipts in a random order with fresh random keys.

    Physical storage order (SQLite rowid, PostgreSQL heap position) follows insertion
    order, which follows the audit log's order of voters. Rewriting at closing leaves
    only a shuffled copy behind. Returns the number of choices rewritten.
    """
    item_ids = list(PollItem.objects.filter(poll=poll).values_list("pk", flat=True))
    choices = list(BallotChoice.objects.filter(poll_item_id__in=item_ids)
                   .values_list("poll_item_id", "choice"))
    digests = list(ReceiptHash.objects.filter(poll=poll).values_list("digest", flat=True))
    BallotChoice.objects.filter(poll_item_id__in=item_ids).delete()
    ReceiptHash.objects.filter(poll=poll).delete()
    rows = [{"id": uuid.uuid4(), "poll_item": item_id, "choice": choice}
            for item_id, choice in choices]
    _RANDOM.shuffle(rows)
    _insert_untraced(BallotChoice, rows)
    receipts = [{"id": uuid.uuid4(), "poll": poll.pk, "digest": d} for d in digests]
    _RANDOM.shuffle(receipts)
    _insert_untraced(ReceiptHash, receipts)
    return len(rows)
