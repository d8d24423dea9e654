"""REST API of units: codes with dates, the services behind writes, scope, query counts."""

from __future__ import annotations

import json

import pytest

from vinhdanh.audit.models import AuditEvent
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

BASE = "/api/v1/units"


@pytest.fixture
def api(client):
    logged_in: dict[str, int] = {}

    def call(user, method, path, data=None):
        if logged_in.get("user") != user.pk:
            client.force_login(user)
            logged_in["user"] = user.pk
        body = json.dumps(data) if data is not None else None
        return getattr(client, method)(f"{BASE}{path}", data=body,
                                       content_type="application/json")
    return call


def test_list_searches_and_paginates(api, province_officer, commune, other_commune, school):
    body = api(province_officer, "get", "/?q=phuong&limit=1&offset=1").json()
    assert body["count"] == 2
    assert body["limit"] == 1
    assert [item["code"] for item in body["items"]] == ["13285"]
    everything = api(province_officer, "get", "/?as_of=2025-07-01").json()
    assert everything["count"] == 4
    assert api(province_officer, "get", "/?as_of=2025-06-30").json()["count"] == 0


def test_list_query_count(api, commune_officer, commune, django_assert_num_queries):
    for n in range(8):
        insert_unit(code=f"13366.T{n}", name=f"Tổ dân phố {n}", kind=UnitKind.VILLAGE,
                    parent=commune)
    api(commune_officer, "get", "/")  # log in outside the counted block
    # 1 session, 2 user, 3 the user's grants, 4 count, 5 page of units with parents
    with django_assert_num_queries(5):
        body = api(commune_officer, "get", "/?q=to dan pho").json()
    assert body["count"] == 8
    assert {item["parent_code"] for item in body["items"]} == {"13366"}


def test_detail_by_code_and_date(api, province_officer, province):
    body = api(province_officer, "get", "/37?as_of=2025-07-01").json()
    assert body["name"] == "Tỉnh Ninh Bình"
    assert body["kind_label"] == "Tỉnh / thành phố trực thuộc trung ương"
    assert body["valid_from"] == "2025-07-01"
    assert api(province_officer, "get", "/37?as_of=2025-06-30").status_code == 404


def test_create_and_update_go_through_the_services(api, commune_officer, commune):
    created = api(commune_officer, "post", "/", {
        "parent_code": "13366", "name": "Trường THCS Hà Nam", "kind": "school",
        "code_suffix": "thcs", "valid_from": "2025-09-01",
    })
    assert created.status_code == 201, created.content
    assert created.json()["code"] == "13366.THCS"
    updated = api(commune_officer, "patch", "/13366.THCS",
                  {"name": "Trường THCS Hà Nam A", "effective_date": "2025-10-01"})
    assert updated.status_code == 200
    assert updated.json()["name"] == "Trường THCS Hà Nam A"
    assert AuditEvent.objects.filter(action__in=["units.created", "units.updated"]).count() == 2

    duplicate = api(commune_officer, "post", "/", {
        "parent_code": "13366", "name": "Khác", "kind": "school", "code_suffix": "THCS",
    })
    assert duplicate.status_code == 409
    assert duplicate.json()["field"] == "code_suffix"
    bad = api(commune_officer, "post", "/", {
        "parent_code": "13366", "name": "Phường mới", "kind": "ward", "code_suffix": "X",
    })
    assert bad.status_code == 400
    assert bad.json()["field"] == "kind"


def test_outsider_gets_404_and_never_data(api, commune_officer, outsider, commune, school):
    assert api(commune_officer, "get", "/13366.TH").status_code == 200
    refused = [
        api(outsider, "get", "/13366.TH"),
        api(outsider, "patch", "/13366.TH", {"name": "Bị sửa"}),
        api(outsider, "post", "/", {"parent_code": "13366", "name": "Thôn X",
                                    "kind": "village", "code_suffix": "X"}),
    ]
    assert [r.status_code for r in refused] == [404, 404, 404]
    assert all("Trường" not in r.text for r in refused)
    listed = api(outsider, "get", "/?q=truong").json()
    assert listed["count"] == 0
    school.refresh_from_db()
    assert school.name == "Trường Tiểu học Hà Nam"
    assert not OrgUnit.objects.filter(code="13366.X").exists()


def test_commune_officer_may_not_rename_the_commune(api, commune_officer, commune):
    response = api(commune_officer, "patch", "/13366", {"name": "Phường Khác"})
    assert response.status_code == 403
    assert "Phường" not in response.text


def test_anonymous_caller_is_refused(client, commune):
    assert client.get(f"{BASE}/").status_code == 401
    assert client.get(f"{BASE}/13366").status_code == 401


def test_openapi_documents_the_unit_operations(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    listing = paths[f"{BASE}/"]
    assert set(listing) == {"get", "post"}
    assert {p["name"] for p in listing["get"]["parameters"]} >= {"q", "as_of", "limit", "offset"}
    assert set(paths[f"{BASE}/{{code}}"]) == {"get", "patch"}
