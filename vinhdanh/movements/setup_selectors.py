"""Reads of the pages that define movements: what the manager may choose from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404
from django.utils import timezone

from vinhdanh.accounts.policy import Action, can, path_filter
from vinhdanh.movements import selectors
from vinhdanh.movements.models import (
    Cluster,
    ClusterYear,
    CriteriaGroup,
    Indicator,
    Movement,
    Participation,
    ValidationRule,
)
from vinhdanh.movements.rollup import valid_on
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser

#: How many levels below the launching unit the pickers offer (province → commune → village).
PICKER_DEPTH = 2


def launching_units(user: Viewer) -> list[OrgUnit]:
    """Return the units in whose name `user` may launch a movement, and the level below.

    One query (the grants are cached on the user).
    """
    query = path_filter(user, Action.MANAGE_MOVEMENT, lookup="path")
    return list(OrgUnit.objects.filter(query, valid_on(timezone.localdate()))
                .order_by("path")[:500])


def get_movement_to_manage(user: Viewer, pk: int) -> Movement:
    """Return movement `pk` when `user` may define it, else raise Http404."""
    movement = selectors.get_movement_for_user(user, pk)
    if not can(user, Action.MANAGE_MOVEMENT, movement.launched_by):
        raise Http404
    return movement


def subtree_units(movement: Movement) -> list[OrgUnit]:
    """Return the launching unit and the current units up to two levels below it."""
    root = movement.launched_by
    return list(OrgUnit.objects.filter(valid_on(timezone.localdate()),
                                       path__startswith=root.path,
                                       depth__lte=root.depth + PICKER_DEPTH).order_by("path"))


def list_participations(movement: Movement) -> list[Participation]:
    return list(Participation.objects.filter(movement=movement).select_related("unit")
                .order_by("unit__path"))


def list_all_indicators(movement: Movement) -> list[Indicator]:
    """Return every indicator of `movement` with its ratio terms, in one query."""
    return list(Indicator.objects.filter(movement=movement)
                .select_related("numerator", "denominator").order_by("position", "pk"))


def get_indicator_to_manage(movement: Movement, pk: int) -> Indicator:
    indicator = Indicator.objects.filter(movement=movement, pk=pk).first()
    if indicator is None:
        raise Http404
    return indicator


def list_rules(movement: Movement) -> list[ValidationRule]:
    return list(ValidationRule.objects.filter(movement=movement).order_by("pk"))


def list_clusters_with_members(movement: Movement) -> list[Cluster]:
    return list(Cluster.objects.filter(movement=movement).select_related("head")
                .prefetch_related("members").order_by("name"))


def get_cluster_to_manage(user: Viewer, movement: Movement, pk: int) -> Cluster:
    cluster = Cluster.objects.select_related("movement__launched_by", "head").filter(
        pk=pk, movement=movement).first()
    if cluster is None or not can(user, Action.MANAGE_MOVEMENT, movement.launched_by):
        raise Http404
    return cluster


def list_cluster_years(cluster: Cluster) -> list[ClusterYear]:
    """Return the yearly line-ups of `cluster`, newest first, with their units (2 queries)."""
    return list(ClusterYear.objects.filter(cluster=cluster)
                .select_related("head", "deputy").prefetch_related("members")
                .order_by("-year"))


def list_scoring_table(cluster: Cluster) -> list[CriteriaGroup]:
    """Return the criteria groups of `cluster` with their criteria (2 queries)."""
    return list(CriteriaGroup.objects.filter(cluster=cluster).prefetch_related("criteria")
                .order_by("position", "pk"))
