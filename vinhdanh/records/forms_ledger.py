"""Forms of the ledger pages: they parse input; the services validate and write."""

from __future__ import annotations

import re
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from vinhdanh.records.models import (
    CommendationType,
    DisciplineLevel,
    Effect,
    Entry,
    EntryKind,
    ReviewKind,
    ScienceState,
    Scope,
    TaskRating,
)
from vinhdanh.records.rules import EntryData
from vinhdanh.records.services import DecisionRef
from vinhdanh.units.models import OrgUnit

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The article on revoking awards granted on false grounds or against the law.
REVOCATION_BASIS = "Luật Thi đua, khen thưởng 2022, Điều 93"


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO also accepted, as browsers send it)."""

    default_error_messages = {"invalid": _("Enter a date as dd/mm/yyyy.")}

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))
        super().__init__(**kwargs)


_CURRENCY = re.compile(r"\s*(đồng|đ|vnđ|vnd)\s*$", re.IGNORECASE)
_SEPARATORS = re.compile(r"[.\s\u00a0]")


class MoneyField(forms.CharField):
    """An amount in đồng typed as Vietnamese write it: "2.340.000", "2340000" or "2.340.000 đ"."""

    default_error_messages = {
        "invalid": _("Enter a whole number of đồng, e.g. 2.340.000."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", _text(inputmode="numeric", placeholder="2.340.000"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = str(super().to_python(value) or "").strip()
        if not text:
            return None
        digits = _SEPARATORS.sub("", _CURRENCY.sub("", text))
        if not digits.isdigit():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return int(digits)


ISSUER_ERRORS = {"invalid_choice": _("Choose an issuing body from the list: your units and "
                                      "those above them.")}


def unit_choices(units: list[OrgUnit]) -> list[tuple[str, str]]:
    base = min((unit.depth for unit in units), default=0)
    return [("", "---------")] + [
        (str(unit.pk), "— " * max(unit.depth - base, 0) + unit.name) for unit in units
    ]


class SourceFields(forms.Form):
    """The decision a correction or revocation cites; `issuer` offers `issuers` only."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False,
                                      widget=_text(placeholder="125/QĐ-UBND"))
    decision_date = DateField(label=_("Decision date"), required=False)
    decision_issuer = forms.ModelChoiceField(label=_("Issuing body"), required=False,
                                             queryset=OrgUnit.objects.all(), widget=_select(),
                                             error_messages=ISSUER_ERRORS)
    decision_signer = forms.CharField(label=_("Signer"), max_length=255, required=False,
                                      widget=_text())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(
        attrs={"class": "form-control", "rows": 3}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255, widget=_text())

    # Whether the form may leave the decision out (then the original's source is cited).
    decision_optional = False

    def __init__(self, *args: Any, issuers: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["decision_issuer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in issuers])
        field.widget.choices = unit_choices(issuers)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = ("decision_number", "decision_date", "decision_issuer")
        given = [name for name in parts if data.get(name)]
        if self.decision_optional and not given:
            return data
        for name in parts:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, _("Required: name the decision (number, date and "
                                       "issuing body)."))
        return data

    @property
    def source_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("decision_number", "decision_date", "decision_issuer",
                                        "decision_signer")]

    def decision_ref(self) -> DecisionRef | None:
        data = self.cleaned_data
        if not data.get("decision_number"):
            return None
        return DecisionRef(number=data["decision_number"], date=data["decision_date"],
                           issuer=data["decision_issuer"],
                           signer_name=data.get("decision_signer", ""))


class RevokeEntryForm(SourceFields):
    """Revoke an entry under the decision that revokes it (Law 06/2022 Art. 93)."""


class EntryContentForm(SourceFields):
    """An entry's content under a decision; only the fields its kind carries are offered."""

    year = forms.IntegerField(label=_("Year"), widget=_text(inputmode="numeric"))
    award_code = forms.ChoiceField(label=_("Award"), required=False, widget=_select())
    rating = forms.ChoiceField(label=_("Rating"), required=False, widget=_select(),
                               choices=[("", "---------"), *TaskRating.choices])
    title = forms.CharField(label=_("Title / content"), max_length=500, required=False,
                            widget=_text())
    authors = forms.CharField(label=_("Authors"), max_length=500, required=False,
                              widget=_text())
    scope = forms.ChoiceField(label=_("Scope"), required=False, widget=_select(),
                              choices=[("", "---------"), *Scope.choices])
    effect = forms.ChoiceField(label=_("Effect"), required=False, widget=_select(),
                               choices=[("", "---------"), *Effect.choices])
    science_state = forms.ChoiceField(label=_("Acceptance"), required=False, widget=_select(),
                                      choices=[("", "---------"), *ScienceState.choices])
    recognized_by = forms.CharField(label=_("Recognised by"), max_length=255, required=False,
                                    widget=_text())
    discipline_level = forms.ChoiceField(label=_("Discipline level"), required=False,
                                         widget=_select(),
                                         choices=[("", "---------"), *DisciplineLevel.choices])
    review_kind = forms.ChoiceField(label=_("Review"), required=False, widget=_select(),
                                    choices=[("", "---------"), *ReviewKind.choices])
    date = DateField(label=_("Date"), required=False)
    start = DateField(label=_("From"), required=False)
    end = DateField(label=_("To"), required=False)
    note = forms.CharField(label=_("Note"), max_length=500, required=False, widget=_text())

    # The content fields each kind of entry carries; the others keep the original's values.
    KIND_FIELDS: dict[str, tuple[str, ...]] = {
        EntryKind.TITLE: ("year", "award_code", "date", "note"),
        EntryKind.COMMENDATION: ("year", "award_code", "date", "note"),
        EntryKind.TASK_RATING: ("year", "rating", "note"),
        EntryKind.INITIATIVE: ("year", "title", "authors", "scope", "effect", "recognized_by",
                               "date", "note"),
        EntryKind.SCIENCE_WORK: ("year", "title", "authors", "scope", "science_state",
                                 "recognized_by", "date", "note"),
        EntryKind.DISCIPLINE: ("year", "discipline_level", "start", "end", "note"),
        EntryKind.PENDING_REVIEW: ("year", "review_kind", "start", "end", "note"),
        EntryKind.MOVEMENT_ACHIEVEMENT: ("year", "title", "date", "note"),
        EntryKind.CLUSTER_LEADERSHIP: ("year", "title", "note"),
    }
    CONTENT = ("year", "award_code", "rating", "title", "authors", "scope", "effect",
               "science_state", "recognized_by", "discipline_level", "review_kind", "date",
               "start", "end", "note")

    def __init__(self, *args: Any, kind: str, awards: list[tuple[str, Any]],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        shown = self.KIND_FIELDS[kind]
        for name in self.CONTENT:
            if name not in shown:
                del self.fields[name]
        if "award_code" in self.fields:
            field = self.fields["award_code"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", "---------"), *awards]

    @property
    def content_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.CONTENT if name in self.fields]

    def content(self) -> dict[str, Any]:
        """Return the typed fields shown, with empty texts as "" (the model's blank)."""
        changes = {name: self.cleaned_data[name] for name in self.CONTENT if name in self.fields}
        for name, value in list(changes.items()):
            if value is None and name not in ("date", "start", "end", "year"):
                changes[name] = ""
        return changes

    def entry_data(self) -> EntryData:
        return EntryData(kind=self.kind, **self.content())


class RecordEntryForm(EntryContentForm):
    """A new entry in a subject's record, under the decision it comes from."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new entry replaces nothing, so it needs no reason of its own.
        del self.fields["reason"]
        del self.fields["legal_basis"]


class CorrectEntryForm(EntryContentForm):
    """Replace an entry's content; fields its kind does not carry keep their values."""

    decision_optional = True

    def __init__(self, *args: Any, entry: Entry, awards: list[tuple[str, Any]],
                 **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(entry, name) for name in self.CONTENT})
        super().__init__(*args, kind=entry.kind, awards=awards, **kwargs)
        self.entry = entry

    def entry_data(self) -> EntryData:
        """Return the original's content with the fields of this form applied."""
        original = EntryData(**{name: getattr(self.entry, name)
                                for name in EntryData.__dataclass_fields__})
        return original.with_changes(**self.content())


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=64,
                             widget=_text(placeholder="125/QĐ-UBND"))
    date = DateField(label=_("Date"))
    issuer = forms.ModelChoiceField(label=_("Issuing body"), queryset=OrgUnit.objects.all(),
                                    widget=_select(), error_messages=ISSUER_ERRORS)
    signer_name = forms.CharField(label=_("Signer"), max_length=255, required=False,
                                  widget=_text())
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255, required=False,
                                   widget=_text(placeholder="Chủ tịch"))
    commendation_type = forms.ChoiceField(label=_("Commendation type"),
                                          choices=CommendationType.choices,
                                          initial=CommendationType.MERIT, widget=_select())

    def __init__(self, *args: Any, issuers: list[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["issuer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = OrgUnit.objects.filter(pk__in=[unit.pk for unit in issuers])
        field.widget.choices = unit_choices(issuers)


class DecisionLineForm(forms.Form):
    # Plain text with a select widget: the view resolves the reference in the user's scope
    # and names the line when it is unknown, instead of a generic "invalid choice".
    subject = forms.CharField(label=_("Awardee"), widget=_select())
    award_code = forms.CharField(label=_("Award"), widget=_select())
    amount_vnd = MoneyField(label=_("Reward money (đ)"), required=False)
    period_year = forms.IntegerField(
        label=_("Year of the title"), required=False, widget=_text(inputmode="numeric"),
        help_text=_("For an emulation title: the year it is conferred for "
                    "(the decision's year when empty)."))

    def __init__(self, *args: Any, subjects: list[tuple[str, str]],
                 awards: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget.choices = [("", "---------"), *subjects]
        self.fields["award_code"].widget.choices = [("", "---------"), *awards]


class BaseLineFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, subjects: list[tuple[str, str]],
                 awards: list[tuple[str, Any]], **kwargs: Any) -> None:
        self.subjects, self.awards = subjects, awards
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {"subjects": self.subjects, "awards": self.awards}


DecisionLineFormSet = forms.formset_factory(
    DecisionLineForm, formset=BaseLineFormSet, extra=2, max_num=200, validate_max=True)


def line_formset(data: Any, *, subjects: list[tuple[str, str]],
                 awards: list[tuple[str, Any]]) -> BaseLineFormSet:
    """Return the decision's line formset (prefix "lines") bound to `data` (None: unbound)."""
    formset_class = cast("type[BaseLineFormSet]", DecisionLineFormSet)
    return formset_class(data, prefix="lines", subjects=subjects, awards=awards)
