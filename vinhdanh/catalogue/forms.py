"""Forms of the catalogue pages: list filters, rule edits, local overrides."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from vinhdanh.catalogue.models import AwardKind, AwardLevel, Subject

StrOrPromise = str | Promise


def _with_blank(
    choices: Sequence[tuple[str, StrOrPromise]], blank: StrOrPromise
) -> list[tuple[str, StrOrPromise]]:
    return [("", blank), *choices]


class AwardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=_with_blank(AwardKind.choices, _("All kinds"))
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=_with_blank(AwardLevel.choices, _("All levels"))
    )
    subject = forms.ChoiceField(
        label=_("Subject"), required=False,
        choices=_with_blank(Subject.choices, _("All subjects")),
    )


class RuleEditForm(forms.Form):
    rules = forms.CharField(
        label=_("Rules (YAML or JSON)"),
        widget=forms.Textarea(attrs={"rows": 24, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_("A list of conditions (the criteria), or a mapping with criteria, variants, "
                    "exclusions, special_time_rules and legal_basis."),
    )
    reason = forms.CharField(label=_("Reason for the change"), max_length=1000)


class OverrideForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Province or ministry"), coerce=int)
    condition_key = forms.ChoiceField(label=_("Delegated condition"))
    replacement = forms.CharField(
        label=_("Local conditions (YAML or JSON list)"),
        widget=forms.Textarea(attrs={"rows": 10, "class": "font-monospace", "spellcheck": "false"}),
    )
    effective_from = forms.DateField(
        label=_("In force from"), widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_to = forms.DateField(
        label=_("In force until (inclusive)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    legal_basis = forms.CharField(label=_("Local legal basis"), max_length=255, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=1000, required=False)

    def __init__(
        self,
        *args: object,
        units: list[tuple[int, str]],
        keys: list[tuple[str, str]],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["condition_key"].choices = keys  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            classes = field.widget.attrs.get("class", "")
            field.widget.attrs["class"] = f"{css} {classes}".strip()
