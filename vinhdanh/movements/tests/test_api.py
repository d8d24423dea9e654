"""REST API: scoped list, progress and value entry through the services."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from vinhdanh.accounts.models import User
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit

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
