"""The unit pages: browsing, search, detail with lineage, forms; scope and query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vinhdanh.units import services
from vinhdanh.units.models import ChangeKind, OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit


@pytest.fixture
def split(province_officer, commune) -> object:
    later = insert_unit(code="13401", name="Phường Lam Hạ", kind=UnitKind.WARD,
                        parent=commune.parent, valid_from=dt.date(2026, 1, 1))
    return services.record_lineage_change(
        actor=province_officer, kind=ChangeKind.SPLIT, effective_date=dt.date(2026, 1, 1),
        predecessors=[commune], successors=[later],
    )


def test_list_searches_with_htmx_without_diacritics(client, commune_officer, commune, school):
    client.force_login(commune_officer)
    page = client.get(reverse("units:list"))
    assert page.status_code == 200
    assert "Phường Hà Nam" in page.text
    assert "Tìm theo tên hoặc mã" in page.text  # Vietnamese UI

    partial = client.get(reverse("units:list"), {"q": "truong tieu hoc"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "Trường Tiểu học Hà Nam" in partial.text
    assert "<html" not in partial.text


def test_list_query_count(client, commune_officer, commune, django_assert_num_queries):
    for n in range(12):
        insert_unit(code=f"13366.T{n}", name=f"Thôn {n}", kind=UnitKind.VILLAGE, parent=commune)
    client.force_login(commune_officer)
    # 1 session, 2 user, 3 the user's grants, 4 count of matches, 5 the page of units
    # with their parents
    with django_assert_num_queries(5):
        response = client.get(reverse("units:list"), {"q": "thon"})
    assert response.status_code == 200
    assert response.text.count("Thôn ") >= 12


def test_detail_shows_children_lineage_and_as_of_switch(client, province_officer, commune,
                                                        split, django_assert_num_queries):
    insert_unit(code="13366.T1", name="Thôn Đông", kind=UnitKind.VILLAGE, parent=commune,
                valid_from=dt.date(2025, 8, 1))
    client.force_login(province_officer)
    url = reverse("units:detail", args=[commune.pk])
    # 1 session, 2 user, 3 grants, 4 the unit with its parent, 5 children count,
    # 6 children page, 7 lineage events, 8 their links with units
    with django_assert_num_queries(8):
        page = client.get(url)
    assert "Thôn Đông" in page.text
    assert "Chia tách" in page.text
    assert "01/01/2026" in page.text
    assert "Phường Lam Hạ" in page.text
    assert "chưa đủ đơn vị kế thừa" in page.text
    assert reverse("units:add_successor", args=[split.pk]) in page.text

    before = client.get(url, {"as_of": "2025-07-15"})
    assert "Thôn Đông" not in before.text
    assert "15/07/2025" in before.text


def test_create_form_goes_through_the_service(client, commune_officer, commune):
    client.force_login(commune_officer)
    url = reverse("units:create", args=[commune.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Trường Mầm non Hoa Sen", "kind": UnitKind.SCHOOL,
                                 "code_suffix": "MN01", "valid_from": "01/09/2025"})
    school = OrgUnit.objects.get(code="13366.MN01")
    assert response.status_code == 302
    assert response["Location"] == reverse("units:detail", args=[school.pk])
    duplicate = client.post(url, {"name": "Khác", "kind": UnitKind.SCHOOL,
                                  "code_suffix": "mn01", "valid_from": "01/09/2025"})
    assert duplicate.status_code == 200
    assert "đã được dùng" in duplicate.text


def test_edit_form_renames(client, commune_officer, school):
    client.force_login(commune_officer)
    url = reverse("units:edit", args=[school.pk])
    response = client.post(url, {"name": "Trường Tiểu học Hà Nam B", "address": ""})
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.name == "Trường Tiểu học Hà Nam B"


def test_commune_officer_edits_the_address_but_not_the_official_name(
    client, commune_officer, commune
):
    client.force_login(commune_officer)
    url = reverse("units:edit", args=[commune.pk])
    response = client.post(url, {"name": "Phường Đổi Tên", "address": "Số 2 Trần Phú"})
    assert response.status_code == 302
    commune.refresh_from_db()
    assert commune.name == "Phường Hà Nam"
    assert commune.address == "Số 2 Trần Phú"


def test_add_successor_form(client, province_officer, split, other_commune):
    client.force_login(province_officer)
    extra = insert_unit(code="13402", name="Phường Tân Liêm", kind=UnitKind.WARD,
                        parent=other_commune.parent, valid_from=dt.date(2026, 1, 1))
    url = reverse("units:add_successor", args=[split.pk])
    assert client.get(url).status_code == 200
    unknown = client.post(url, {"successor_code": "99999"})
    assert "99999" in unknown.text
    response = client.post(url, {"successor_code": "13402", "complete": "on"})
    assert response.status_code == 302
    split.refresh_from_db()
    assert not split.successors_incomplete
    assert split.links.filter(unit=extra).exists()


def test_every_page_refuses_outsiders_with_404_and_anonymous_with_login(
    client, commune_officer, outsider, commune, school, split
):
    urls = [
        reverse("units:detail", args=[school.pk]),
        reverse("units:create", args=[school.pk]),
        reverse("units:edit", args=[school.pk]),
        reverse("units:add_successor", args=[split.pk]),
    ]
    client.force_login(commune_officer)
    for url in urls[:3]:
        assert client.get(url).status_code == 200, url
    # The commune's officer sees the split but may not change the province's lineage.
    assert client.get(urls[3]).status_code == 403
    assert client.post(urls[3], {"successor_code": "13285"}).status_code == 403

    client.force_login(outsider)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Trường Tiểu học" not in response.text
    assert client.post(urls[2], {"name": "Bị sửa"}).status_code == 404
    assert "Trường Tiểu học" not in client.get(reverse("units:list"), {"q": "truong"}).text

    client.logout()
    for url in [reverse("units:list"), *urls]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
