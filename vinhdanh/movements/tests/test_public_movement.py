"""The public page of a movement: what anyone may read, and nothing of a draft."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement
from vinhdanh.movements.services.definitions import update_movement
from vinhdanh.movements.services.gallery import register_exemplary_model
from vinhdanh.units.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def _publish(movement: Movement, officer: User) -> Movement:
    return update_movement(actor=officer, movement=movement, name=movement.name,
                           start=movement.start, end=movement.end, is_public=True)


def test_a_draft_or_unknown_movement_is_not_found(movement: Movement, client: Client) -> None:
    assert client.get(reverse("movements:public_movement", args=[movement.code])
                      ).status_code == 404
    assert client.get(reverse("movements:public_movement", args=["khong-co"])
                      ).status_code == 404
    assert client.get(reverse("movements:public_plan", args=[movement.code])
                      ).status_code == 404


@time_machine.travel(dt.datetime(2025, 9, 15, 9, 0), tick=False)
def test_public_page_shows_progress_and_published_examples_escaped(
    movement: Movement, province_officer: User, commune_officer: User, commune: OrgUnit,
    client: Client, django_assert_num_queries: Any,
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08",
                          values={"planned": 285, "started": 240, "not_started": 45,
                                  "done": 101})
    movement = _publish(movement, province_officer)
    movement.description = "Kế hoạch <b>số 12</b>"
    movement.plan_document = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 ke hoach")
    movement.save()
    register_exemplary_model(
        actor=province_officer, movement=movement, unit=commune, title="Tổ “Nhà an toàn”",
        subject_name="Bà Nguyễn Thị Lan", year=2025, stage="replicated",
        description="", is_public=True)
    register_exemplary_model(
        actor=province_officer, movement=movement, unit=commune, title="Mô hình chưa công bố",
        subject_name="Ông Trần Văn Bình", year=2025, stage="discovered",
        description="", is_public=False)

    url = reverse("movements:public_movement", args=[movement.code])
    # movement + launching unit; participations; indicators, lineage, aggregate (roll-up);
    # examples + their photos
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert "01/01/2025 – 31/12/2025" in page
    # The commune's 101 houses rolled up to the launching province.
    assert re.search(r"<td>Nhà đã hoàn thành</td>\s*<td class=\"text-end\">101</td>", page)
    assert "Kế hoạch &lt;b&gt;số 12&lt;/b&gt;" in page
    assert "Tổ “Nhà an toàn”" in page
    assert "Mô hình chưa công bố" not in page
    plan = client.get(reverse("movements:public_plan", args=[movement.code]))
    assert plan.status_code == 200
    assert b"".join(plan.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
