"""Forms of initiatives and of their recognition by an initiative council."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vinhdanh.movements.forms_definitions import DATE_INPUT_FORMATS
from vinhdanh.people.models import Person
from vinhdanh.records.models import Effect, Scope
from vinhdanh.units.models import OrgUnit


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _set_units(form: forms.Form, name: str, units: Iterable[OrgUnit]) -> None:
    rows = list(units)
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in rows])
    field.widget.choices = [("", "---------"), *((u.pk, u.name) for u in rows)]


class InitiativeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit where it is applied"),
                                  queryset=OrgUnit.objects.none(), widget=_select())
    title = forms.CharField(label=_("Title"), max_length=500,
                            widget=forms.TextInput(attrs={"class": "form-control"}))
    authors = forms.ModelMultipleChoiceField(
        label=_("Authors"), queryset=Person.objects.none(),
        widget=forms.SelectMultiple(attrs={"class": "form-select", "size": "8"}),
        error_messages={"required": _("Authors: name at least one author.")})
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, widget=_select())
    effect = forms.ChoiceField(label=_("Effect"), choices=Effect.choices, widget=_select())
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"class": "form-control", "rows": 4}))

    def __init__(self, *args: Any, units: Iterable[OrgUnit], people: Iterable[Person],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "unit", units)
        rows = list(people)
        field = self.fields["authors"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Person.objects.filter(pk__in=[p.pk for p in rows]).select_related(
            "unit")
        field.widget.choices = [(p.pk, f"{p.full_name} — {p.unit.name}") for p in rows]


class RecognitionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=64,
                             widget=forms.TextInput(attrs={"class": "form-control",
                                                           "placeholder": "12/QĐ-HĐSK"}))
    date = forms.DateField(
        label=_("Decision date"), input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": _("Decision date: enter a date as dd/mm/yyyy.")})
    body = forms.ModelChoiceField(label=_("Recognising body"), queryset=OrgUnit.objects.none(),
                                  widget=_select(),
                                  help_text=_("The unit whose initiative council decided."))

    def __init__(self, *args: Any, bodies: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_units(self, "body", bodies)

    def clean_date(self) -> Any:
        value = self.cleaned_data["date"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Decision date: must not be in the future."))
        return value
