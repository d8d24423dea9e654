"""REST API: scoped list, progress and value entry through the services."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

BASE = "/api/v1/movements"


def test_commune_enters_and_submits_values_and_sees_the_violation(
    client: Client, movement: Movement, commune: OrgUnit, commune_officer: User,
    outsider: User,
) -> None:
    client.force_login(commune_officer)
    url = f"{BASE}/{movement.pk}/units/{commune.pk}/periods/2025-08/values"
    body = {"values": {"planned": 285, "started": 240, "not_started": 40, "done": 101},
            "submit": True}
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "submitted"
    assert response.json()["violations"] == [
        "Đã khởi công + chưa khởi công phải bằng số nhà cần hỗ trợ"]

    progress = client.get(f"{BASE}/{movement.pk}/progress?unit={commune.pk}&as_of=2025-08-31")
    rows = {r["code"]: r for r in progress.json()["indicators"]}
    assert rows["done"]["value"] == "101"

    client.force_login(outsider)
    assert client.put(url, data=json.dumps(body),
                      content_type="application/json").status_code == 404


def test_list_is_scoped_in_constant_queries(
    client: Client, movement: Movement, commune_officer: User, django_assert_num_queries: Any
) -> None:
    client.force_login(commune_officer)
    client.get(f"{BASE}/")
    # 1 session, 2 user, 3 grants, 4 movements joined with their launching unit
    with django_assert_num_queries(4):
        response = client.get(f"{BASE}/")
    assert [m["code"] for m in response.json()] == [movement.code]


def test_progress_report_takes_constant_queries(
    client: Client, movement: Movement, province: OrgUnit, province_officer: User,
    django_assert_num_queries: Any,
) -> None:
    client.force_login(province_officer)
    url = f"{BASE}/{movement.pk}/progress?unit={province.pk}&as_of=2025-08-31"
    client.get(url)
    for count in (2, 7):
        for n in range(count):
            unit = insert_unit(code=f"P{count}{n}", name=f"Xã {count}-{n}",
                               kind=UnitKind.COMMUNE, parent=province)
            services.enter_values(actor=province_officer, movement=movement, unit=unit,
                                  period="2025-05", values={"done": 1, "planned": 2})
        # 1 session, 2 user, 3 grants, 4 movement, 5 unit; progress: 6 indicators,
        # 7 lineage links, 8 one aggregate over the values
        with django_assert_num_queries(8):
            response = client.get(url)
        rows = {r["code"]: r for r in response.json()["indicators"]}
        assert rows["done"]["reporting_units"] == (2 if count == 2 else 9)
