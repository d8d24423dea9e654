"""Web pages of eligibility: the "what can be proposed" panel and province-wide sweeps."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.middleware import HtmxDetails

from vinhdanh.core.errors import DomainError
from vinhdanh.eligibility import selectors, services
from vinhdanh.eligibility.export import headers, row_values, write_results
from vinhdanh.eligibility.models import ResultKind
from vinhdanh.eligibility.selectors import LEVEL_FILTERS, ResultFilters, SubjectT

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _year(request: HttpRequest) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return today.year
    return year if 1945 <= year <= today.year + 1 else today.year


def _panel(request: HttpRequest, subject: SubjectT, url_name: str) -> HttpResponse:
    year = _year(request)
    result = selectors.check_subject(request.user, subject, year=year)
    return render(request, "eligibility/partials/panel.html", {
        "subject": subject, "result": result, "year": year, "url_name": url_name,
    })


@login_required
@require_GET
def person_panel(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, selectors.get_person_for_user(request.user, pk),
                  "eligibility:person_panel")


@login_required
@require_GET
def household_panel(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, selectors.get_household_for_user(request.user, pk),
                  "eligibility:household_panel")


@login_required
@require_GET
def unit_panel(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, selectors.get_unit_for_user(request.user, pk),
                  "eligibility:unit_panel")


class SweepForm(forms.Form):
    unit = forms.IntegerField(label=gettext_lazy("Unit"), widget=forms.Select)
    year = forms.IntegerField(label=gettext_lazy("Evaluation year"), min_value=2024,
                              max_value=2100)
    decision_date = forms.DateField(
        label=gettext_lazy("Proposal date"), required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=gettext_lazy("dd/mm/yyyy; by default 31/12 of the year."),
    )


@login_required
@require_GET
def sweep_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.list_sweeps(request.user), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "eligibility/sweep_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def sweep_new(request: HttpRequest) -> HttpResponse:
    units = selectors.list_sweep_units(request.user)
    form = SweepForm(request.POST or None,
                     initial={"year": timezone.localdate().year})
    form.fields["unit"].widget.choices = [(u.pk, u.name) for u in units]
    if request.method == "POST" and form.is_valid():
        try:
            unit = selectors.get_unit_for_user(request.user, form.cleaned_data["unit"])
            run = services.run_sweep(
                actor=request.user, unit=unit, year=form.cleaned_data["year"],
                decision_date=form.cleaned_data["decision_date"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("eligibility:sweep_detail", pk=run.pk)
    return render(request, "eligibility/sweep_new.html", {"form": form})


def _filters(request: HttpRequest) -> ResultFilters:
    kind = request.GET.get("kind", "")
    return ResultFilters(
        kind=kind if kind in ResultKind.values else "",
        award=request.GET.get("award", "")[:64],
        subject_kind=request.GET.get("subject_kind", "")
        if request.GET.get("subject_kind", "") in ("individual", "household", "collective")
        else "",
        q=request.GET.get("q", "").strip()[:100],
        level=request.GET.get("level", "") if request.GET.get("level", "") in LEVEL_FILTERS
        else "",
    )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def sweep_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_sweep_for_user(request.user, pk)
    if request.htmx and request.GET.get("progress"):
        response = render(request, "eligibility/partials/progress.html", {"run": run})
        if run.is_finished:
            # The results table replaces the progress bar: reload the whole page.
            response["HX-Refresh"] = "true"
        return response
    filters = _filters(request)
    page = Paginator(selectors.list_sweep_results(run, filters), settings.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "run": run, "page": page, "filters": filters, "headers": headers(),
        "rows": [(row, row_values(row)) for row in page.object_list],
        "kinds": ResultKind.choices,
        "awards": selectors.list_sweep_awards(run) if run.is_finished else [],
        "query": _query_without_page(request),
    }
    template = ("eligibility/partials/results.html" if request.htmx
                else "eligibility/sweep_detail.html")
    return render(request, template, context)


@login_required
@require_GET
def sweep_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.get_sweep_for_user(request.user, pk)
    content = write_results(run, selectors.list_sweep_results(run, _filters(request)))
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = (
        f'attachment; filename="xet-dieu-kien-{run.pk}-{run.year}-{stamp}.xlsx"'
    )
    return response

