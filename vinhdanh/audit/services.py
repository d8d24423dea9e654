"""Record events in the audit chain, inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from vinhdanh.audit.models import AuditEvent, ChainHead

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

GENESIS_HASH = "0" * 64


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
        default=str,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def record_event(
    *,
    actor: User | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    unit_path: str = "",
    data: Mapping[str, Any] | None = None,
) -> AuditEvent:
    """Append an event to the chain; must run inside the transaction of the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record_event must be called inside the change's transaction")
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    user = actor if actor is not None and actor.is_authenticated else None
    # Round-trip through JSON so the stored value hashes the same when read back.
    clean = json.loads(json.dumps(dict(data or {}), ensure_ascii=False, default=str))
    occurred_at = timezone.now().replace(microsecond=timezone.now().microsecond // 1000 * 1000)
    fields = {
        "seq": head.last_seq + 1,
        "occurred_at": occurred_at,
        "actor_id": user.pk if user is not None else None,
        "actor_label": user.get_username() if user is not None else "system",
        "action": action,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "unit_path": unit_path,
        "data": clean,
        "prev_hash": head.last_hash,
    }
    digest = compute_hash(**{**fields, "occurred_at": occurred_at.isoformat()})
    event = AuditEvent.objects.create(**fields, hash=digest)
    head.last_seq = event.seq
    head.last_hash = digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""
