"""Reads of exemplary models: the officers' registry and the public gallery."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from vinhdanh.accounts.policy import Action, can, unit_filter
from vinhdanh.movements.models import ExemplaryModel, ExemplaryPhoto, Movement
from vinhdanh.movements.selectors import list_public_exemplary_models
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser


def _with_photos(examples: QuerySet[ExemplaryModel]) -> QuerySet[ExemplaryModel]:
    return examples.prefetch_related(
        Prefetch("photos", queryset=ExemplaryPhoto.objects.order_by("pk")))


def list_registry(*, user: Viewer, movement: Movement) -> list[ExemplaryModel]:
    """Return the movement's examples of units `user` may view, with photos (2 queries)."""
    return list(_with_photos(
        ExemplaryModel.objects.filter(unit_filter(user, Action.VIEW_MOVEMENT), movement=movement)
        .select_related("unit").order_by("-year", "title", "pk")))


def recognising_units(user: Viewer, units: list[OrgUnit]) -> list[OrgUnit]:
    """Keep the units whose examples `user` may record: those whose parent `user` approves."""
    by_pk = {u.pk: u for u in units}
    return [u for u in units if u.parent_id in by_pk
            and can(user, Action.APPROVE_MOVEMENT_DATA, by_pk[u.parent_id])]


def get_example_to_manage(user: Viewer, movement: Movement, pk: int) -> ExemplaryModel:
    """Return an example `user` may change (the level above its unit), else raise Http404."""
    example = (ExemplaryModel.objects.select_related("unit__parent", "movement")
               .filter(pk=pk, movement=movement).first())
    if example is None or not can(user, Action.APPROVE_MOVEMENT_DATA, example.unit.parent):
        raise Http404
    return example


def list_photos(example: ExemplaryModel) -> list[ExemplaryPhoto]:
    """Return the photos of `example`, oldest first."""
    return list(ExemplaryPhoto.objects.filter(exemplary=example).order_by("pk"))


def get_photo_for_user(user: Viewer, movement: Movement, pk: int) -> ExemplaryPhoto:
    """Return a photo of an example of a unit `user` may view, else raise Http404."""
    photo = (ExemplaryPhoto.objects.select_related("exemplary__unit")
             .filter(pk=pk, exemplary__movement=movement).first())
    if photo is None or not can(user, Action.VIEW_MOVEMENT, photo.exemplary.unit):
        raise Http404
    return photo


def list_gallery(*, movement_code: str = "", stage: str = "") -> list[ExemplaryModel]:
    """Return the published examples of public movements, with photos (2 queries)."""
    examples = list_public_exemplary_models()
    if movement_code:
        examples = examples.filter(movement__code=movement_code)
    if stage:
        examples = examples.filter(stage=stage)
    return list(_with_photos(examples))


def list_gallery_movements() -> list[Movement]:
    """Return the public movements that have a published example (for the filter; 1 query)."""
    return list(Movement.objects.filter(is_public=True, exemplary_models__is_public=True)
                .distinct().order_by("name"))


def get_public_photo(pk: int) -> ExemplaryPhoto:
    """Return a photo shown in the public gallery, else raise Http404."""
    photo = ExemplaryPhoto.objects.filter(
        pk=pk, exemplary__is_public=True, exemplary__movement__is_public=True).first()
    if photo is None:
        raise Http404
    return photo


def get_public_movement(code: str) -> Movement:
    """Return a public movement with its launching unit, else raise Http404 (1 query)."""
    movement = (Movement.objects.select_related("launched_by")
                .filter(code=code, is_public=True).first())
    if movement is None:
        raise Http404
    return movement


def count_participants(movement: Movement) -> int:
    """Units named as taking part (a unit with its subtree counts once; 1 query)."""
    return movement.participations.count()
