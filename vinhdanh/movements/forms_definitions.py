"""Forms that define a movement, its indicators, rules and clusters.

They parse and check what a person typed, naming the field in each message; the
services check permissions and the rules again before writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.errors import DomainError
from vinhdanh.movements.models import (
    Aggregation,
    ClusterKind,
    CriteriaGroup,
    Direction,
    Indicator,
    RuleKind,
    TargetScope,
)
from vinhdanh.movements.periods import PeriodType
from vinhdanh.movements.uploads import check_document
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _text(**attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"class": "form-control", **attrs})


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select"})


def _multi(size: str = "8") -> forms.SelectMultiple:
    return forms.SelectMultiple(attrs={"class": "form-select", "size": size})


def _check() -> forms.CheckboxInput:
    return forms.CheckboxInput(attrs={"class": "form-check-input"})


def _number(**attrs: str) -> forms.NumberInput:
    return forms.NumberInput(attrs={"class": "form-control", "step": "any", **attrs})


def _date_field(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={
            "class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": format_lazy("{}: {}", label,
                                               _("enter a date as dd/mm/yyyy."))},
    )


def _unit_choices(units: Iterable[OrgUnit]) -> list[tuple[int, str]]:
    rows = list(units)
    base = min((u.depth for u in rows), default=0)
    return [(u.pk, "— " * (u.depth - base) + u.name) for u in rows]


class MovementForm(forms.Form):
    """Create a movement (all fields) or edit it (code and launching unit stay)."""

    code = forms.SlugField(label=_("Code"), max_length=64, widget=_text(),
                           help_text=_("Letters, digits and hyphens, e.g. ntm-2021-2025."))
    name = forms.CharField(label=_("Name"), max_length=500, widget=_text())
    launched_by = forms.ModelChoiceField(label=_("Launched by"),
                                         queryset=OrgUnit.objects.none(), widget=_select())
    start = _date_field(_("Start date"))
    end = _date_field(_("End date"))
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"class": "form-control",
                                                               "rows": 3}))
    plan_document = forms.FileField(
        label=_("Plan document"), required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control",
                                               "accept": ".pdf,.doc,.docx,.odt"}),
        help_text=_("PDF, DOC, DOCX or ODT, at most 10 MB."))
    is_public = forms.BooleanField(label=_("Show on the public portal"), required=False,
                                   widget=_check())

    def __init__(self, *args: Any, units: Iterable[OrgUnit] | None = None,
                 editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
            del self.fields["launched_by"]
        else:
            rows = list(units or [])
            field = self.fields["launched_by"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in rows])
            field.widget.choices = [("", "---------"), *_unit_choices(rows)]

    def clean_plan_document(self) -> Any:
        upload = self.cleaned_data.get("plan_document")
        if upload:
            try:
                check_document(upload)
            except DomainError as exc:
                raise ValidationError(exc.message) from None
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("End date: must not be before the start date."))
        return data


class StatusForm(forms.Form):
    to = forms.CharField(max_length=16)


class ParticipantsForm(forms.Form):
    """The units taking part: the whole subtree of the launching unit, or a chosen list."""

    SUBTREE, LIST = "subtree", "list"
    mode = forms.ChoiceField(
        label=_("Units taking part"), initial=SUBTREE,
        choices=[(SUBTREE, _("Every unit below the launching unit")),
                 (LIST, _("Only the units chosen below"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}))
    units = forms.ModelMultipleChoiceField(label=_("Units"), required=False,
                                           queryset=OrgUnit.objects.none(), widget=_multi("12"))
    include_subtree = forms.BooleanField(label=_("With the units below each chosen unit"),
                                         required=False, initial=True, widget=_check())

    def __init__(self, *args: Any, units: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(units)
        field = self.fields["units"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in rows])
        field.widget.choices = _unit_choices(rows)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.LIST and not data.get("units"):
            self.add_error("units", _("Units: choose at least one unit."))
        return data


class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=64, widget=_text(),
                           help_text=_("Used in rules and imports, e.g. houses_done."))
    name = forms.CharField(label=_("Name"), max_length=500, widget=_text())
    measure_unit = forms.CharField(label=_("Unit of measure"), max_length=64, required=False,
                                   widget=_text(placeholder="nhà, xã, %"))
    period_type = forms.ChoiceField(label=_("Period type"), choices=PeriodType.choices,
                                    initial=PeriodType.YEAR, widget=_select())
    aggregation = forms.ChoiceField(label=_("Aggregation"), choices=Aggregation.choices,
                                    initial=Aggregation.SUM, widget=_select())
    numerator = forms.ModelChoiceField(label=_("Numerator"), required=False,
                                       queryset=Indicator.objects.none(), widget=_select(),
                                       help_text=_("For a ratio only."))
    denominator = forms.ModelChoiceField(label=_("Denominator"), required=False,
                                         queryset=Indicator.objects.none(), widget=_select(),
                                         help_text=_("For a ratio only."))
    target = forms.DecimalField(label=_("Target"), required=False, max_digits=20,
                                decimal_places=4, widget=_number())
    target_scope = forms.ChoiceField(label=_("Target applies to"), choices=TargetScope.choices,
                                     initial=TargetScope.OVERALL, widget=_select())
    direction = forms.ChoiceField(label=_("Direction"), choices=Direction.choices,
                                  initial=Direction.HIGHER_BETTER, widget=_select())
    min_value = forms.DecimalField(label=_("Lowest allowed value"), required=False,
                                   max_digits=20, decimal_places=4, widget=_number())
    max_value = forms.DecimalField(label=_("Highest allowed value"), required=False,
                                   max_digits=20, decimal_places=4, widget=_number())

    def __init__(self, *args: Any, terms: Iterable[Indicator], editing: bool = False,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = [i for i in terms if not i.is_computed]
        for name in ("numerator", "denominator"):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Indicator.objects.filter(pk__in=[i.pk for i in rows])
            field.widget.choices = [("", "---------"),
                                    *((i.pk, f"{i.code} — {i.name}") for i in rows)]
        if editing:
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if target is not None and target < 0:
            self.add_error("target", _("Target: must not be negative."))
        low, high = data.get("min_value"), data.get("max_value")
        if low is not None and high is not None and low > high:
            self.add_error("max_value", _("Highest allowed value: must not be below the lowest "
                                          "allowed value."))
        if data.get("aggregation") == Aggregation.RATIO:
            numerator, denominator = data.get("numerator"), data.get("denominator")
            if numerator is None:
                self.add_error("numerator", _("Numerator: a ratio needs a numerator "
                                              "indicator."))
            if denominator is None:
                self.add_error("denominator", _("Denominator: a ratio needs a denominator "
                                                "indicator."))
            if numerator is not None and numerator == denominator:
                self.add_error("denominator", _("Denominator: must differ from the "
                                                "numerator."))
        else:
            data["numerator"] = data["denominator"] = None
        return data


class RuleForm(forms.Form):
    """A validation rule: one indicator within bounds, or a sum equal to another indicator."""

    kind = forms.ChoiceField(label=_("Kind of rule"), choices=RuleKind.choices,
                             widget=_select())
    left_codes = forms.MultipleChoiceField(label=_("Indicators checked"), widget=_multi("5"),
                                           help_text=_("For a sum: the indicators added up."))
    right_code = forms.ChoiceField(label=_("Must equal indicator"), required=False,
                                   widget=_select())
    min_value = forms.DecimalField(label=_("Lowest allowed value"), required=False,
                                   max_digits=20, decimal_places=4, widget=_number())
    max_value = forms.DecimalField(label=_("Highest allowed value"), required=False,
                                   max_digits=20, decimal_places=4, widget=_number())
    message = forms.CharField(label=_("Message shown to the unit"), max_length=500,
                              widget=_text())

    def __init__(self, *args: Any, indicators: Iterable[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(i.code, f"{i.code} — {i.name}") for i in indicators if not i.is_computed]
        left = self.fields["left_codes"]
        right = self.fields["right_code"]
        assert isinstance(left, forms.ChoiceField)
        assert isinstance(right, forms.ChoiceField)
        left.choices = choices
        right.choices = [("", "---------"), *choices]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, left = data.get("kind"), list(data.get("left_codes") or [])
        if kind == RuleKind.SUM_EQUALS:
            right = data.get("right_code")
            if not right:
                self.add_error("right_code", _("Must equal indicator: a sum rule needs the "
                                               "indicator it must equal."))
            elif right in left:
                self.add_error("right_code", _("Must equal indicator: must not be one of the "
                                               "indicators added up."))
        elif kind == RuleKind.BOUNDS:
            if len(left) != 1:
                self.add_error("left_codes", _("Indicators checked: a bounds rule checks "
                                               "exactly one indicator."))
            low, high = data.get("min_value"), data.get("max_value")
            if low is None and high is None:
                self.add_error("min_value", _("Lowest allowed value: give a lowest or a "
                                              "highest value."))
            elif low is not None and high is not None and low > high:
                self.add_error("max_value", _("Highest allowed value: must not be below the "
                                              "lowest allowed value."))
            data["right_code"] = ""
        return data


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255, widget=_text())
    kind = forms.ChoiceField(label=_("Kind"), choices=ClusterKind.choices, widget=_select())
    members = forms.ModelMultipleChoiceField(label=_("Members"), queryset=OrgUnit.objects.none(),
                                             widget=_multi("10"))
    head = forms.ModelChoiceField(label=_("Cluster head"), required=False,
                                  queryset=OrgUnit.objects.none(), widget=_select())

    def __init__(self, *args: Any, units: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(units)
        choices: list[tuple[int | str, str]] = [*_unit_choices(rows)]
        queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in rows])
        for name in ("members", "head", "deputy"):
            if name in self.fields:
                field = self.fields[name]
                assert isinstance(field, forms.ModelChoiceField)
                field.queryset = queryset
                field.widget.choices = (choices if name == "members"
                                        else [("", "---------"), *choices])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        members = list(data.get("members") or [])
        if "members" in data and len(members) < 2:
            self.add_error("members", _("Members: a cluster needs at least two members."))
        head = data.get("head")
        if head is not None and members and head not in members:
            self.add_error("head", _("Cluster head: must be one of the members."))
        return data


class ClusterYearForm(ClusterForm):
    """The line-up of a cluster for one year."""

    year = forms.IntegerField(label=_("Year"), min_value=1945, max_value=2100,
                              widget=_number(step="1"))
    deputy = forms.ModelChoiceField(label=_("Deputy head"), required=False,
                                    queryset=OrgUnit.objects.none(), widget=_select())
    pact = forms.CharField(label=_("Emulation pact"), required=False,
                           widget=forms.Textarea(attrs={"class": "form-control", "rows": 4}))

    field_order = ["year", "members", "head", "deputy", "pact"]

    def __init__(self, *args: Any, units: Iterable[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, units=units, **kwargs)
        del self.fields["name"]
        del self.fields["kind"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        head, deputy = data.get("head"), data.get("deputy")
        members = list(data.get("members") or [])
        if deputy is not None and members and deputy not in members:
            self.add_error("deputy", _("Deputy head: must be one of the members."))
        elif deputy is not None and deputy == head:
            self.add_error("deputy", _("Deputy head: must differ from the cluster head."))
        return data


class CriteriaGroupForm(forms.Form):
    name = forms.CharField(label=_("Criteria group"), max_length=255, widget=_text())


class CriterionForm(forms.Form):
    group = forms.ModelChoiceField(label=_("Criteria group"),
                                   queryset=CriteriaGroup.objects.none(), widget=_select())
    name = forms.CharField(label=_("Criterion"), max_length=500, widget=_text())
    max_points = forms.DecimalField(label=_("Maximum points"), max_digits=6, decimal_places=2,
                                    widget=_number())
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False,
                                           widget=_check())

    def __init__(self, *args: Any, groups: Iterable[CriteriaGroup], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(groups)
        field = self.fields["group"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = CriteriaGroup.objects.filter(pk__in=[g.pk for g in rows])
        field.widget.choices = [("", "---------"), *((g.pk, g.name) for g in rows)]

    def clean_max_points(self) -> Decimal:
        value: Decimal = self.cleaned_data["max_points"]
        if value <= 0:
            raise ValidationError(_("Maximum points: must be greater than 0."))
        return value
