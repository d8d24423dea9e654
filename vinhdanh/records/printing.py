"""The achievement record (sổ thành tích) of a person, household or unit as an A4 PDF.

The PDF is the web timeline (template `records/partials/timeline.html`) laid out for
print by WeasyPrint under the national heading of administrative documents.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from vinhdanh.people import selectors as people_selectors
from vinhdanh.people.models import Household, Person
from vinhdanh.records import selectors
from vinhdanh.records.timeline import timeline
from vinhdanh.units import selectors as unit_selectors
from vinhdanh.units.models import OrgUnit


def render_history_pdf(request: HttpRequest, subject: Person | Household | OrgUnit,
                       title: str, issuer: str) -> bytes:
    """Return the PDF bytes of `subject`'s whole history (every entry, replaced ones marked)."""
    # Imported here: WeasyPrint loads Pango at import, which only this view needs.
    import weasyprint  # type: ignore[import-untyped]

    history = selectors.get_history(subject)
    html = render_to_string("records/history_print.html", {
        "title": title, "issuer": issuer, "years": timeline(history, "", False),
        "printed_on": timezone.localdate(),
    }, request=request)
    pdf: bytes = weasyprint.HTML(string=html, base_url=request.build_absolute_uri("/")
                                 ).write_pdf()
    return pdf


def _pdf_response(pdf: bytes, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"so-thanh-tich-{slugify(name) or 'ho-so'}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def person_history_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    person = people_selectors.get_person_for_user(request.user, pk)
    pdf = render_history_pdf(request, person, person.full_name, person.unit.name)
    return _pdf_response(pdf, person.full_name)


@login_required
@require_GET
def household_history_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    household = people_selectors.get_household_for_user(request.user, pk)
    title = _("Household %(code)s") % {"code": household.code}
    pdf = render_history_pdf(request, household, title, household.unit.name)
    return _pdf_response(pdf, title)


@login_required
@require_GET
def unit_history_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    unit = unit_selectors.get_unit_for_user(request.user, pk)
    pdf = render_history_pdf(request, unit, unit.name, unit.name)
    return _pdf_response(pdf, unit.name)
