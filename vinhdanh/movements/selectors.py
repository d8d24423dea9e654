"""Reads of the movements app: visible movements, access helpers, the completeness board."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vinhdanh.accounts.policy import Action, can, granted_paths, held_grants, unit_filter
from vinhdanh.movements.models import (
    Cluster,
    ClusterScore,
    DataValue,
    ExemplaryModel,
    Indicator,
    Movement,
    Participation,
    Registration,
    Submission,
    SubmissionStatus,
)
from vinhdanh.movements.periods import Period
from vinhdanh.movements.rollup import valid_on
from vinhdanh.units.models import OrgUnit
from vinhdanh.units.tree import ancestor_paths

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser


def _ancestor_paths(paths: list[str]) -> set[str]:
    """Return every path on the way from the root to each of `paths` ("/1/", "/1/5/")."""
    return {above for path in paths for above in ancestor_paths(path)}


def visible_movements_filter(user: Viewer) -> Q:
    """Movements launched inside the user's scope or by a unit above it."""
    paths = granted_paths(user, Action.VIEW_MOVEMENT)
    if not paths:
        return Q(pk__in=[])
    below = Q()
    for path in paths:
        below |= Q(launched_by__path__startswith=path)
    return below | Q(launched_by__path__in=sorted(_ancestor_paths(paths)))


def list_movements(*, user: Viewer) -> QuerySet[Movement]:
    """Return the movements `user` may follow, newest first."""
    return (Movement.objects.filter(visible_movements_filter(user))
            .select_related("launched_by").order_by("-start", "code"))


def get_movement_for_user(user: Viewer, pk: int) -> Movement:
    """Return movement `pk` or raise Http404 when `user` may not see it."""
    movement = list_movements(user=user).filter(pk=pk).first()
    if movement is None:
        raise Http404
    return movement


def get_unit_for_user(user: Viewer, movement: Movement, unit_pk: int) -> OrgUnit:
    """Return a unit of `movement`'s subtree that `user` may view, else raise Http404."""
    unit = OrgUnit.objects.select_related("parent").filter(
        pk=unit_pk, path__startswith=movement.launched_by.path).first()
    if unit is None or not can(user, Action.VIEW_MOVEMENT, unit):
        raise Http404
    return unit


def default_unit_for_user(user: Viewer, movement: Movement) -> OrgUnit:
    """Return the highest unit of the movement that `user` may view (for default pages)."""
    if can(user, Action.VIEW_MOVEMENT, movement.launched_by):
        return movement.launched_by
    inside = sorted(
        (g for g in held_grants(user) if g.path.startswith(movement.launched_by.path)),
        key=lambda g: (g.path.count("/"), g.path))
    if not inside:
        raise Http404
    return get_unit_for_user(user, movement, inside[0].unit_id)


def list_indicators_for_period(movement: Movement, period: Period) -> list[Indicator]:
    """Return the entered (not computed) indicators reported per `period`'s type."""
    return list(Indicator.objects.filter(movement=movement, period_type=period.type)
                .exclude(aggregation="ratio").order_by("position", "pk"))


def get_entry(movement: Movement, unit: OrgUnit, period: Period) -> tuple[
        dict[int, DataValue], Submission | None]:
    """Return `unit`'s stored values for `period` by indicator id, and its submission."""
    values = {v.indicator_id: v for v in DataValue.objects.filter(
        indicator__movement=movement, unit=unit, period=str(period))}
    submission = Submission.objects.filter(movement=movement, unit=unit,
                                           period=str(period)).first()
    return values, submission


@dataclass(frozen=True)
class BoardRow:
    unit: OrgUnit
    submission: Submission | None
    deadline: dt.date
    today: dt.date

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else SubmissionStatus.NOT_SUBMITTED

    @property
    def is_late(self) -> bool:
        """Past the deadline without a report, or reported after it."""
        if self.submission is not None and self.submission.submitted_at is not None:
            return timezone.localdate(self.submission.submitted_at) > self.deadline
        return self.today > self.deadline

    @property
    def label(self) -> str:
        if self.status == SubmissionStatus.NOT_SUBMITTED and self.is_late:
            return "late"
        return self.status


def participation_filter(movement: Movement) -> Q:
    """Return a filter on OrgUnit keeping the units that take part in `movement`."""
    query = Q(pk__in=[])
    for p in Participation.objects.filter(movement=movement).select_related("unit"):
        query |= Q(path__startswith=p.unit.path) if p.include_subtree else Q(pk=p.unit_id)
    return query


def completeness_board(*, movement: Movement, root: OrgUnit, period: Period,
                       today: dt.date | None = None) -> list[BoardRow]:
    """Return the report status of each participating child of `root` for `period`.

    Three queries: participations, the child units, their submissions.
    """
    today = today or timezone.localdate()
    deadline = period.end + dt.timedelta(days=movement.submission_days)
    children = list(OrgUnit.objects.filter(participation_filter(movement), valid_on(period.end),
                                           parent=root).order_by("name", "pk"))
    submissions = {
        s.unit_id: s for s in Submission.objects.filter(
            movement=movement, period=str(period), unit__in=children)
    }
    return [BoardRow(child, submissions.get(child.pk), deadline, today) for child in children]


@dataclass(frozen=True)
class RegistrationRow:
    unit: OrgUnit
    registration: Registration | None
    required: bool

    @property
    def flagged(self) -> bool:
        """Unregistered where the movement asks for registration: a warning, not exclusion."""
        return self.required and (self.registration is None
                                  or self.registration.status != "approved")


def registration_board(*, movement: Movement, root: OrgUnit, year: int) -> list[RegistrationRow]:
    """Return each participating child of `root` with its registration for `year`.

    Three queries: participations, the child units, their registrations.
    """
    on = dt.date(year, 12, 31)
    children = list(OrgUnit.objects.filter(participation_filter(movement), valid_on(on),
                                           parent=root).order_by("name", "pk"))
    found = {r.unit_id: r for r in Registration.objects.filter(
        movement=movement, year=year, unit__in=children)}
    return [RegistrationRow(c, found.get(c.pk), movement.registration_required)
            for c in children]


def get_registration_for_user(user: Viewer, movement: Movement, pk: int) -> Registration:
    """Return a registration of `movement` whose unit `user` may view, else raise Http404."""
    registration = Registration.objects.select_related("unit__parent").filter(
        pk=pk, movement=movement).first()
    if registration is None or not can(user, Action.VIEW_MOVEMENT, registration.unit):
        raise Http404
    return registration


def get_own_registration(movement: Movement, unit: OrgUnit, year: int) -> Registration | None:
    return Registration.objects.filter(movement=movement, unit=unit, year=year).first()


def list_clusters(movement: Movement) -> list[Cluster]:
    return list(Cluster.objects.filter(movement=movement).order_by("name"))


def get_cluster_for_user(user: Viewer, movement: Movement, pk: int) -> Cluster:
    """Return a cluster of a movement `user` may see, else raise Http404."""
    cluster = Cluster.objects.select_related("movement__launched_by", "head").filter(
        pk=pk, movement=movement).first()
    if cluster is None:
        raise Http404
    return cluster


def list_cluster_scores(cluster: Cluster) -> list[ClusterScore]:
    """Return the members' scores of `cluster` with their units, in one query."""
    return list(ClusterScore.objects.filter(cluster=cluster).select_related("unit")
                .order_by("unit__name", "pk"))


def list_exemplary_models(*, user: Viewer, movement: Movement) -> QuerySet[ExemplaryModel]:
    """Return the movement's exemplary models of units `user` may view."""
    return (ExemplaryModel.objects.filter(unit_filter(user, Action.VIEW_MOVEMENT),
                                          movement=movement)
            .select_related("unit").order_by("-year", "title"))


def list_public_exemplary_models() -> QuerySet[ExemplaryModel]:
    """Return the published exemplary models of public movements (for the portal)."""
    return (ExemplaryModel.objects.filter(is_public=True, movement__is_public=True)
            .select_related("unit", "movement").order_by("-year", "title"))
