"""Web pages of the ledger: histories, the decision register, import and export."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.money import format_vnd
from vinhdanh.people import selectors as people_selectors
from vinhdanh.people.models import Household, Person
from vinhdanh.records import jobs, selectors
from vinhdanh.records.models import EntryKind
from vinhdanh.records.spreadsheet.writer import build_template, export_ledger
from vinhdanh.records.timeline import timeline
from vinhdanh.units import selectors as unit_selectors
from vinhdanh.units.models import OrgUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _year(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _history_page(request: HttpRequest, subject: Person | Household | OrgUnit,
                  title: str, pdf_url: str, add_url: str) -> HttpResponse:
    kind = request.GET.get("kind", "")
    effective_only = request.GET.get("effective") == "1"
    year_from, year_to = _year(request.GET.get("year_from")), _year(request.GET.get("year_to"))
    history = selectors.get_history(subject)
    return render(request, "records/history.html", {
        "subject": subject, "title": title, "kinds": EntryKind.choices, "kind": kind,
        "effective_only": effective_only, "year_from": year_from, "year_to": year_to,
        "years": timeline(history, kind, effective_only, year_from=year_from,
                          year_to=year_to),
        "count": len(history), "pdf_url": pdf_url,
        "can_amend": selectors.may_amend(request.user, subject), "add_url": add_url,
    })


@login_required
@require_GET
def person_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = people_selectors.get_person_for_user(request.user, pk)
    return _history_page(request, person, person.full_name,
                         reverse("records:person_history_pdf", args=[person.pk]),
                         reverse("records:person_entry_add", args=[person.pk]))


@login_required
@require_GET
def household_history(request: HttpRequest, pk: int) -> HttpResponse:
    household = people_selectors.get_household_for_user(request.user, pk)
    return _history_page(request, household,
                         _("Household %(code)s") % {"code": household.code},
                         reverse("records:household_history_pdf", args=[household.pk]),
                         reverse("records:household_entry_add", args=[household.pk]))


@login_required
@require_GET
def unit_history(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_selectors.get_unit_for_user(request.user, pk)
    return _history_page(request, unit, unit.name,
                         reverse("records:unit_history_pdf", args=[unit.pk]),
                         reverse("records:unit_entry_add", args=[unit.pk]))


class DecisionSearchForm(forms.Form):
    number = forms.CharField(label=gettext_lazy("Number"), required=False)
    awardee = forms.CharField(label=gettext_lazy("Awardee"), required=False)
    issuer = forms.CharField(label=gettext_lazy("Issuing body"), required=False)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False,
                                input_formats=["%d/%m/%Y", "%Y-%m-%d"])
    date_to = forms.DateField(label=gettext_lazy("To"), required=False,
                              input_formats=["%d/%m/%Y", "%Y-%m-%d"])


PAGE_SIZE = 50


@login_required
@require_GET
def decision_list(request: HtmxHttpRequest) -> HttpResponse:
    form = DecisionSearchForm(request.GET or None)
    filters = selectors.DecisionFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.DecisionFilters(number=data["number"], awardee=data["awardee"],
                                            issuer_name=data["issuer"],
                                            date_from=data["date_from"], date_to=data["date_to"])
    decisions = list(selectors.list_decisions(request.user, filters)[:PAGE_SIZE])
    for decision in decisions:
        decision.total_display = format_vnd(decision.total_vnd or 0)  # type: ignore[attr-defined]
    context = {"form": form, "decisions": decisions, "page_size": PAGE_SIZE,
               "can_register": bool(granted_paths(request.user, Action.CHANGE_PERSON))}
    template = "records/partials/decision_table.html" if request.htmx else "records/decisions.html"
    return render(request, template, context)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Workbook (.xlsx)"))
    clean_rows_only = forms.BooleanField(
        label=gettext_lazy("Write the rows without problems and skip the others"),
        required=False,
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            form.add_error("file", _("The file is larger than the limit."))
        else:
            try:
                job = jobs.start_import(
                    actor=request.user, file_name=upload.name, data=upload.read(),
                    clean_rows_only=form.cleaned_data["clean_rows_only"])
            except ValidationFailed as exc:
                form.add_error("file", exc.message)
            else:
                return redirect("records:import_job", pk=job.pk)
    return render(request, "records/import.html", {"form": form})


@login_required
@require_GET
def import_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = jobs.get_import_job_for_user(request.user, pk)
    template = "records/partials/import_job.html" if request.htmx else "records/import_job.html"
    return render(request, template, {"job": job, "result": job.result})


@login_required
@require_GET
def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(build_template(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-so-thanh-tich.xlsx"'
    return response


@login_required
@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_selectors.get_unit_for_user(request.user, pk, action=Action.VIEW_PERSON)
    ledger = selectors.get_ledger_for_export(request.user, unit)
    data = export_ledger(people=ledger.people, households=ledger.households,
                         entries=ledger.entries)
    response = HttpResponse(data, content_type=XLSX)
    name = f"so-thanh-tich-{unit.code}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
