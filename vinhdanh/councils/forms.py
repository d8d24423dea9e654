"""Forms of the council setup pages; the services do the domain checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vinhdanh.councils.models import CouncilKind, MemberRole, PollMode, VotingMethod

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
_INPUT = {"class": "form-control"}
_SELECT = {"class": "form-select"}
_CHECK = {"class": "form-check-input"}
_DATE = {"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}


class CouncilCreateForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int,
                                  widget=forms.Select(attrs=_SELECT))
    kind = forms.ChoiceField(label=_("Kind"), choices=CouncilKind.choices,
                             widget=forms.Select(attrs=_SELECT))
    name = forms.CharField(label=_("Name"), max_length=255,
                           widget=forms.TextInput(attrs=_INPUT))

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units  # type: ignore[attr-defined]


class TermForm(forms.Form):
    starts_on = forms.DateField(label=_("From"), input_formats=DATE_FORMATS,
                                widget=forms.DateInput(attrs=_DATE, format="%d/%m/%Y"))
    ends_on = forms.DateField(label=_("To"), required=False, input_formats=DATE_FORMATS,
                              widget=forms.DateInput(attrs=_DATE, format="%d/%m/%Y"))


class MemberForm(forms.Form):
    user = forms.TypedChoiceField(label=_("Person"), coerce=int,
                                  widget=forms.Select(attrs=_SELECT))
    role = forms.ChoiceField(label=_("Role in the council"), choices=MemberRole.choices,
                             initial=MemberRole.MEMBER, widget=forms.Select(attrs=_SELECT))

    def __init__(self, *args: Any, users: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = users  # type: ignore[attr-defined]


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), input_formats=DATE_FORMATS,
                           widget=forms.DateInput(attrs=_DATE, format="%d/%m/%Y"))
    place = forms.CharField(label=_("Place"), max_length=255, required=False,
                            widget=forms.TextInput(attrs=_INPUT))


class PollFromAgendaForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Nominees"), coerce=int, widget=forms.CheckboxSelectMultiple(attrs=_CHECK),
        error_messages={"required": _("Choose at least one nominee on the agenda.")})
    mode = forms.ChoiceField(label=_("Mode"), choices=PollMode.choices,
                             widget=forms.Select(attrs=_SELECT))
    voting_method = forms.ChoiceField(label=_("Voting method"), choices=VotingMethod.choices,
                                      widget=forms.Select(attrs=_SELECT))
    title = forms.CharField(label=_("Title (optional)"), max_length=255, required=False,
                            widget=forms.TextInput(attrs=_INPUT))

    def __init__(self, *args: Any, items: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = items  # type: ignore[attr-defined]


class AgendaAddForm(forms.Form):
    session = forms.TypedChoiceField(label=_("Council session"), coerce=int,
                                     widget=forms.Select(attrs=_SELECT))
    lines = forms.TypedMultipleChoiceField(
        label=_("Nominees"), coerce=int, widget=forms.CheckboxSelectMultiple(attrs=_CHECK),
        error_messages={"required": _("Choose at least one nominee.")})

    def __init__(self, *args: Any, sessions: list[tuple[int, str]],
                 lines: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]
        self.fields["lines"].choices = lines  # type: ignore[attr-defined]
