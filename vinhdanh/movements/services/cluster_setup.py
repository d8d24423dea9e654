"""Writes that set a cluster up for a year: members, head and deputy, pact, scoring table.

Clusters and blocs are organised by the emulation council of each level (Law 06/2022
Art 16(2)(c)); by provincial practice the head and deputy rotate yearly among the members,
who sign an emulation pact (procedures.md §1.4; pact conferences are funded under Circular
28/2025/TT-BTC). Members score themselves out of 100, so a scoring
table's maximum points add up to at most 100.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.movements.models import Cluster, ClusterYear, CriteriaGroup, Criterion
from vinhdanh.movements.services.cluster_scoring import MAX_SCORE

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser


def _managed(actor: Actor, cluster: Cluster) -> Cluster:
    cluster = (Cluster.objects.select_for_update(of=("self",))
               .select_related("movement__launched_by").get(pk=cluster.pk))
    ensure_can(actor, Action.MANAGE_MOVEMENT, cluster.movement.launched_by)
    return cluster


@transaction.atomic
def set_cluster_year(
    *, actor: Actor, cluster: Cluster, year: int, members: Sequence[OrgUnit],
    head: OrgUnit | None, deputy: OrgUnit | None, pact: str = "",
) -> ClusterYear:
    """Set the members, head, deputy and pact of `cluster` for `year`."""
    cluster = _managed(actor, cluster)
    movement = cluster.movement
    if not movement.start.year <= year <= movement.end.year:
        raise ValidationFailed(_("Year: %(year)s is outside the movement (%(start)s–%(end)s).")
                               % {"year": year, "start": movement.start.year,
                                  "end": movement.end.year}, field="year")
    if len(members) < 2:
        raise ValidationFailed(_("A cluster needs at least two members."), field="members")
    outside = [u.name for u in members if not u.path.startswith(movement.launched_by.path)]
    if outside:
        raise ValidationFailed(_("These units are outside the launching unit: %(names)s.")
                               % {"names": ", ".join(outside)}, field="members")
    member_ids = {u.pk for u in members}
    if head is not None and head.pk not in member_ids:
        raise ValidationFailed(_("The cluster head must be one of the members."), field="head")
    if deputy is not None and deputy.pk not in member_ids:
        raise ValidationFailed(_("Deputy head: the deputy must be one of the members."),
                               field="deputy")
    if head is not None and deputy is not None and head.pk == deputy.pk:
        raise ValidationFailed(_("Deputy head: the head and the deputy must be different "
                                 "units."), field="deputy")
    line_up, created = ClusterYear.objects.update_or_create(
        cluster=cluster, year=year,
        defaults={"head": head, "deputy": deputy, "pact": pact.strip()})
    line_up.members.set(members)
    record_event(actor=actor, action="movements.cluster_year", target=cluster,
                 unit_path=movement.launched_by.path,
                 data={"year": year, "created": created, "members": sorted(member_ids),
                       "head": head.pk if head else None,
                       "deputy": deputy.pk if deputy else None})
    return line_up


def _open_table(actor: Actor, cluster: Cluster) -> Cluster:
    cluster = _managed(actor, cluster)
    if cluster.published_at is not None:
        raise Conflict(_("The ranking of this cluster has been published; its scoring table "
                         "can no longer be changed."), field="cluster")
    return cluster


@transaction.atomic
def add_criteria_group(*, actor: Actor, cluster: Cluster, name: str) -> CriteriaGroup:
    """Add a group of criteria to the scoring table of `cluster`."""
    cluster = _open_table(actor, cluster)
    if not name.strip():
        raise ValidationFailed(_("Criteria group: give the group a name."), field="name")
    group = CriteriaGroup.objects.create(
        cluster=cluster, name=name.strip(),
        position=CriteriaGroup.objects.filter(cluster=cluster).count())
    record_event(actor=actor, action="movements.criteria_group", target=group,
                 unit_path=cluster.movement.launched_by.path, data={"name": group.name})
    return group


@transaction.atomic
def add_criterion(
    *, actor: Actor, group: CriteriaGroup, name: str, max_points: Decimal,
    evidence_required: bool = False,
) -> Criterion:
    """Add a criterion worth at most `max_points` to a group of the scoring table."""
    cluster = _open_table(actor, group.cluster)
    if not name.strip():
        raise ValidationFailed(_("Criterion: give the criterion a name."), field="name")
    if not max_points.is_finite() or max_points <= 0:
        raise ValidationFailed(_("Maximum points: must be greater than 0."),
                               field="max_points")
    used = Criterion.objects.filter(group__cluster=cluster).aggregate(
        total=Sum("max_points"))["total"] or Decimal(0)
    if used + max_points > MAX_SCORE:
        raise ValidationFailed(
            _("Maximum points: the table would total %(total)s points, more than %(max)s.")
            % {"total": f"{(used + max_points).normalize():f}", "max": MAX_SCORE},
            field="max_points")
    criterion = Criterion.objects.create(
        group=group, name=name.strip(), max_points=max_points,
        evidence_required=evidence_required,
        position=Criterion.objects.filter(group=group).count())
    record_event(actor=actor, action="movements.criterion", target=criterion,
                 unit_path=cluster.movement.launched_by.path,
                 data={"group": group.pk, "name": criterion.name,
                       "max_points": str(max_points), "evidence": evidence_required})
    return criterion
