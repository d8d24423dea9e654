"""Writes on the registry of exemplary models: stage, story, publication and photos."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.movements.models import ExemplaryModel, ExemplaryPhoto, ExemplaryStage, Movement
from vinhdanh.movements.services.exemplary import recognise_exemplary_model
from vinhdanh.movements.uploads import reencode_photo

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.core.files import File

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser

#: Photos kept per example; the gallery shows them all, so the page stays light.
MAX_PHOTOS = 12


def _locked(example: ExemplaryModel) -> ExemplaryModel:
    return (ExemplaryModel.objects.select_for_update(of=("self",))
            .select_related("unit__parent", "movement").get(pk=example.pk))


@transaction.atomic
def update_exemplary_model(
    *, actor: Actor, example: ExemplaryModel, title: str, subject_name: str,
    description: str, stage: str, is_public: bool, is_collective: bool = False,
) -> ExemplaryModel:
    """Change an example's story and stage, and publish it to (or withdraw it from) the
    public gallery; like recognition, this is done by the level above the unit."""
    example = _locked(example)
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, example.unit.parent)
    if stage not in ExemplaryStage.values:
        raise ValidationFailed(_("Stage: unknown value “%(value)s”.") % {"value": stage},
                               field="stage")
    if not title.strip() or not subject_name.strip():
        raise ValidationFailed(_("Give the example a title and name who it is."), field="title")
    before = {"stage": example.stage, "public": example.is_public}
    example.title, example.subject_name = title.strip(), subject_name.strip()
    example.description, example.stage = description.strip(), stage
    example.is_public, example.is_collective = is_public, is_collective
    example.save()
    record_event(actor=actor, action="movements.exemplary_update", target=example,
                 unit_path=example.unit.path,
                 data={"before": before, "stage": stage, "public": is_public})
    return example


@transaction.atomic
def add_exemplary_photo(
    *, actor: Actor, example: ExemplaryModel, upload: File[bytes], caption: str = "",
) -> ExemplaryPhoto:
    """Attach a photo to an example, stored re-encoded (movements.uploads)."""
    example = _locked(example)
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, example.unit.parent)
    if ExemplaryPhoto.objects.filter(exemplary=example).count() >= MAX_PHOTOS:
        raise ValidationFailed(_("Photo: an example has at most %(count)s photos.")
                               % {"count": MAX_PHOTOS}, field="photo")
    content, content_type = reencode_photo(upload)
    photo = ExemplaryPhoto(exemplary=example, content_type=content_type,
                           caption=caption.strip()[:255], uploaded_by=cast("User", actor))
    photo.image.save(content.name or "anh.jpg", content, save=False)
    photo.save()
    record_event(actor=actor, action="movements.exemplary_photo", target=photo,
                 unit_path=example.unit.path,
                 data={"example": example.pk, "file": photo.image.name})
    return photo


@transaction.atomic
def remove_exemplary_photo(*, actor: Actor, photo: ExemplaryPhoto) -> None:
    """Take a photo off an example (and out of the gallery)."""
    example = _locked(photo.exemplary)
    ensure_can(actor, Action.APPROVE_MOVEMENT_DATA, example.unit.parent)
    name = photo.image.name
    record_event(actor=actor, action="movements.exemplary_photo_removed", target=example,
                 unit_path=example.unit.path, data={"photo": photo.pk, "file": name})
    photo.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: photo.image.storage.delete(name))


@transaction.atomic
def register_exemplary_model(
    *, actor: Actor, movement: Movement, unit: OrgUnit, title: str, subject_name: str,
    year: int, stage: str, is_collective: bool = False, description: str = "",
    is_public: bool = False,
) -> ExemplaryModel:
    """Record an example found at `stage` (recognise_exemplary_model starts at "discovered")."""
    if stage not in ExemplaryStage.values:
        raise ValidationFailed(_("Stage: unknown value “%(value)s”.") % {"value": stage},
                               field="stage")
    example = recognise_exemplary_model(
        actor=actor, movement=movement, unit=unit, title=title, subject_name=subject_name,
        year=year, is_collective=is_collective, description=description, is_public=is_public)
    if stage != example.stage:
        example = update_exemplary_model(
            actor=actor, example=example, title=example.title,
            subject_name=example.subject_name, description=example.description, stage=stage,
            is_public=is_public, is_collective=is_collective)
    return example
