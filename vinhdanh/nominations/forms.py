"""Forms of the nominations pages; the services do the domain checks."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vinhdanh.eligibility.panel import bundled_levels
from vinhdanh.nominations.models import ProposalKind

DATE_INPUT = {"input_formats": ["%d/%m/%Y", "%Y-%m-%d"]}


def _bootstrap(form: forms.Form) -> None:
    """Give every widget of a page form its Bootstrap class (the templates render {{ field }})."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class ProposalCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    to_unit = forms.TypedChoiceField(label=_("Deciding unit"), coerce=int)
    kind = forms.ChoiceField(label=_("Kind of commendation"), choices=ProposalKind.choices)
    year = forms.IntegerField(label=_("Year of achievement"), min_value=1945, max_value=2100)
    letter_number = forms.CharField(label=_("Letter number"), max_length=64, required=False)
    letter_date = forms.DateField(label=_("Letter date"), required=False, **DATE_INPUT)  # type: ignore[arg-type]

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].choices = units  # type: ignore[attr-defined]
        _bootstrap(self)


class ProposalFromSweepForm(forms.Form):
    award_code = forms.ChoiceField(label=_("Award"))
    include_confirmation = forms.BooleanField(
        label=_("Also those eligible subject to confirmation"), required=False, initial=True)
    to_unit = forms.TypedChoiceField(label=_("Deciding unit"), coerce=int)
    title = forms.CharField(label=_("Title"), max_length=255)
    year = forms.IntegerField(label=_("Year of achievement"), min_value=1945, max_value=2100)
    achievement = forms.CharField(
        label=_("Achievement summary"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Written on every line; each nominee's report gives the details."))

    def __init__(self, *args: Any, awards: list[tuple[str, str]],
                 units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_code"].choices = awards  # type: ignore[attr-defined]
        self.fields["to_unit"].choices = units  # type: ignore[attr-defined]
        _bootstrap(self)
        self.fields["include_confirmation"].widget.attrs["class"] = "form-check-input"


class LineAddForm(forms.Form):
    subject = forms.CharField(label=_("Nominee"),
                              help_text=_("Choose a person, a household or a collective."))
    award_code = forms.ChoiceField(label=_("Award"))
    achievement = forms.CharField(label=_("Achievement summary"), widget=forms.Textarea(
        attrs={"rows": 3}))
    not_eligible_reason = forms.CharField(
        label=_("Reason for proposing despite a negative verdict"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, subjects: list[tuple[str, str]],
                 awards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].widget = forms.Select(choices=subjects)
        self.fields["award_code"].choices = awards  # type: ignore[attr-defined]
        _bootstrap(self)


class UploadForm(forms.Form):
    attachment = forms.FileField(label=_("File"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class DecisionForm(forms.Form):
    decision_date = forms.DateField(label=_("Decision date"), **DATE_INPUT)  # type: ignore[arg-type]
    signer_name = forms.CharField(label=_("Signer"), max_length=255)
    signer_title = forms.CharField(label=_("Signer's title"), max_length=255)
    legal_basis = forms.CharField(label=_("Legal basis"), widget=forms.Textarea(
        attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=255,
                                  initial="Điều 93 Luật Thi đua, khen thưởng số 06/2022/QH15")
    amount_recovered_vnd = forms.IntegerField(label=_("Money recovered (VND)"), min_value=0,
                                              initial=0)
    items_returned = forms.CharField(label=_("Items returned"), max_length=255,
                                     required=False)
    recovered_on = forms.DateField(label=_("Recovered on"), required=False, **DATE_INPUT)  # type: ignore[arg-type]


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=255)
    contact = forms.CharField(label=_("Phone, e-mail or address"), max_length=255)
    text = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(
        attrs={"rows": 4}))
    # Hidden from people by CSS; bots fill every field they find (a honeypot).
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)


class ModerateForm(forms.Form):
    status = forms.ChoiceField(choices=[("published", _("Publish")), ("hidden", _("Hide"))])
    answer = forms.CharField(label=_("Answer"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SignForm(forms.Form):
    """Sign here with a PKCS#12 and its passphrase, or upload a PDF signed elsewhere."""

    pkcs12 = forms.FileField(label=_("Certificate file (.p12/.pfx)"), required=False)
    passphrase = forms.CharField(label=_("Passphrase"), required=False, strip=False,
                                 widget=forms.PasswordInput(render_value=False))
    signed_pdf = forms.FileField(label=_("Or: PDF signed elsewhere"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("pkcs12")) == bool(data.get("signed_pdf")):
            raise forms.ValidationError(_("Upload either a certificate file to sign with, or "
                                          "a PDF that is already signed."))
        return data


class CertificateForm(forms.Form):
    paper = forms.ChoiceField(label=_("Paper"), choices=[("A4", "A4"), ("A3", "A3")],
                              initial="A4")
    mode = forms.ChoiceField(label=_("Print on"), initial="full", choices=[
        ("full", _("Blank paper (full certificate)")),
        ("preprinted", _("Pre-printed forms (fields only)"))])


class ChecklistForm(forms.Form):
    unit = forms.TypedChoiceField(label=_("Province or ministry"), coerce=int)
    award_code = forms.ChoiceField(label=_("Award"))
    items = forms.CharField(
        label=_("Components, one per line: code | name | “không” if optional | "
                "accepted file types (e.g. pdf, docx)"),
        widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: object, units: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["unit"].choices = units  # type: ignore[attr-defined]
        self.fields["award_code"].choices = [  # type: ignore[attr-defined]
            (code, code) for code in sorted(bundled_levels())]
        _bootstrap(self)
