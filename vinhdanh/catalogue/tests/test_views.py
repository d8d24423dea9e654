"""Catalogue pages and API: what an officer and an administrator see and may do."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import requires_two_factor
from vinhdanh.accounts.testing import login_verified
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.catalogue.models import AwardRule
from vinhdanh.units.models import OrgUnit

TODAY = dt.datetime(2025, 9, 15, 9, 0, tzinfo=dt.UTC)


def _client(user: User) -> Client:
    """Log in as `user`; administrators pass the TOTP step as they must in real life."""
    client = Client()
    if requires_two_factor(user):
        login_verified(client, user)
    else:
        client.force_login(user)
    return client


def test_list_filters_and_searches_without_diacritics(
    catalogue: ImportReport, commune_officer: User, django_assert_num_queries: Any
) -> None:
    client = _client(commune_officer)
    url = reverse("catalogue:list")
    # 1: session; 2: user; 3: the user's role grants; 4: award types
    with django_assert_num_queries(4):
        response = client.get(url, {"q": "chien si thi dua", "kind": "emulation_title"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chiến sĩ thi đua cơ sở" in body
    assert "Lao động tiên tiến" not in body


def test_list_requires_login(catalogue: ImportReport, client: Client) -> None:
    response = client.get(reverse("catalogue:list"))
    assert response.status_code == 302


@time_machine.travel(TODAY, tick=False)
def test_detail_shows_unverified_status_and_money_at_todays_salary(
    catalogue: ImportReport, commune_officer: User, django_assert_num_queries: Any
) -> None:
    client = _client(commune_officer)
    url = reverse("catalogue:detail", kwargs={"code": "huan_chuong_ho_chi_minh"})
    # 1: session; 2: user; 3: grants; 4: award type; 5: its rule versions with rule sets
    # and authors; 6: base salary on today; 7: local overrides with units
    with django_assert_num_queries(7):
        response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "CHƯA ĐƯỢC KIỂM CHỨNG" in body
    assert "structured criteria of Law Art 35 (not read)" in body
    # 30.5 x 2,340,000 = 71,370,000
    assert "71.370.000 đ" in body
    assert "Sửa quy tắc" not in body  # an officer does not edit national rules


@time_machine.travel(TODAY, tick=False)
def test_detail_of_a_verified_award_has_no_warning(
    catalogue: ImportReport, system_admin: User
) -> None:
    body = _client(system_admin).get(
        reverse("catalogue:detail", kwargs={"code": "giay_khen"})
    ).content.decode()
    assert "CHƯA ĐƯỢC KIỂM CHỨNG" not in body
    assert "Sửa quy tắc" in body
    assert "710.000 đ" in body  # 0.3 x 2,340,000 = 702,000, rounded up to 710,000


def test_rule_edit_form_shows_problems_inline_and_saves_nothing(
    catalogue: ImportReport, system_admin: User
) -> None:
    url = reverse("catalogue:rule_edit",
                  kwargs={"code": "giay_khen", "rule_set": "decree_152_2025"})
    response = _client(system_admin).post(
        url, {"rules": "- {type: task_rating, min_level: superb}", "reason": "thử"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "criteria[0].min_level" in body
    assert "không hợp lệ" in body
    assert not AwardRule.objects.filter(award__code="giay_khen", version=2).exists()


def test_rule_edit_saves_a_new_version_for_an_admin_only(
    catalogue: ImportReport, system_admin: User, commune_officer: User
) -> None:
    url = reverse("catalogue:rule_edit",
                  kwargs={"code": "giay_khen", "rule_set": "decree_152_2025"})
    data = {"rules": "- {type: task_rating, min_level: good}", "reason": "Quy chế mới"}

    assert _client(commune_officer).post(url, data).status_code == 403
    response = _client(system_admin).post(url, data)

    assert response.status_code == 302
    assert AwardRule.objects.get(award__code="giay_khen", rule_set__code="decree_152_2025",
                                 is_current=True).version == 2
    history = _client(system_admin).get(
        reverse("catalogue:rule_history",
                kwargs={"code": "giay_khen", "rule_set": "decree_152_2025"})
    ).content.decode()
    assert "Phiên bản 2" in history
    assert "Quy chế mới" in history
    assert "+- type: task_rating" in history


def test_override_form_for_the_province_admin_only(
    catalogue: ImportReport, system_admin: User, commune_officer: User, province: OrgUnit
) -> None:
    url = reverse("catalogue:override_create", kwargs={"code": "tap_the_lao_dong_tien_tien"})
    data = {
        "unit": province.pk, "condition_key": "criteria[4]",
        "replacement": "- {type: no_discipline, from_level: canh_cao, who: any_member}",
        "effective_from": "2025-07-01", "legal_basis": "QĐ 25/2025/QĐ-UBND", "reason": "",
    }
    assert _client(commune_officer).get(url).status_code == 403
    response = _client(system_admin).post(url, data)
    assert response.status_code == 302
    body = _client(system_admin).get(
        reverse("catalogue:detail", kwargs={"code": "tap_the_lao_dong_tien_tien"})
    ).content.decode()
    assert "QĐ 25/2025/QĐ-UBND" in body


def test_api_lists_award_types(
    catalogue: ImportReport, commune_officer: User, django_assert_num_queries: Any
) -> None:
    client = _client(commune_officer)
    # 1: session; 2: user; 3: grants; 4: award types
    with django_assert_num_queries(4):
        response = client.get("/api/v1/catalogue/award-types", {"subject": "household"})
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert codes == ["gia_dinh_van_hoa", "bang_khen_thu_tuong", "bang_khen_bo_tinh", "giay_khen"]


def test_api_detail_with_rules_on_a_date(catalogue: ImportReport, commune_officer: User) -> None:
    response = _client(commune_officer).get(
        "/api/v1/catalogue/award-types/chien_si_thi_dua_co_so", {"on": "2024-05-01"}
    )
    data = response.json()
    assert response.status_code == 200
    assert data["rules"]["rule_set"] == "decree_98_2023"
    assert data["rules"]["criteria"][0]["any_of"][0]["type"] == "meets_title_criteria"
    assert data["money_coefficients"] == {"individual": 1.0, "collective": None}


def test_api_base_salary_on_a_date(catalogue: ImportReport, commune_officer: User) -> None:
    client = _client(commune_officer)
    response = client.get("/api/v1/catalogue/base-salary", {"on": "2026-07-01"})
    assert response.json()["amount"] == 2_530_000
    missing = client.get("/api/v1/catalogue/base-salary", {"on": "2010-01-01"})
    assert missing.status_code == 404
    assert "01/01/2010" in missing.json()["message"]
