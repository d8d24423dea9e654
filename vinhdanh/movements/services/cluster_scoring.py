"""Scoring in a cluster or bloc: self-scoring with evidence, cross-review, publication.

Each member scores itself out of 100 and states its evidence; the cluster head reviews the
other members' scores and the organising level reviews the head's own, so no unit's
final score is set by that unit; the organising level then publishes the ranking of the
reviewed scores. Clusters are organised by the emulation council of each level (Law on
Emulation and Commendation 2022, Art 16(2)(c)); a published ranking is the basis of the
cluster-leader flag (procedures.md §1.4), so it is never edited afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, can, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.movements.models import Cluster, ClusterScore

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser

MAX_SCORE = Decimal(100)


def parse_score(raw: object) -> Decimal:
    """Return `raw` as a score in [0, 100] with at most two decimals, else refuse it."""
    text = str(raw if raw is not None else "").strip().replace(",", ".")
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(_("The score must be a number from 0 to 100."),
                               field="score") from None
    if not score.is_finite() or not Decimal(0) <= score <= MAX_SCORE:
        raise ValidationFailed(_("The score must be a number from 0 to 100."), field="score")
    if score != score.quantize(Decimal("0.01")):
        raise ValidationFailed(_("The score may have at most two decimals."), field="score")
    return score


def _locked(cluster: Cluster) -> Cluster:
    """Lock the cluster row so scoring and publication do not interleave."""
    locked = Cluster.objects.select_for_update().get(pk=cluster.pk)
    if locked.published_at is not None:
        raise Conflict(_("The ranking of this cluster has been published; scores can no "
                         "longer be changed."), field="cluster")
    return locked


def _ensure_member(cluster: Cluster, unit: OrgUnit) -> None:
    if not cluster.members.filter(pk=unit.pk).exists():
        raise ValidationFailed(_("%(unit)s is not a member of this cluster.")
                               % {"unit": unit.name}, field="unit")


def may_review(user: Actor, cluster: Cluster, unit: OrgUnit) -> bool:
    """Answer whether `user` reviews `unit`'s score: the head's officers for the others,
    the organising level for the head itself."""
    if cluster.head_id is None:
        return False
    if unit.pk == cluster.head_id:
        return can(user, Action.MANAGE_MOVEMENT, cluster.movement.launched_by)
    head = cluster.head
    return head is not None and can(user, Action.ENTER_MOVEMENT_DATA, head)


@transaction.atomic
def score_self(
    *, actor: Actor, cluster: Cluster, unit: OrgUnit, score: object, evidence: str
) -> ClusterScore:
    """Record `unit`'s own score with its evidence; a changed score awaits review again."""
    ensure_can(actor, Action.ENTER_MOVEMENT_DATA, unit)
    locked = _locked(cluster)
    _ensure_member(locked, unit)
    value = parse_score(score)
    if not evidence.strip():
        raise ValidationFailed(_("State the evidence for the score (reports, minutes, "
                                 "figures)."), field="evidence")
    row, created = ClusterScore.objects.select_for_update().get_or_create(
        cluster=locked, unit=unit,
        defaults={"self_score": value, "evidence": evidence.strip(),
                  "scored_by": cast("User", actor)})
    if not created:
        row.self_score, row.evidence = value, evidence.strip()
        row.scored_by = cast("User", actor)
        # The reviewer judged the previous score; the new one needs a fresh review.
        row.reviewed_score, row.review_note = None, ""
        row.reviewed_by, row.reviewed_at = None, None
        row.save()
    record_event(actor=actor, action="movements.cluster_self_score", target=row,
                 unit_path=unit.path, data={"cluster": locked.pk, "score": str(value)})
    return row


@transaction.atomic
def review_score(
    *, actor: Actor, cluster: Cluster, unit: OrgUnit, score: object, note: str = ""
) -> ClusterScore:
    """Set the reviewed score of `unit`; a score other than the unit's own needs a reason."""
    locked = _locked(cluster)
    if not may_review(actor, locked, unit):
        raise PermissionDenied
    row = ClusterScore.objects.select_for_update().filter(cluster=locked, unit=unit).first()
    if row is None:
        raise ValidationFailed(_("%(unit)s has not scored itself yet.") % {"unit": unit.name},
                               field="unit")
    value = parse_score(score)
    if value != row.self_score and not note.strip():
        raise ValidationFailed(_("Say why the reviewed score differs from the unit's own."),
                               field="note")
    row.reviewed_score, row.review_note = value, note.strip()
    row.reviewed_by, row.reviewed_at = cast("User", actor), timezone.now()
    row.save()
    record_event(actor=actor, action="movements.cluster_review", target=row,
                 unit_path=unit.path,
                 data={"cluster": locked.pk, "self": str(row.self_score), "reviewed": str(value)})
    return row


@dataclass(frozen=True)
class RankedScore:
    score: ClusterScore
    rank: int


def rank_scores(scores: list[ClusterScore]) -> list[RankedScore]:
    """Rank reviewed scores, highest first; equal scores share a rank."""
    ordered = sorted((s for s in scores if s.reviewed_score is not None),
                     key=lambda s: (-(s.reviewed_score or 0), s.unit.name))
    result: list[RankedScore] = []
    previous: Decimal | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        if row.reviewed_score != previous:
            rank, previous = position, row.reviewed_score
        result.append(RankedScore(row, rank))
    return result


@transaction.atomic
def publish_ranking(*, actor: Actor, cluster: Cluster) -> Cluster:
    """Publish the ranking of the reviewed scores; nothing in the cluster changes after."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, cluster.movement.launched_by)
    locked = _locked(cluster)
    members = list(locked.members.order_by("name"))
    scores = {s.unit_id: s for s in ClusterScore.objects.filter(cluster=locked)
              .select_related("unit")}
    missing = [m.name for m in members
               if m.pk not in scores or scores[m.pk].reviewed_score is None]
    if missing:
        raise ValidationFailed(_("These members have no reviewed score yet: %(names)s.")
                               % {"names": ", ".join(missing)}, field="cluster")
    locked.published_at = timezone.now()
    locked.published_by = cast("User", actor)
    locked.save(update_fields=["published_at", "published_by", "updated_at"])
    record_event(actor=actor, action="movements.cluster_publish", target=locked,
                 unit_path=locked.movement.launched_by.path,
                 data={"ranking": [[r.score.unit.code, str(r.score.reviewed_score), r.rank]
                                   for r in rank_scores(list(scores.values()))]})
    return locked
