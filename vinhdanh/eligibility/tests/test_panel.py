"""The "what can be proposed?" panel of a person, a household and a unit."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import clear_policy_cache
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.eligibility.selectors import check_subject
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.people.models import Household, HouseholdMember, Person
from vinhdanh.records.models import EntryKind
from vinhdanh.units.models import OrgUnit


def _get(client: Client, user: User, url: str) -> Any:
    client.force_login(user)
    return client.get(url, {"year": 2025}, HTTP_HX_REQUEST="true")


def test_person_panel_lists_awards_and_refuses_outsider(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    mai: Person, record: Record,
) -> None:
    excellent_fighter(record, mai, initiative=False)
    url = reverse("eligibility:person_panel", args=[mai.pk])
    response = _get(client, commune_officer, url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Có thể đề nghị khen thưởng gì?" in html
    assert "Chiến sĩ thi đua Bộ, ban, ngành, tỉnh" in html
    assert "Còn thiếu đúng một điều kiện" in html
    assert "Luật 06/2022/QH15, Điều" in html  # each line cites its legal basis
    assert _get(client, outsider, url).status_code == 404


def test_panel_puts_the_units_own_awards_first_and_sets_state_orders_apart(
    client: Client, catalogue: ImportReport, commune_officer: User, mai: Person,
    record: Record,
) -> None:
    """State orders whose computable conditions hold come after, collapsed, the awards the
    ward and the province confer; awards for another population are not "one short"."""
    excellent_fighter(record, mai, initiative=False)
    result = check_subject(commune_officer, mai, year=2025)
    eligible, to_confirm, almost = result.sections
    assert [i.check.award_code for i in eligible.own] == ["chien_si_thi_dua_co_so"]
    assert eligible.own[0].reward == "2.340.000 đ"
    own = [i.check.award_code for i in to_confirm.own]
    assert own[:2] == ["lao_dong_tien_tien", "giay_khen"]  # grassroots level first
    assert "bang_khen_bo_tinh" in own
    assert not any(code.startswith("huan_chuong") for code in own)
    higher = [i.check.award_code for i in to_confirm.higher]
    assert "huan_chuong_lao_dong_hang_ba" in higher
    assert {i.level for i in to_confirm.higher} <= {"government", "state"}
    ranks = [i.rank for i in to_confirm.higher]
    assert ranks == sorted(ranks)  # Government before State
    missing_one = {i.check.award_code for i in (*almost.own, *almost.higher)}
    assert "chien_si_thi_dua_bo_tinh" in missing_one
    # Armed forces and foreigners' awards fail on who Mai is, which she cannot change.
    assert not missing_one & {"chien_si_tien_tien", "huan_chuong_huu_nghi",
                              "huan_chuong_quan_cong"}

    html = _get(client, commune_officer,
                reverse("eligibility:person_panel", args=[mai.pk])).content.decode()
    collapsed = html.index('data-testid="higher-needs_confirmation"')
    assert html.index("Lao động tiên tiến") < collapsed
    assert collapsed < html.index("Huân chương Lao động hạng Ba")
    assert "Khen thưởng cấp Nhà nước, Chính phủ (" in html
    assert "tiền thưởng 2.340.000 đ" in html
    assert "Cấp cơ sở" in html


def test_unit_and_household_panels_refuse_outsider(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    commune: OrgUnit, mai: Person,
) -> None:
    household = Household.objects.create(code="HK-01", head=mai, unit=commune)
    HouseholdMember.objects.create(household=household, person=mai, relation="head")
    for name, pk in (("eligibility:unit_panel", commune.pk),
                     ("eligibility:household_panel", household.pk)):
        url = reverse(name, args=[pk])
        assert _get(client, commune_officer, url).status_code == 200
        assert _get(client, outsider, url).status_code == 404


def test_panel_without_catalogue_says_bundled_rules_are_used(
    client: Client, commune_officer: User, mai: Person
) -> None:
    response = _get(client, commune_officer, reverse("eligibility:person_panel", args=[mai.pk]))
    assert response.status_code == 200
    assert "Danh mục khen thưởng chưa được nhập" in response.content.decode()


def _count_panel(client: Client, user: User, person: Person,
                 django_assert_num_queries: Any) -> None:
    client.force_login(user)
    url = reverse("eligibility:person_panel", args=[person.pk])
    clear_policy_cache(user)
    # 1: session; 2: user; 3: role grants (scope); 4: person with unit, scoped;
    # 5: current catalogue rules with award and rule set; 6: local overrides;
    # 7: base salaries; 8: the person's employments; 9: the person's effective entries
    with django_assert_num_queries(9):
        response = client.get(url, {"year": 2025}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_panel_queries_do_not_grow_with_history(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit,
    record: Record, django_assert_num_queries: Any,
) -> None:
    short = make_person(commune, "Ngắn")
    record(short, EntryKind.TASK_RATING, 2025, rating="good")
    long = make_person(commune, "Dài")
    for year in range(2005, 2026):
        record(long, EntryKind.TASK_RATING, year, rating="excellent")
        record(long, EntryKind.TITLE, year, award_code="lao_dong_tien_tien")
    _count_panel(client, commune_officer, short, django_assert_num_queries)
    _count_panel(client, commune_officer, long, django_assert_num_queries)

