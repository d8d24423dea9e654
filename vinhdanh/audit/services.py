"""Record events in the audit chain, inside the caller's transaction, and verify the chain."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from vinhdanh.audit.models import AuditEvent, ChainHead

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

GENESIS_HASH = "0" * 64
SYSTEM_LABEL = "system"
#: Rows fetched per round trip while verifying; memory stays constant whatever the log size.
VERIFY_CHUNK_SIZE = 2000


def canonical_time(moment: dt.datetime) -> str:
    """Return the form of a timestamp that enters the hash.

    Always UTC with six fractional digits: SQLite hands back the ISO text it stored,
    PostgreSQL a timestamptz in the connection's zone; both become the same string.
    """
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def compute_hash(
    *,
    seq: int,
    occurred_at: str,
    actor_id: int | None,
    actor_label: str,
    action: str,
    target_type: str,
    target_id: str,
    unit_path: str,
    data: Any,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [seq, occurred_at, actor_id, actor_label, action, target_type, target_id, unit_path,
         data, prev_hash],
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _portable(value: Any) -> Any:
    """Return `value` as JSON that reads back identically from SQLite and PostgreSQL.

    PostgreSQL's jsonb rewrites numbers (1e20 comes back as an integer) and rejects NaN,
    so floats are kept as their decimal text; anything else non-JSON (dates, decimals,
    UUIDs) becomes its string form.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    if isinstance(value, Mapping):
        return {str(key): _portable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_portable(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    return str(value)


def record_event(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    unit_path: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain; must run inside the transaction of the change.

    Call it last in the service, after the change's own row locks: the chain head stays
    locked until commit, so every audited write in the system queues behind it from here.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the change's transaction")
    # The head row is locked for the rest of the transaction: concurrent writers queue
    # here and each sees the previous one's committed head, so seq and prev_hash never fork.
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    user = actor if actor is not None and actor.is_authenticated else None
    occurred_at = timezone.now()
    fields: dict[str, Any] = {
        "seq": head.last_seq + 1,
        "actor_id": user.pk if user is not None else None,
        "actor_label": user.get_username() if user is not None else SYSTEM_LABEL,
        "action": action,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "unit_path": unit_path,
        "data": _portable(dict(data or {})),
        "prev_hash": head.last_hash,
    }
    digest = compute_hash(**fields, occurred_at=canonical_time(occurred_at))
    event = AuditEvent.objects.create(**fields, occurred_at=occurred_at, hash=digest)
    head.last_seq = event.seq
    head.last_hash = digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


class BreakReason(StrEnum):
    ALTERED = "altered"  # the row's content no longer matches its hash
    LINK = "link"  # the row's prev_hash is not the previous row's hash
    MISSING = "missing"  # a sequence number has no row
    TRUNCATED = "truncated"  # the newest rows the head counts are gone
    HEAD = "head"  # the chain head disagrees with the newest row


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: BreakReason | None = None


_VERIFY_FIELDS = (
    "id", "seq", "occurred_at", "actor_id", "actor_label", "action", "target_type",
    "target_id", "unit_path", "data", "prev_hash", "hash",
)


def verify_chain(*, chunk_size: int = VERIFY_CHUNK_SIZE) -> ChainReport:
    """Recompute the whole chain in seq order and return the first broken link, if any."""
    # The head is read first: events appended while the check runs lie beyond it and
    # are left to the next run, so a busy system never reports a false break.
    head = ChainHead.objects.filter(id=1).values_list("last_seq", "last_hash").first()
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    rows = (
        AuditEvent.objects.filter(seq__lte=head_seq)
        .order_by("seq")
        .values_list(*_VERIFY_FIELDS)
        .iterator(chunk_size=chunk_size)
    )
    expected_seq, prev_hash, checked = 1, GENESIS_HASH, 0
    last_id: int | None = None
    for (pk, seq, occurred_at, actor_id, actor_label, action, target_type, target_id,
         unit_path, data, stored_prev, stored_hash) in rows:
        if seq != expected_seq:
            # The row named is the first one present after the gap.
            return ChainReport(False, checked, expected_seq, pk, BreakReason.MISSING)
        if stored_prev != prev_hash:
            return ChainReport(False, checked, seq, pk, BreakReason.LINK)
        digest = compute_hash(
            seq=seq, occurred_at=canonical_time(occurred_at), actor_id=actor_id,
            actor_label=actor_label, action=action, target_type=target_type,
            target_id=target_id, unit_path=unit_path, data=data, prev_hash=stored_prev,
        )
        if digest != stored_hash:
            return ChainReport(False, checked, seq, pk, BreakReason.ALTERED)
        prev_hash, expected_seq, last_id = stored_hash, seq + 1, pk
        checked += 1
    if checked < head_seq:
        # The newest events are gone: the head still counts them.
        return ChainReport(False, checked, checked + 1, last_id, BreakReason.TRUNCATED)
    if prev_hash != head_hash:
        return ChainReport(False, checked, head_seq, last_id, BreakReason.HEAD)
    beyond = AuditEvent.objects.filter(seq__gt=head_seq).order_by("seq").values_list("seq", "id")
    first_beyond = beyond.first()
    if first_beyond is not None and ChainHead.objects.filter(id=1, last_seq=head_seq).exists():
        # Rows past a head that has not moved were inserted behind the writers' back.
        return ChainReport(False, checked, first_beyond[0], first_beyond[1], BreakReason.HEAD)
    return ChainReport(True, checked)
