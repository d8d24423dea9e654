"""Web pages: search, masking, the edit-position flow, scoping and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.people import services
from vinhdanh.people.models import Employment, Gender, Household, Person
from vinhdanh.units.models import OrgUnit


@pytest.fixture
def officer_client(client, commune_officer):
    client.force_login(commune_officer)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider)
    return client


def test_list_finds_a_person_by_a_query_without_diacritics(officer_client, person, stranger):
    response = officer_client.get(reverse("people:list"), {"q": "nguyen van duc"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nguyễn Văn Đức" in body
    assert "Trần Thị Hoa" not in body  # another commune's person
    assert "Tìm theo họ tên" in body  # the page is in Vietnamese


def test_htmx_search_returns_only_the_table(officer_client, person):
    response = officer_client.get(reverse("people:list"), {"q": "duc"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Nguyễn Văn Đức" in body
    assert "<html" not in body


def test_detail_shows_the_id_number_masked_and_dates_as_dd_mm_yyyy(officer_client, person,
                                                                  teacher):
    response = officer_client.get(reverse("people:detail", args=[person.pk]))
    body = response.content.decode()
    assert "********2345" in body
    assert "037085012345" not in body
    assert "14/03/1985" in body
    assert "Giáo viên" in body
    assert "Sửa chức vụ" in body


def test_edit_form_shows_the_full_number_to_an_officer_who_may_change_it(officer_client,
                                                                        person):
    response = officer_client.get(reverse("people:edit", args=[person.pk]))
    assert "037085012345" in response.content.decode()


def test_officer_finds_a_person_and_changes_their_position(officer_client, person, teacher):
    found = officer_client.get(reverse("people:list"), {"q": "nguyen van duc"})
    assert reverse("people:detail", args=[person.pk]) in found.content.decode()
    response = officer_client.post(
        reverse("people:employment_edit", args=[teacher.pk]),
        {f"e{teacher.pk}-position": "Phó Hiệu trưởng", f"e{teacher.pk}-is_leader": "on"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Phó Hiệu trưởng" in response.content.decode()
    teacher.refresh_from_db()
    assert (teacher.position, teacher.is_leader) == ("Phó Hiệu trưởng", True)
    assert AuditEvent.objects.filter(action="people.employment_updated").count() == 1


def test_create_person_with_a_bad_id_number_shows_the_reason_and_writes_nothing(
    officer_client, commune
):
    response = officer_client.post(reverse("people:create"), {
        "full_name": "Lê Văn Tám", "gender": Gender.MALE, "ethnicity": "01",
        "category": "worker_farmer_other_worker", "id_number": "03708501234",
        "unit": commune.pk, "birth_date": "02/09/1990",
    })
    assert response.status_code == 200
    assert "Số định danh cá nhân: phải có đúng 12 chữ số" in response.content.decode()
    assert not Person.objects.exists()


def test_create_person_accepts_dd_mm_yyyy(officer_client, commune):
    response = officer_client.post(reverse("people:create"), {
        "full_name": "Lê Văn Tám", "gender": Gender.MALE, "ethnicity": "01",
        "category": "worker_farmer_other_worker", "id_number": "037090012399",
        "unit": commune.pk, "birth_date": "02/09/1990",
    })
    person = Person.objects.get()
    assert response.status_code == 302
    assert person.birth_date == dt.date(1990, 9, 2)


def test_household_pages_and_member_management(officer_client, commune_officer, household,
                                              commune):
    child = services.create_person(actor=commune_officer, full_name="Nguyễn Thị Mai",
                                   gender=Gender.FEMALE, unit=commune)
    url = reverse("people:household_detail", args=[household.pk])
    page = officer_client.get(url, {"member_q": "mai"})
    assert "Nguyễn Thị Mai" in page.content.decode()
    officer_client.post(reverse("people:household_member_add", args=[household.pk]),
                        {"person": child.pk, "relation": "child"})
    assert set(household.members.values_list("full_name", flat=True)) == {
        "Nguyễn Văn Đức", "Nguyễn Thị Mai"}
    listing = officer_client.get(reverse("people:household_list"), {"q": "nguyen van duc"})
    assert "HN-0001" in listing.content.decode()
    officer_client.post(reverse("people:household_edit", args=[household.pk]),
                        {"code": "HN-0002", "unit": commune.pk, "head": child.pk,
                         "address": "Tổ 3"})
    household.refresh_from_db()
    assert (household.code, household.head_id) == ("HN-0002", child.pk)


def test_household_create_from_a_person(officer_client, person, commune):
    form = officer_client.get(reverse("people:household_create"), {"head": person.pk})
    assert "Nguyễn Văn Đức" in form.content.decode()
    response = officer_client.post(reverse("people:household_create") + f"?head={person.pk}",
                                   {"code": "HN-9", "unit": commune.pk, "head": person.pk})
    assert response.status_code == 302
    assert Household.objects.get().head_id == person.pk


def test_outsider_gets_404_and_no_data_on_every_page(
    outsider_client, officer_client_factory, person, teacher, household, commune
):
    pages = [
        reverse("people:detail", args=[person.pk]),
        reverse("people:edit", args=[person.pk]),
        reverse("people:employment_add", args=[person.pk]),
        reverse("people:employment_edit", args=[teacher.pk]),
        reverse("people:household_detail", args=[household.pk]),
        reverse("people:household_edit", args=[household.pk]),
    ]
    for url in pages:
        assert outsider_client.get(url).status_code == 404, url
    posts = [
        (reverse("people:edit", args=[person.pk]), {"full_name": "X"}),
        (reverse("people:employment_edit", args=[teacher.pk]),
         {f"e{teacher.pk}-position": "Hiệu trưởng"}),
        (reverse("people:employment_end", args=[teacher.pk]), {"end": "01/01/2026"}),
        (reverse("people:household_member_add", args=[household.pk]), {"person": person.pk}),
        (reverse("people:household_member_remove", args=[household.pk, person.pk]), {}),
    ]
    for url, data in posts:
        assert outsider_client.post(url, data).status_code == 404, url
    listing = outsider_client.get(reverse("people:list"), {"q": "duc"}).content.decode()
    assert "Nguyễn Văn Đức" not in listing
    households = outsider_client.get(reverse("people:household_list")).content.decode()
    assert "HN-0001" not in households
    refused = outsider_client.post(reverse("people:create"), {
        "full_name": "Lê Văn Tám", "gender": Gender.MALE, "ethnicity": "01",
        "category": "worker_farmer_other_worker", "unit": commune.pk,
    })
    assert refused.status_code == 403
    assert Person.objects.count() == 1
    assert Employment.objects.get().position == "Giáo viên"
    # The commune's own officer sees the same pages.
    allowed = officer_client_factory()
    for url in pages:
        assert allowed.get(url).status_code == 200, url


@pytest.fixture
def officer_client_factory(commune_officer):
    from django.test import Client

    def make():
        other = Client()
        other.force_login(commune_officer)
        return other

    return make


def _people(actor: User, unit: OrgUnit, school: OrgUnit, count: int) -> None:
    for index in range(count):
        person = services.create_person(actor=actor, full_name=f"Nguyễn Văn Đức {index}",
                                        gender=Gender.MALE, unit=unit)
        services.add_employment(actor=actor, person=person, unit=school, position="Giáo viên",
                                start=dt.date(2025, 7, 1))


def test_person_list_query_count(officer_client, commune_officer, commune, school,
                                 django_assert_num_queries):
    _people(commune_officer, commune, school, 5)
    # 1 session, 2 user, 3 the user's grants (cached for every action), 4 count,
    # 5 page of persons joined with unit, 6 prefetched current employment with unit
    with django_assert_num_queries(6):
        response = officer_client.get(reverse("people:list"), {"q": "nguyen"})
    assert response.content.decode().count("Giáo viên") == 5


def test_person_detail_query_count(officer_client, person, teacher, household,
                                   django_assert_num_queries):
    # 1 session, 2 user, 3 the user's grants, 4 person with unit, 5 employment history
    # with units, 6 household memberships with households and units, 7 assignable units
    # for the add-employment form
    with django_assert_num_queries(7):
        response = officer_client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200


def test_household_list_query_count(officer_client, commune_officer, commune,
                                    django_assert_num_queries):
    for index in range(4):
        head = services.create_person(actor=commune_officer, full_name=f"Chủ hộ {index}",
                                      gender=Gender.MALE, unit=commune)
        services.create_household(actor=commune_officer, code=f"H{index}", head=head,
                                  unit=commune)
    # 1 session, 2 user, 3 the user's grants, 4 count, 5 page of households with head,
    # unit and member count
    with django_assert_num_queries(5):
        response = officer_client.get(reverse("people:household_list"))
    assert response.content.decode().count("Chủ hộ ") >= 4


def test_employment_pages_add_edit_and_end(officer_client, person, school):
    form = officer_client.get(reverse("people:employment_add", args=[person.pk]))
    assert "Thêm quá trình công tác" in form.content.decode()
    response = officer_client.post(reverse("people:employment_add", args=[person.pk]), {
        "unit": school.pk, "position": "Giáo viên", "start": "01/07/2025"})
    assert response.status_code == 302
    employment = Employment.objects.get()
    page = officer_client.get(reverse("people:employment_edit", args=[employment.pk]))
    assert "Lưu chức vụ" in page.content.decode()
    officer_client.post(reverse("people:employment_end", args=[employment.pk]),
                        {"end": "31/12/2025"})
    employment.refresh_from_db()
    assert employment.end == dt.date(2025, 12, 31)
    detail = officer_client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "31/12/2025" in detail
    assert "Hiện không giữ chức vụ nào." in detail


def test_anonymous_visitor_is_sent_to_the_login_page(client, person, household):
    for url in (reverse("people:list"), reverse("people:detail", args=[person.pk]),
                reverse("people:household_list"),
                reverse("people:household_detail", args=[household.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "Nguyễn" not in response.content.decode()


def test_list_narrowed_to_a_unit_in_scope_and_404_outside(officer_client, person, school,
                                                         other_commune, commune_officer):
    in_school = services.create_person(actor=commune_officer, full_name="Nguyễn Văn Đông",
                                       gender=Gender.MALE, unit=school)
    body = officer_client.get(reverse("people:list"), {"unit": school.pk}).content.decode()
    assert in_school.full_name in body
    assert "Nguyễn Văn Đức" not in body
    assert "Chỉ trong Trường Tiểu học Hà Nam" in body
    assert officer_client.get(reverse("people:list"), {"unit": other_commune.pk}).status_code == 404
    assert officer_client.get(reverse("people:household_list"),
                              {"unit": other_commune.pk}).status_code == 404
