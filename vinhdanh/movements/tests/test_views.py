"""Web pages: entry with violations shown, review by the level above, board and progress."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.models import DataValue, Movement, Submission
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit


def login(user: User) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_unit_sees_violations_before_submitting_and_province_approves_after_explanation(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User
) -> None:
    url = reverse("movements:entry", args=[movement.pk, commune.pk, "2025-08"])
    officer = login(commune_officer)
    officer.post(url, {"action": "save", "v_planned": "285", "v_started": "240",
                       "v_not_started": "40", "v_done": "101"})
    page = officer.get(url).content.decode()
    assert 'data-testid="violations"' in page
    assert "Đã khởi công + chưa khởi công" in page
    assert "Lưu và nộp" in page

    officer.post(url, {"action": "submit", "v_planned": "285", "v_started": "240",
                       "v_not_started": "40", "v_done": "101"})
    review = reverse("movements:review", args=[movement.pk, commune.pk, "2025-08"])
    province = login(province_officer)
    province.post(review, {"action": "approve"})
    assert Submission.objects.get(unit=commune).status == "submitted"

    officer.post(url, {"action": "submit", "v_planned": "285", "v_started": "240",
                       "v_not_started": "40", "v_done": "101",
                       "explanation": "5 hộ tự xây bằng vốn riêng"})
    province.post(review, {"action": "approve"})
    assert Submission.objects.get(unit=commune).status == "approved"


def test_commune_cannot_approve_itself_and_outsider_gets_404(
    movement: Movement, commune: OrgUnit, commune_officer: User, outsider: User
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                         period="2025-08", values={"done": 1})
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08")
    review = reverse("movements:review", args=[movement.pk, commune.pk, "2025-08"])
    login(commune_officer).post(review, {"action": "approve"})
    assert Submission.objects.get(unit=commune).status == "submitted"
    entry = reverse("movements:entry", args=[movement.pk, commune.pk, "2025-08"])
    assert login(outsider).get(entry).status_code == 404
    assert login(outsider).post(review, {"action": "approve"}).status_code == 404


def test_invalid_value_is_named_on_the_form_and_nothing_saved(
    movement: Movement, commune: OrgUnit, commune_officer: User
) -> None:
    url = reverse("movements:entry", args=[movement.pk, commune.pk, "2025-08"])
    page = login(commune_officer).post(url, {"action": "save", "v_done": "mười",
                                             "v_planned": "3"})
    assert page.status_code == 200
    assert "is-invalid" in page.content.decode()
    assert not DataValue.objects.exists()


@pytest.fixture
def many_communes(movement: Movement, province: OrgUnit, province_officer: User) -> Any:
    def add(count: int) -> None:
        for n in range(count):
            unit = insert_unit(code=f"Q{count}{n}", name=f"Xã {count}-{n}",
                               kind=UnitKind.COMMUNE, parent=province,
                               valid_from=dt.date(2025, 1, 1))
            services.enter_values(actor=province_officer, movement=movement, unit=unit,
                                  period="2025-04", values={"done": n, "planned": 10})
            if n % 2:
                services.submit_values(actor=province_officer, movement=movement, unit=unit,
                                       period="2025-04")
    return add


def test_board_shows_each_unit_status_in_constant_queries(
    movement: Movement, province: OrgUnit, province_officer: User, many_communes: Any,
    django_assert_num_queries: Any,
) -> None:
    client = login(province_officer)
    url = reverse("movements:board", args=[movement.pk]) + f"?unit={province.pk}&period=2025-04"
    client.get(url)
    counts = []
    for extra in (2, 9):
        many_communes(extra)
        # 1 session, 2 user, 3 grants, 4 movement, 5 unit, 6 indicators (period
        # types), 7 participations, 8 child units, 9 their submissions, 10 last reminders
        with (time_machine.travel(dt.datetime(2025, 6, 1, tzinfo=dt.UTC), tick=False),
              django_assert_num_queries(10)):
            response = client.get(url)
        counts.append(response.content.decode().count("text-bg-info\">"))
    assert counts[1] > counts[0]
    page = response.content.decode()
    assert "Xã 9-1" in page
    # The unsubmitted communes (even numbers) are late by 1 June: the deadline was 10 May.
    assert response.context["counts"]["late"] == 1 + 5


def test_progress_page_and_export_use_constant_queries(
    movement: Movement, province: OrgUnit, province_officer: User, many_communes: Any,
    django_assert_num_queries: Any, outsider: User,
) -> None:
    client = login(province_officer)
    base = f"?unit={province.pk}&as_of=2025-08-31"
    page_url = reverse("movements:progress", args=[movement.pk]) + base
    xlsx_url = reverse("movements:progress_xlsx", args=[movement.pk]) + base
    client.get(page_url)
    for extra in (2, 9):
        many_communes(extra)
        # 1 session, 2 user, 3 grants, 4 movement, 5 unit; progress: 6 indicators,
        # 7 lineage, 8 aggregate; breakdown: 9 indicators, 10 lineage, 11 children, 12 values
        with django_assert_num_queries(12):
            page = client.get(page_url)
        with django_assert_num_queries(12):
            export = client.get(xlsx_url)
    assert "<svg" in page.content.decode()
    book = load_workbook(BytesIO(export.content))
    assert book.worksheets[1].max_row == 1 + 11 + 1  # header, 11 communes, the neighbour
    assert login(outsider).get(page_url).status_code == 404


def test_movement_list_shows_province_movements_to_communes_in_constant_queries(
    movement: Movement, commune_officer: User, django_assert_num_queries: Any
) -> None:
    client = login(commune_officer)
    client.get(reverse("movements:list"))
    # 1 session, 2 user, 3 grants, 4 movements joined with their launching unit
    with django_assert_num_queries(4):
        page = client.get(reverse("movements:list"))
    assert movement.name in page.content.decode()
    detail = client.get(reverse("movements:detail", args=[movement.pk]))
    assert detail.status_code == 200
