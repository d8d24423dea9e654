"""XLSX data entry: the prefilled sheet, a clean upload, and refusals that write nothing."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.models import DataValue, Indicator, Movement
from vinhdanh.movements.tests.test_views import login
from vinhdanh.units.models import OrgUnit

PERIOD = "2025-08"
SEPTEMBER = dt.datetime(2025, 9, 2, 3, tzinfo=dt.UTC)


@pytest.fixture
def bounded(movement: Movement, province_officer: User) -> Movement:
    Indicator.objects.filter(movement=movement, code="done").update(min_value=0)
    return movement


def _urls(movement: Movement, unit: OrgUnit) -> tuple[str, str]:
    args = [movement.pk, unit.pk, PERIOD]
    return (reverse("movements:entry_template", args=args),
            reverse("movements:entry_upload", args=args))


def _sheet(content: bytes, values: dict[str, Any], **head: Any) -> SimpleUploadedFile:
    book = load_workbook(BytesIO(content))
    sheet = book.worksheets[0]
    for row in sheet.iter_rows(min_row=7):
        code = row[0].value
        if code in values:
            row[3].value = values[code]
    for cell, value in head.items():
        sheet[cell] = value
    out = BytesIO()
    book.save(out)
    return SimpleUploadedFile("so-lieu.xlsx", out.getvalue())


def _stored(movement: Movement, unit: OrgUnit) -> dict[str, object]:
    return {v.indicator.code: v.value for v in DataValue.objects.filter(
        indicator__movement=movement, unit=unit, period=PERIOD).select_related("indicator")}


def test_commune_downloads_its_prefilled_sheet_and_uploads_it_back(
    bounded: Movement, commune: OrgUnit, commune_officer: User, outsider: User,
    django_assert_num_queries: Any,
) -> None:
    services.enter_values(actor=commune_officer, movement=bounded, unit=commune, period=PERIOD,
                          values={"planned": 285})
    template_url, upload_url = _urls(bounded, commune)
    # Another commune's officer can neither read nor fill this commune's sheet.
    refused = login(outsider)
    assert refused.get(template_url).status_code == 404
    client = login(commune_officer)
    # 1 session, 2 user, 3 grants, 4 movement, 5 unit, 6 indicators, 7 values, 8 submission
    with django_assert_num_queries(8):
        response = client.get(template_url)
    book = load_workbook(BytesIO(response.content))
    rows = {r[0]: r[3] for r in book.worksheets[0].iter_rows(min_row=7, values_only=True)}
    assert rows == {"planned": 285, "started": None, "not_started": None, "done": None}
    upload = _sheet(response.content, {"started": 240, "not_started": 45, "done": 101})
    assert refused.post(upload_url, {"file": upload}).status_code == 404
    upload.seek(0)
    with time_machine.travel(SEPTEMBER, tick=False):
        response = client.post(upload_url, {"file": upload})
    assert response.status_code == 302
    assert _stored(bounded, commune) == {"planned": 285, "started": 240, "not_started": 45,
                                         "done": 101}


def test_bad_cells_are_named_by_row_and_column_and_nothing_is_written(
    bounded: Movement, commune: OrgUnit, commune_officer: User,
) -> None:
    template_url, upload_url = _urls(bounded, commune)
    client = login(commune_officer)
    blank = client.get(template_url).content
    response = client.post(upload_url, {"file": _sheet(
        blank, {"planned": 285, "started": "nhiều", "done": -3})})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dòng 8, cột D (Giá trị)" in page  # "started" is on row 8
    assert "Dòng 10, cột D (Giá trị)" in page  # "done" is on row 10, below its minimum 0
    assert _stored(bounded, commune) == {}
    # A sheet for another unit is refused by its head cell.
    response = client.post(upload_url, {"file": _sheet(blank, {"planned": 1}, B3="99999")})
    assert "Dòng 3, cột B" in response.content.decode()
    # Not a workbook at all.
    response = client.post(upload_url, {"file": SimpleUploadedFile("x.xlsx", b"not excel")})
    assert response.status_code == 400
    assert _stored(bounded, commune) == {}


def test_cross_indicator_rule_blocks_the_upload(
    bounded: Movement, commune: OrgUnit, commune_officer: User,
) -> None:
    template_url, upload_url = _urls(bounded, commune)
    client = login(commune_officer)
    blank = client.get(template_url).content
    response = client.post(upload_url, {"file": _sheet(
        blank, {"planned": 285, "started": 240, "not_started": 40})})
    page = response.content.decode()
    assert response.status_code == 400
    assert "280 ≠ 285" in page
    assert "7, 8, 9" in page  # the rows of planned, started and not started
    assert _stored(bounded, commune) == {}
