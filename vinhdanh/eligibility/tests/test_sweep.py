"""Sweeps: a unit's subtree checked in the background, stored, filtered and exported."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import clear_policy_cache
from vinhdanh.audit.models import AuditEvent
from vinhdanh.catalogue.importer import ImportReport
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.eligibility import services
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun, SweepStatus
from vinhdanh.eligibility.selectors import ResultFilters, list_sweep_results
from vinhdanh.eligibility.tests.conftest import Record, excellent_fighter, make_person
from vinhdanh.people.models import Person
from vinhdanh.records.models import EntryKind
from vinhdanh.units.models import OrgUnit

FIGHTER = "chien_si_thi_dua_bo_tinh"


@pytest.fixture
def people(commune: OrgUnit, record: Record) -> list[Person]:
    """Six officers: two with a full CSTĐ tỉnh record, two missing the initiative,
    two with nothing recorded."""
    result = []
    for index in range(6):
        person = make_person(commune, f"Cán bộ {index}")
        if index < 2:
            excellent_fighter(record, person)
        elif index < 4:
            excellent_fighter(record, person, initiative=False)
        result.append(person)
    return result


def _run(user: User, unit: OrgUnit) -> SweepRun:
    run = services.run_sweep(actor=user, unit=unit, year=2025)
    run.refresh_from_db()
    return run


def test_sweep_stores_what_an_officer_can_act_on(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, people: list[Person]
) -> None:
    run = _run(commune_officer, commune)
    assert run.status == SweepStatus.DONE
    assert run.processed == run.total == 6 + 1  # six persons and the ward itself
    assert run.rules_source == "catalogue"
    fighter = SweepResult.objects.filter(run=run, award_code=FIGHTER)
    assert {r.person_id for r in fighter.filter(kind=ResultKind.NEEDS_CONFIRMATION)} == {
        people[0].pk, people[1].pk}
    almost = fighter.filter(kind=ResultKind.ALMOST)
    assert {r.person_id for r in almost} == {people[2].pk, people[3].pk}
    assert all("sáng kiến" in r.missing.lower() and r.missing_basis for r in almost)
    assert AuditEvent.objects.filter(action="eligibility.sweep_started").count() == 1


def test_sweep_refuses_outsider_and_bad_year(
    catalogue: ImportReport, commune_officer: User, outsider: User, commune: OrgUnit
) -> None:
    with pytest.raises(PermissionDenied):
        services.run_sweep(actor=outsider, unit=commune, year=2025)
    with pytest.raises(ValidationFailed) as caught:
        services.run_sweep(actor=commune_officer, unit=commune, year=2019)
    assert "2019" in caught.value.message
    assert not SweepRun.objects.exists()


def test_sweep_queries_are_per_batch_not_per_subject(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, record: Record,
    django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for index in range(12):
        person = make_person(commune, f"Người {index}")
        excellent_fighter(record, person, initiative=index % 2 == 0)
    monkeypatch.setattr(services, "BATCH_SIZE", 5)
    run = SweepRun.objects.create(unit=commune, year=2025, decision_date="2025-12-31",
                                  started_by=commune_officer)
    run = SweepRun.objects.select_related("unit").get(pk=run.pk)
    # 3 catalogue (rules, overrides, salaries); 8 subtree (units, employments, persons,
    # households, members, entries x3); 1 status update; 3 names; then per batch of five
    # subjects (13 subjects, 3 batches), in one transaction each (a savepoint inside the
    # test's transaction): savepoint, 1 multi-row insert, 1 progress update, release;
    # then 1 insert of the rows standing for groups of alike subjects.
    with django_assert_num_queries(3 + 8 + 1 + 3 + 3 * 4 + 1):
        counts = services.compute_sweep(run)
    assert counts["subjects"] == 13


def test_results_page_filters_and_export_matches(
    client: Client, catalogue: ImportReport, commune_officer: User, outsider: User,
    commune: OrgUnit, people: list[Person], django_assert_num_queries: Any,
) -> None:
    run = _run(commune_officer, commune)
    client.force_login(commune_officer)
    url = reverse("eligibility:sweep_detail", args=[run.pk])
    query = {"kind": "almost", "award": FIGHTER}
    clear_policy_cache(commune_officer)
    # 1 session; 2 user; 3 role grants; 4 the run with unit and starter; 5 count of
    # matching rows; 6 the page of rows; 7 awards present in the run (filter choices)
    with django_assert_num_queries(7):
        response = client.get(url, query)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Còn thiếu một điều kiện" in html
    page_rows = list(list_sweep_results(run, ResultFilters(kind="almost", award=FIGHTER)))
    assert len(page_rows) == 2
    for row in page_rows:
        assert row.subject_name in html

    # 1 session; 2 user; 3 role grants; 4 the run; 5 the matching rows, streamed
    with django_assert_num_queries(5):
        export = client.get(reverse("eligibility:sweep_export", args=[run.pk]), query)
    assert export.status_code == 200
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    values = [list(r) for r in sheet.iter_rows(min_row=3, values_only=True)]
    assert [(v[0], v[2], v[3]) for v in values] == [
        (r.subject_name, r.award_name, "Còn thiếu một điều kiện") for r in page_rows]
    assert all(v[4] for v in values)  # the missing condition is written out

    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("eligibility:sweep_export", args=[run.pk])).status_code == 404


def test_sweep_pages_start_and_show_progress(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit,
    people: list[Person],
) -> None:
    client.force_login(commune_officer)
    form = client.get(reverse("eligibility:sweep_new"))
    assert "Bắt đầu rà soát" in form.content.decode()
    response = client.post(reverse("eligibility:sweep_new"),
                           {"unit": commune.pk, "year": 2025, "decision_date": "15/01/2026"})
    run = SweepRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("eligibility:sweep_detail", args=[run.pk])
    assert run.decision_date.isoformat() == "2026-01-15"
    progress = client.get(reverse("eligibility:sweep_detail", args=[run.pk]),
                          {"progress": 1}, HTTP_HX_REQUEST="true")
    assert "7/7" in progress.content.decode() or "7" in progress.content.decode()
    assert progress["HX-Refresh"] == "true"
    listing = client.get(reverse("eligibility:sweep_list"))
    assert commune.name in listing.content.decode()


def test_sweep_list_queries(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit,
    django_assert_num_queries: Any,
) -> None:
    for _ in range(3):
        services.run_sweep(actor=commune_officer, unit=commune, year=2025)
    client.force_login(commune_officer)
    clear_policy_cache(commune_officer)
    # 1 session; 2 user; 3 role grants; 4 count; 5 the page of runs with unit and starter
    with django_assert_num_queries(5):
        response = client.get(reverse("eligibility:sweep_list"))
    assert response.content.decode().count(commune.name) >= 3


def test_running_sweep_shows_polled_progress_bar(
    client: Client, commune_officer: User, outsider: User, commune: OrgUnit
) -> None:
    run = SweepRun.objects.create(unit=commune, year=2025, decision_date="2025-12-31",
                                  started_by=commune_officer, status=SweepStatus.RUNNING,
                                  total=200, processed=50)
    client.force_login(commune_officer)
    html = client.get(reverse("eligibility:sweep_detail", args=[run.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "Đã xét 50/200 đối tượng" in html
    assert "25%" in html
    poll = client.get(reverse("eligibility:sweep_detail", args=[run.pk]), {"progress": 1},
                      HTTP_HX_REQUEST="true")
    assert "HX-Refresh" not in poll
    client.force_login(outsider)
    assert client.get(reverse("eligibility:sweep_detail", args=[run.pk]),
                      {"progress": 1}, HTTP_HX_REQUEST="true").status_code == 404


def _stored(run: SweepRun) -> list[tuple[object, ...]]:
    return sorted(SweepResult.objects.filter(run=run).values_list(
        "subject_kind", "subject_name", "subjects", "award_code", "kind", "missing",
        "missing_basis", "to_confirm", "person_id", "household_id", "collective_id"),
        key=repr)


def test_forked_workers_store_what_one_process_stores(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, record: Record,
    settings: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    for index in range(9):
        person = make_person(commune, f"Người {index}")
        if index % 3:
            excellent_fighter(record, person, initiative=index % 2 == 0)
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    settings.ELIGIBILITY_SWEEP_WORKERS = 1
    alone = _run(commune_officer, commune)
    settings.ELIGIBILITY_SWEEP_WORKERS = 3
    settings.ELIGIBILITY_PARALLEL_FROM = 1
    run = SweepRun.objects.create(unit=commune, year=2025, decision_date="2025-12-31",
                                  started_by=commune_officer)
    counts = services.compute_sweep(SweepRun.objects.select_related("unit").get(pk=run.pk))
    assert counts["workers"] == 3
    assert alone.counts["workers"] == 1
    assert _stored(run) == _stored(alone) != []
    # Every verdict is counted once, whichever process computed it.
    assert {k: v for k, v in counts.items() if k != "workers"} == {
        k: v for k, v in alone.counts.items() if k != "workers"}


def test_a_failing_worker_fails_the_sweep_with_its_reason(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for index in range(4):
        make_person(commune, f"Người {index}")
    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    settings.ELIGIBILITY_SWEEP_WORKERS = 2
    settings.ELIGIBILITY_PARALLEL_FROM = 1

    def broken(self: object, book: object, history: object) -> object:
        raise RuntimeError("hỏng dữ liệu kiểm tra")

    # The engine is replaced only inside the forked workers' copy of this process:
    # what the test checks is that their failure reaches the run, nothing half-stored.
    monkeypatch.setattr(services._BatchJudge, "check", broken)
    run = _run(commune_officer, commune)
    assert run.status == SweepStatus.FAILED
    assert run.error == "RuntimeError: hỏng dữ liệu kiểm tra"
    assert not SweepResult.objects.filter(run=run).exists()


def test_awards_decided_by_who_the_subject_is_get_one_row_per_group(
    client: Client, catalogue: ImportReport, commune_officer: User, commune: OrgUnit,
    people: list[Person], record: Record,
) -> None:
    # A seventh officer under discipline: the Hồ Chí Minh Order (qualitative only) is
    # out of their reach this year, which names them, so it stays a row of their own.
    disciplined = make_person(commune, "Người bị kỷ luật")
    record(disciplined, EntryKind.DISCIPLINE, 2025, discipline_level="reprimand",
           start=dt.date(2025, 3, 1), end=dt.date(2026, 2, 28))
    run = _run(commune_officer, commune)
    order = SweepResult.objects.filter(run=run, award_code="huan_chuong_ho_chi_minh",
                                       subject_kind="individual")
    group = order.get(kind=ResultKind.NEEDS_CONFIRMATION)
    assert group.is_group
    assert group.subjects == 6
    assert group.subject_name == (
        "Nhóm cá nhân: Cán bộ, công chức, viên chức, người lao động — 6 đối tượng")
    assert group.to_confirm  # the qualitative condition a council weighs
    assert not order.filter(person=people[0]).exists()
    assert order.get(person=disciplined).kind == ResultKind.ALMOST
    # Awards read from the record stay one row per subject.
    assert SweepResult.objects.filter(run=run, award_code=FIGHTER, subjects=1,
                                      person__isnull=False).count() == 4
    # Every verdict is still counted subject by subject.
    assert run.counts["needs_confirmation"] >= 6

    client.force_login(commune_officer)
    query = {"award": "huan_chuong_ho_chi_minh", "kind": "needs_confirmation",
             "subject_kind": "individual"}
    html = client.get(reverse("eligibility:sweep_detail", args=[run.pk]), query)
    assert group.subject_name in html.content.decode()
    assert "một dòng cho cả nhóm" in html.content.decode()
    export = client.get(reverse("eligibility:sweep_export", args=[run.pk]), query)
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    assert [r[0] for r in sheet.iter_rows(min_row=3, values_only=True)] == [group.subject_name]


def test_deleting_a_subject_deletes_its_rows_without_a_database_constraint(
    catalogue: ImportReport, commune_officer: User, commune: OrgUnit, people: list[Person]
) -> None:
    # The subject keys are unchecked by the database (a million-row sweep paid for
    # checking each one); Django's on_delete still removes the subject's rows.
    run = _run(commune_officer, commune)
    gone = people[4]  # nothing recorded: the ledger protects a person with entries
    assert SweepResult.objects.filter(run=run, person=gone).exists()
    others = SweepResult.objects.filter(run=run).exclude(person=gone).count()
    gone_pk = gone.pk
    gone.delete()
    assert not SweepResult.objects.filter(person_id=gone_pk).exists()
    assert SweepResult.objects.filter(run=run).count() == others
