"""The public gallery of exemplary models: no login, only what officers published."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from vinhdanh.movements import gallery_selectors as gallery
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
