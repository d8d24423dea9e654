"""Forms of the people pages: they parse input; services validate and write."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vinhdanh.people.models import Category, Ethnicity, Gender, Person, Relation
from vinhdanh.units.models import OrgUnit

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class VietnameseDateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO also accepted, as browsers send it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault(
            "widget",
            forms.DateInput(
                format="%d/%m/%Y",
                attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric",
                       "class": "form-control"},
            ),
        )
        super().__init__(**kwargs)


def _unit_label(unit: OrgUnit, base_depth: int) -> str:
    return "— " * max(unit.depth - base_depth, 0) + unit.name


class UnitChoiceMixin:
    """Offer only the units in the user's scope; the service still checks any posted unit."""

    fields: dict[str, forms.Field]

    def set_unit_choices(self, units: Iterable[OrgUnit], field: str = "unit") -> None:
        rows = list(units)
        base = min((unit.depth for unit in rows), default=0)
        unit_field = self.fields[field]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.widget.choices = [("", "---------")] + [
            (unit.pk, _unit_label(unit, base)) for unit in rows
        ]


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


class PersonForm(UnitChoiceMixin, forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=255, widget=_text())
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, widget=_select())
    birth_date = VietnameseDateField(label=_("Date of birth"), required=False)
    ethnicity = forms.ChoiceField(
        label=_("Ethnicity"), choices=Ethnicity.choices, initial=Ethnicity.KINH, widget=_select()
    )
    category = forms.ChoiceField(
        label=_("Population category"), choices=Category.choices, widget=_select()
    )
    id_number = forms.CharField(
        label=_("National ID number"),
        required=False,
        max_length=20,
        widget=_text(inputmode="numeric", autocomplete="off"),
        help_text=_("12 digits, printed on the citizen identity card."),
    )
    unit = forms.ModelChoiceField(
        label=_("Managing unit"), queryset=OrgUnit.objects.all(), widget=_select()
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False,
                              widget=_text())

    @classmethod
    def initial_for(cls, person: Person) -> dict[str, object]:
        return {
            "full_name": person.full_name, "gender": person.gender,
            "birth_date": person.birth_date, "ethnicity": person.ethnicity,
            "category": person.category, "id_number": person.id_number or "",
            "unit": person.unit_id, "address": person.address,
        }


class EmploymentForm(UnitChoiceMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.all(),
                                  widget=_select())
    position = forms.CharField(label=_("Position"), max_length=255, widget=_text())
    is_leader = forms.BooleanField(
        label=_("Leader of the unit"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    start = VietnameseDateField(label=_("From"))
    end = VietnameseDateField(label=_("To"), required=False,
                              help_text=_("Leave empty while the position is held."))


class PositionForm(forms.Form):
    """Change the position of an employment period (e.g. after a promotion on record)."""

    position = forms.CharField(label=_("Position"), max_length=255, widget=_text())
    is_leader = forms.BooleanField(
        label=_("Leader of the unit"), required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )


class EndEmploymentForm(forms.Form):
    end = VietnameseDateField(label=_("End date"))


class HouseholdForm(UnitChoiceMixin, forms.Form):
    code = forms.CharField(label=_("Household code"), max_length=32, widget=_text())
    unit = forms.ModelChoiceField(label=_("Commune / village"), queryset=OrgUnit.objects.all(),
                                  widget=_select())
    head = forms.ModelChoiceField(
        label=_("Head of household"), queryset=Person.objects.all(), widget=_select()
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False,
                              widget=_text())

    def set_head_choices(self, people: Iterable[Person]) -> None:
        head_field = self.fields["head"]
        head_field.widget.choices = [("", "---------")] + [
            (person.pk, f"{person.full_name} ({person.birth_date:%d/%m/%Y})"
             if person.birth_date else person.full_name)
            for person in people
        ]


class MemberForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), widget=forms.HiddenInput)
    relation = forms.ChoiceField(
        label=_("Relation to head"),
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
