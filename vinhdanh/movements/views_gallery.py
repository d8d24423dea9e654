"""The officers' registry of exemplary models (điển hình tiên tiến) of a movement."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.core.errors import DomainError
from vinhdanh.movements import gallery_selectors as gallery
from vinhdanh.movements import selectors
from vinhdanh.movements import setup_selectors as setup
from vinhdanh.movements.forms_gallery import ExemplaryForm, PhotoForm
from vinhdanh.movements.models import ExemplaryModel
from vinhdanh.movements.services.gallery import (
    add_exemplary_photo,
    register_exemplary_model,
    remove_exemplary_photo,
    update_exemplary_model,
)
from vinhdanh.movements.views_definitions import _fail


@login_required
@require_http_methods(["GET", "POST"])
def registry(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    units = gallery.recognising_units(request.user, setup.subtree_units(movement))
    year = min(max(timezone.localdate().year, movement.start.year), movement.end.year)
    form = ExemplaryForm(request.POST or None, units=units, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            example = register_exemplary_model(
                actor=request.user, movement=movement, unit=data["unit"], title=data["title"],
                subject_name=data["subject_name"], year=data["year"], stage=data["stage"],
                is_collective=data["is_collective"], description=data["description"],
                is_public=data["is_public"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The exemplary model was recorded; add its photos."))
            return redirect("movements:gallery_edit", pk=movement.pk, example_pk=example.pk)
    return render(request, "movements/gallery_registry.html", {
        "movement": movement, "form": form if units else None,
        "examples": gallery.list_registry(user=request.user, movement=movement),
    }, status=400 if form.errors else 200)


def _edit_page(request: HttpRequest, example: ExemplaryModel, form: ExemplaryForm,
               photo_form: PhotoForm) -> HttpResponse:
    return render(request, "movements/gallery_edit.html", {
        "movement": example.movement, "example": example, "form": form,
        "photo_form": photo_form,
        "photos": gallery.list_photos(example),
    }, status=400 if form.errors or photo_form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int, example_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    example = gallery.get_example_to_manage(request.user, movement, example_pk)
    form = ExemplaryForm(request.POST or None, editing=True, initial={
        "title": example.title, "subject_name": example.subject_name,
        "is_collective": example.is_collective, "description": example.description,
        "stage": example.stage, "is_public": example.is_public})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_exemplary_model(
                actor=request.user, example=example, title=data["title"],
                subject_name=data["subject_name"], description=data["description"],
                stage=data["stage"], is_public=data["is_public"],
                is_collective=data["is_collective"])
        except DomainError as exc:
            _fail(form, exc)
        else:
            messages.success(request, _("The exemplary model was saved."))
            return redirect("movements:gallery_edit", pk=movement.pk, example_pk=example.pk)
    return _edit_page(request, example, form, PhotoForm())


@login_required
@require_POST
def photo_add(request: HttpRequest, pk: int, example_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    example = gallery.get_example_to_manage(request.user, movement, example_pk)
    photo_form = PhotoForm(request.POST, request.FILES)
    if photo_form.is_valid():
        try:
            add_exemplary_photo(actor=request.user, example=example,
                                upload=photo_form.cleaned_data["photo"],
                                caption=photo_form.cleaned_data["caption"])
        except DomainError as exc:
            photo_form.add_error("photo", exc.message)
        else:
            messages.success(request, _("The photo was added."))
            return redirect("movements:gallery_edit", pk=movement.pk, example_pk=example.pk)
    return _edit_page(request, example, ExemplaryForm(editing=True, initial={
        "title": example.title, "subject_name": example.subject_name,
        "is_collective": example.is_collective, "description": example.description,
        "stage": example.stage, "is_public": example.is_public}), photo_form)


@login_required
@require_POST
def photo_remove(request: HttpRequest, pk: int, example_pk: int, photo_pk: int) -> HttpResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    example = gallery.get_example_to_manage(request.user, movement, example_pk)
    photo = gallery.get_photo_for_user(request.user, movement, photo_pk)
    if photo.exemplary_id != example.pk:
        return redirect("movements:gallery_edit", pk=movement.pk, example_pk=example.pk)
    remove_exemplary_photo(actor=request.user, photo=photo)
    messages.success(request, _("The photo was removed."))
    return redirect("movements:gallery_edit", pk=movement.pk, example_pk=example.pk)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
    movement = selectors.get_movement_for_user(request.user, pk)
    found = gallery.get_photo_for_user(request.user, movement, photo_pk)
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response
