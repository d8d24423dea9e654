"""What an officer sees on a finished or waiting sweep: rows nearest the subject first,
an export link that follows the filters, and a waiting bar that does not read as done."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import clear_policy_cache
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.eligibility import services
from vinhdanh.eligibility.models import SweepRun, SweepStatus
from vinhdanh.eligibility.panel import LEVEL_RANK, bundled_levels
from vinhdanh.eligibility.selectors import ResultFilters, list_sweep_results
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.units.models import OrgUnit


def test_rows_come_nearest_level_first_and_export_keeps_the_order_and_filters(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit,
    record: Record,
) -> None:
    excellent_fighter(record, make_person(commune, "Trần Thị Mai"), initiative=False)
    run = services.run_sweep(actor=commune_officer, unit=commune, year=2025)
    rows = list(list_sweep_results(run))
    levels = bundled_levels()
    ranks = [LEVEL_RANK[levels[row.award_code]] for row in rows]
    assert ranks == sorted(ranks)
    assert rows[0].award_code in ("chien_si_thi_dua_co_so", "lao_dong_tien_tien", "giay_khen")
    assert levels[rows[-1].award_code] == "state"

    client.force_login(commune_officer)
    url = reverse("eligibility:sweep_detail", args=[run.pk])
    fragment = client.get(url, {"kind": "eligible"}, HTTP_HX_REQUEST="true").content.decode()
    export_url = reverse("eligibility:sweep_export", args=[run.pk]) + "?kind=eligible"
    assert f'href="{export_url}"' in fragment
    export = client.get(export_url)
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    written = [r[2] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert written == [r.award_name for r in list_sweep_results(run) if r.kind == "eligible"]

    everything = client.get(url).content.decode()
    assert f'href="{reverse("eligibility:sweep_export", args=[run.pk])}"' in everything


def test_waiting_sweep_shows_a_waiting_bar_not_a_full_one(
    client: Client, commune_officer: User, commune: OrgUnit
) -> None:
    run = SweepRun.objects.create(unit=commune, year=2025, decision_date="2025-12-31",
                                  started_by=commune_officer, status=SweepStatus.QUEUED)
    client.force_login(commune_officer)
    html = client.get(reverse("eligibility:sweep_detail", args=[run.pk])).content.decode()
    assert "Đang chờ xử lý" in html
    assert "100%</div>" not in html
    assert 'hx-trigger="every 1s"' in html


def test_level_filter_splits_own_awards_from_government_and_state_ones(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    commune: OrgUnit, record: Record, django_assert_num_queries: Any,
) -> None:
    excellent_fighter(record, make_person(commune, "Trần Thị Mai"))
    run = services.run_sweep(actor=commune_officer, unit=commune, year=2025)
    levels = bundled_levels()
    client.force_login(commune_officer)
    url = reverse("eligibility:sweep_detail", args=[run.pk])
    export_url = reverse("eligibility:sweep_export", args=[run.pk])
    names = {row.award_name: levels[row.award_code] for row in list_sweep_results(run)}

    clear_policy_cache(commune_officer)
    # 1 session; 2 user; 3 role grants; 4 the run with unit and starter; 5 count of
    # matching rows; 6 the page of rows; 7 awards present in the run (filter choices)
    with django_assert_num_queries(7):
        own = client.get(url, {"level": "own"})
    assert "Cơ sở, bộ, ngành, tỉnh" in own.content.decode()
    # 1 session; 2 user; 3 role grants; 4 the run; 5 the matching rows, streamed
    with django_assert_num_queries(5):
        higher = client.get(export_url, {"level": "higher"})
    sheet = load_workbook(io.BytesIO(higher.content)).active
    assert sheet is not None
    written = [r[2] for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert written
    assert {names[name] for name in written} <= {"government", "state"}
    own_rows = list(list_sweep_results(run, ResultFilters(level="own")))
    assert own_rows
    assert not {levels[r.award_code] for r in own_rows} & {"government", "state"}
    assert len(own_rows) + len(written) == list_sweep_results(run).count()

    client.force_login(outsider)
    assert client.get(url, {"level": "own"}).status_code == 404
