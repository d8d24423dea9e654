"""REST API: scoping, masking, services behind every write, and query counts."""

from __future__ import annotations

import json

import pytest

from vinhdanh.audit.models import AuditEvent
from vinhdanh.people import services
from vinhdanh.people.models import Employment, Gender, Household, Person

BASE = "/api/v1/people"


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


def test_list_searches_without_diacritics_and_masks_for_readers(api, commune_officer, person,
                                                                teacher, stranger, commune):
    response = api(commune_officer, "get", "/persons?q=nguyen%20van%20duc")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["full_name"] == "Nguyễn Văn Đức"
    assert item["current_position"]["position"] == "Giáo viên"
    # The officer may change this person, so sees the full number.
    assert (item["id_number"], item["id_number_masked"]) == ("037085012345", False)


def test_reader_without_change_right_sees_the_number_masked(api, person, commune):
    from conftest import make_user
    from vinhdanh.accounts.models import Role

    reader = make_user("tham_dinh", Role.APPRAISER, commune)
    detail = api(reader, "get", f"/persons/{person.pk}").json()
    assert (detail["id_number"], detail["id_number_masked"]) == ("********2345", True)
    listed = api(reader, "get", "/persons").json()["items"][0]
    assert listed["id_number"] == "********2345"


def test_create_update_and_employment_go_through_the_services(api, commune_officer, commune,
                                                              school):
    created = api(commune_officer, "post", "/persons", {
        "full_name": "Lê  Thị Lan", "gender": "female", "unit_id": commune.pk,
        "birth_date": "1990-05-01", "id_number": "037190000123",
    })
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    updated = api(commune_officer, "patch", f"/persons/{pk}", {"address": "Tổ 5"})
    assert updated.json()["address"] == "Tổ 5"
    job = api(commune_officer, "post", f"/persons/{pk}/employments", {
        "unit_id": school.pk, "position": "Giáo viên", "start": "2025-07-01"})
    assert job.status_code == 201
    changed = api(commune_officer, "patch", f"/employments/{job.json()['id']}",
                  {"position": "Hiệu trưởng", "is_leader": True})
    assert changed.json()["position"] == "Hiệu trưởng"
    assert Person.objects.get(pk=pk).full_name == "Lê Thị Lan"
    assert list(AuditEvent.objects.values_list("action", flat=True)) == [
        "people.person_created", "people.person_updated", "people.employment_added",
        "people.employment_updated"]


def test_bad_id_number_is_a_400_naming_the_field(api, commune_officer, commune):
    response = api(commune_officer, "post", "/persons", {
        "full_name": "Lê Văn Tám", "gender": "male", "unit_id": commune.pk,
        "id_number": "0370850123",
    })
    assert response.status_code == 400
    assert response.json()["field"] == "id_number"
    assert "Số định danh cá nhân" in response.json()["message"]
    assert not Person.objects.exists()


def test_households_api(api, commune_officer, person, commune):
    created = api(commune_officer, "post", "/households",
                  {"code": "HN-7", "head_id": person.pk, "unit_id": commune.pk})
    assert created.status_code == 201
    pk = created.json()["id"]
    child = services.create_person(actor=commune_officer, full_name="Nguyễn Văn Bình",
                                   gender=Gender.MALE, unit=commune)
    added = api(commune_officer, "post", f"/households/{pk}/members",
                {"person_id": child.pk, "relation": "child"})
    assert [m["full_name"] for m in added.json()["members"]] == ["Nguyễn Văn Đức",
                                                                  "Nguyễn Văn Bình"]
    updated = api(commune_officer, "patch", f"/households/{pk}", {"address": "Tổ 1"})
    assert updated.json()["address"] == "Tổ 1"
    listed = api(commune_officer, "get", "/households?q=HN").json()
    assert listed["items"][0]["member_count"] == 2
    assert api(commune_officer, "get", f"/households/{pk}").json()["head_name"] == (
        "Nguyễn Văn Đức")


def test_outsider_gets_404_or_403_and_never_data(api, outsider, commune_officer, person,
                                                 teacher, household, commune):
    assert api(commune_officer, "get", f"/persons/{person.pk}").status_code == 200
    for path in (f"/persons/{person.pk}", f"/households/{household.pk}"):
        assert api(outsider, "get", path).status_code == 404
    assert api(outsider, "get", "/persons?q=duc").json()["count"] == 0
    assert api(outsider, "get", "/households").json()["count"] == 0
    writes = [
        ("patch", f"/persons/{person.pk}", {"full_name": "X"}),
        ("post", f"/persons/{person.pk}/employments",
         {"unit_id": commune.pk, "position": "X", "start": "2025-07-01"}),
        ("patch", f"/employments/{teacher.pk}", {"position": "X"}),
        ("patch", f"/households/{household.pk}", {"code": "X"}),
        ("post", f"/households/{household.pk}/members", {"person_id": person.pk,
                                                          "relation": "child"}),
        ("delete", f"/households/{household.pk}/members/{person.pk}", None),
    ]
    for method, path, data in writes:
        response = api(outsider, method, path, data)
        assert response.status_code == 404, path
        assert "Nguyễn" not in response.content.decode()
    into_other = api(outsider, "post", "/persons",
                     {"full_name": "Lê Văn Tám", "gender": "male", "unit_id": commune.pk})
    assert into_other.status_code == 403
    assert Person.objects.count() == 1
    assert Employment.objects.get().position == "Giáo viên"
    assert Household.objects.get().code == "HN-0001"


def test_anonymous_caller_is_refused(client, person):
    assert client.get(f"{BASE}/persons").status_code == 401


def test_person_list_query_count(api, commune_officer, commune, school,
                                 django_assert_num_queries):
    import datetime as dt

    for index in range(5):
        someone = services.create_person(actor=commune_officer, full_name=f"Phạm Văn {index}",
                                         gender=Gender.MALE, unit=commune)
        services.add_employment(actor=commune_officer, person=someone, unit=school,
                                position="Giáo viên", start=dt.date(2025, 7, 1))
    api(commune_officer, "get", "/persons")  # log in outside the counted block
    # 1 session, 2 user, 3 the user's grants, 4 count, 5 page of persons with unit,
    # 6 prefetched current employment with unit
    with django_assert_num_queries(6):
        body = api(commune_officer, "get", "/persons?q=pham").json()
    assert [i["current_position"]["position"] for i in body["items"]] == ["Giáo viên"] * 5


def test_household_list_query_count(api, commune_officer, commune, django_assert_num_queries):
    for index in range(3):
        head = services.create_person(actor=commune_officer, full_name=f"Chủ hộ {index}",
                                      gender=Gender.MALE, unit=commune)
        services.create_household(actor=commune_officer, code=f"H{index}", head=head,
                                  unit=commune)
    api(commune_officer, "get", "/households")  # log in outside the counted block
    # 1 session, 2 user, 3 the user's grants, 4 count, 5 page with head, unit, member count
    with django_assert_num_queries(5):
        body = api(commune_officer, "get", "/households").json()
    assert body["count"] == 3


def test_patch_with_null_leaves_required_fields_and_clears_nullable_ones(api, commune_officer,
                                                                        person):
    body = api(commune_officer, "patch", f"/persons/{person.pk}",
               {"full_name": None, "id_number": None}).json()
    assert body["full_name"] == "Nguyễn Văn Đức"
    assert body["id_number"] == ""
