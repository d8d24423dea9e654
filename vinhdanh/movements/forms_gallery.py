"""Forms of the registry of exemplary models and of the public gallery's filter."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vinhdanh.movements.models import ExemplaryStage, Movement
from vinhdanh.movements.uploads import MAX_PHOTO_BYTES
from vinhdanh.units.models import OrgUnit


def _text() -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control"})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _check() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": "form-check-input"})


class ExemplaryForm(forms.Form):
    """Who and what the example is, its story, stage and whether the public sees it."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(),
                                  widget=_select())
    title = forms.CharField(label=_("What the example is"), max_length=500, widget=_text())
    subject_name = forms.CharField(label=_("Person or collective"), max_length=255,
                                   widget=_text())
    is_collective = forms.BooleanField(label=_("A collective"), required=False, widget=_check())
    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100,
                              widget=forms.NumberInput(attrs={"class": "form-control"}))
    description = forms.CharField(label=_("Story"), required=False, widget=forms.Textarea(
        attrs={"class": "form-control", "rows": 5}))
    stage = forms.ChoiceField(label=_("Stage"), choices=ExemplaryStage.choices,
                              initial=ExemplaryStage.DISCOVERED, widget=_select())
    is_public = forms.BooleanField(label=_("Published in the public gallery"), required=False,
                                   widget=_check())

    def __init__(self, *args: Any, units: Iterable[OrgUnit] | None = None,
                 editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["unit"]
            del self.fields["year"]
        else:
            rows = list(units or [])
            field = self.fields["unit"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in rows])
            field.widget.choices = [("", "---------"), *((u.pk, u.name) for u in rows)]


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label=_("Photo"), help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                               "accept": "image/jpeg,image/png,image/webp"}))
    caption = forms.CharField(label=_("Caption"), max_length=255, required=False,
                              widget=_text())

    def clean_photo(self) -> Any:
        upload = self.cleaned_data["photo"]
        if upload.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("Photo: the file is larger than 5 MB."))
        return upload


class GalleryFilterForm(forms.Form):
    movement = forms.ChoiceField(label=_("Movement"), required=False, widget=_select())
    stage = forms.ChoiceField(label=_("Stage"), required=False, widget=_select(),
                              choices=[("", _("All stages")), *ExemplaryStage.choices])

    def __init__(self, *args: Any, movements: Iterable[Movement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["movement"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("All movements")), *((m.code, m.name) for m in movements)]
