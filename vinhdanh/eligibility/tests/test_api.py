"""/api/v1/eligibility/: a person's verdicts, sweeps started, polled and read."""

from __future__ import annotations

from typing import Any

from django.test import Client

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import clear_policy_cache
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.people.models import Person
from vinhdanh.units.models import OrgUnit

BASE = "/api/v1/eligibility"


def test_person_verdicts_and_outsider_gets_404(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    mai: Person, record: Record,
) -> None:
    excellent_fighter(record, mai)
    client.force_login(commune_officer)
    body = client.get(f"{BASE}/persons/{mai.pk}", {"year": 2025}).json()
    assert body["rule_set"] == "decree_152_2025"
    fighter = next(a for a in body["awards"] if a["award_code"] == "chien_si_thi_dua_bo_tinh")
    assert fighter["verdict"] == "needs_confirmation"
    assert fighter["to_confirm"]
    assert fighter["lines"][0]["legal_basis"]
    client.force_login(outsider)
    assert client.get(f"{BASE}/persons/{mai.pk}", {"year": 2025}).status_code == 404


def test_sweep_start_status_and_results(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    commune: OrgUnit, record: Record, django_assert_num_queries: Any,
) -> None:
    for index in range(3):
        excellent_fighter(record, make_person(commune, f"Cán bộ {index}"),
                          initiative=index == 0)
    client.force_login(commune_officer)
    started = client.post(f"{BASE}/sweeps", {"unit_id": commune.pk, "year": 2025},
                          content_type="application/json")
    assert started.status_code == 202
    run_id = started.json()["id"]
    status = client.get(f"{BASE}/sweeps/{run_id}").json()
    assert status["status"] == "done"
    assert status["processed"] == status["total"] == 4
    assert status["percent"] == 100

    clear_policy_cache(commune_officer)
    # 1 session; 2 user; 3 role grants; 4 the run; 5 count of matching rows; 6 the page
    with django_assert_num_queries(6):
        page = client.get(f"{BASE}/sweeps/{run_id}/results",
                          {"result": "almost", "award": "chien_si_thi_dua_bo_tinh"})
    items = page.json()["items"]
    assert page.json()["count"] == 2 == len(items)
    assert all(item["missing"] for item in items)

    client.force_login(outsider)
    assert client.get(f"{BASE}/sweeps/{run_id}").status_code == 404
    assert client.get(f"{BASE}/sweeps/{run_id}/results").status_code == 404
    refused = client.post(f"{BASE}/sweeps", {"unit_id": commune.pk, "year": 2025},
                          content_type="application/json")
    assert refused.status_code == 404


def test_sweep_with_bad_year_says_why(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit
) -> None:
    client.force_login(commune_officer)
    response = client.post(f"{BASE}/sweeps", {"unit_id": commune.pk, "year": 1990},
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field"] == "year"
    assert "1990" in response.json()["message"]
