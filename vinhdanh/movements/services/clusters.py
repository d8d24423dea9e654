"""Writes on emulation clusters and blocs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.movements.models import Cluster, ClusterKind, Movement

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser


@transaction.atomic
def create_cluster(
    *, actor: Actor, movement: Movement, name: str, members: Sequence[OrgUnit],
    kind: str = ClusterKind.CLUSTER, head: OrgUnit | None = None,
) -> Cluster:
    """Group `members` of the movement's subtree into a cluster or bloc that is ranked together."""
    ensure_can(actor, Action.MANAGE_MOVEMENT, movement.launched_by)
    if kind not in ClusterKind.values:
        raise ValidationFailed(_("Unknown cluster kind."), field="kind")
    if len(members) < 2:
        raise ValidationFailed(_("A cluster needs at least two members."), field="members")
    outside = [u.name for u in members if not u.path.startswith(movement.launched_by.path)]
    if outside:
        raise ValidationFailed(
            _("These units are outside the launching unit: %(names)s.")
            % {"names": ", ".join(outside)}, field="members")
    if Cluster.objects.filter(movement=movement, name=name.strip()).exists():
        raise Conflict(_("A cluster with this name already exists."), field="name")
    if head is not None and head.pk not in {u.pk for u in members}:
        raise ValidationFailed(_("The cluster head must be one of the members."), field="head")
    cluster = Cluster.objects.create(movement=movement, name=name.strip(), kind=kind, head=head)
    cluster.members.set(members)
    record_event(actor=actor, action="movements.cluster", target=cluster,
                 unit_path=movement.launched_by.path,
                 data={"name": cluster.name, "kind": kind, "members": [u.code for u in members],
                       "head": head.code if head is not None else None})
    return cluster
