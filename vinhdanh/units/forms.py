"""Forms of the unit pages: they parse input; services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vinhdanh.units.models import ADMINISTRATIVE_KINDS, UnitKind

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO also accepted, as browsers send it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "class": "form-control"},
        ))
        super().__init__(**kwargs)


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


#: Kinds a user may create by hand; divisions come from the official import.
CREATABLE_KINDS = [(k.value, k.label) for k in UnitKind if k not in ADMINISTRATIVE_KINDS]


class UnitCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255, widget=_text())
    kind = forms.ChoiceField(label=_("Kind"), choices=CREATABLE_KINDS,
                             widget=forms.Select(attrs={"class": "form-select"}))
    code_suffix = forms.CharField(
        label=_("Code suffix"), max_length=20, widget=_text(autocapitalize="characters"),
        help_text=_("The unit's code is the parent's code, a dot and this suffix, e.g. 37.SONV."),
    )
    valid_from = VietnameseDateField(label=_("In force from"), required=False,
                                     help_text=_("Leave empty for today."))
    address = forms.CharField(label=_("Address"), max_length=255, required=False,
                              widget=_text())


class UnitEditForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255, widget=_text())
    address = forms.CharField(label=_("Address"), max_length=255, required=False,
                              widget=_text())
    effective_date = VietnameseDateField(
        label=_("Rename effective from"), required=False,
        help_text=_("Used only when the name changes; leave empty for today."),
    )


class AddSuccessorForm(forms.Form):
    successor_code = forms.CharField(label=_("Code of the successor unit"), max_length=32,
                                     widget=_text(inputmode="numeric"))
    complete = forms.BooleanField(
        label=_("All successors are now recorded"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class AsOfForm(forms.Form):
    """The "as of date" switch: an empty date shows every period."""

    as_of = forms.DateField(required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
