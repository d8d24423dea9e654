"""Public pages, no login: the gallery of exemplary models and the pages of public
movements, showing only what officers published."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from vinhdanh.movements import gallery_selectors as gallery
from vinhdanh.movements import rollup
from vinhdanh.movements.forms_gallery import GalleryFilterForm


@require_GET
def public_gallery(request: HttpRequest) -> HttpResponse:
    movements = gallery.list_gallery_movements()
    form = GalleryFilterForm(request.GET or None, movements=movements)
    chosen = form.cleaned_data if form.is_valid() else {}
    examples = gallery.list_gallery(movement_code=chosen.get("movement", ""),
                                    stage=chosen.get("stage", ""))
    return render(request, "movements/public_gallery.html", {
        "form": form, "examples": examples,
    })


@require_GET
def public_photo(request: HttpRequest, photo_pk: int) -> FileResponse:
    found = gallery.get_public_photo(photo_pk)
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def public_movement(request: HttpRequest, code: str) -> HttpResponse:
    """A public movement as the people it concerns see it: the plan, today's roll-up for
    the launching unit and the examples published under it. Unknown and non-public
    movements are both 404, so the page reveals nothing of a draft."""
    movement = gallery.get_public_movement(code)
    as_of = timezone.localdate()
    return render(request, "movements/public_movement.html", {
        "movement": movement,
        "as_of": as_of,
        "progress": rollup.progress(movement, movement.launched_by, as_of),
        "participants": gallery.count_participants(movement),
        "examples": gallery.list_gallery(movement_code=movement.code),
    })


@require_GET
def public_plan(request: HttpRequest, code: str) -> FileResponse:
    movement = gallery.get_public_movement(code)
    if not movement.plan_document:
        raise Http404
    name = movement.plan_document.name.rsplit("/", 1)[-1]
    return FileResponse(movement.plan_document.open("rb"), as_attachment=True, filename=name)
