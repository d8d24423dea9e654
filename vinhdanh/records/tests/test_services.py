"""Recording, correcting and revoking ledger entries; the history and the register."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import clear_policy_cache
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, Entry, EntryKind, Operation
from vinhdanh.records.rules import EntryData
from vinhdanh.records.selectors import (
    DecisionFilters,
    effective_entries,
    get_history,
    list_decisions,
)
from vinhdanh.records.services import (
    DecisionLineIn,
    correct_entry,
    record_entry,
    register_decision,
    revoke_entry,
)
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit

TITLE_2023 = EntryData(kind=EntryKind.TITLE, year=2023, award_code="lao_dong_tien_tien")


def test_officer_records_title_and_refused_outsider(
    commune_officer: User, outsider: User, person: Person, decision: Decision
) -> None:
    """The commune's officer records a title; the neighbouring commune's officer cannot."""
    entry = record_entry(actor=commune_officer, subject=person, data=TITLE_2023,
                         source=decision)
    assert entry.unit == person.unit
    assert AuditEvent.objects.filter(action="records.entry_recorded",
                                      target_id=str(entry.pk)).exists()
    with pytest.raises(PermissionDenied):
        record_entry(actor=outsider, subject=person, data=TITLE_2023.with_changes(year=2022),
                     source=decision)
    assert Entry.objects.count() == 1


def test_wrong_award_for_subject_is_refused(
    commune_officer: User, person: Person, decision: Decision
) -> None:
    """A collective title cannot be entered for an individual."""
    data = TITLE_2023.with_changes(award_code="tap_the_lao_dong_xuat_sac")
    with pytest.raises(ValidationFailed):
        record_entry(actor=commune_officer, subject=person, data=data, source=decision)
    assert not Entry.objects.exists()


def test_correction_and_revocation_keep_both_entries(
    commune_officer: User, person: Person, decision: Decision
) -> None:
    """A correction and a revocation are new entries; the history shows all of them."""
    original = record_entry(actor=commune_officer, subject=person, data=TITLE_2023,
                            source=decision)
    corrected = correct_entry(
        actor=commune_officer, entry=original,
        data=TITLE_2023.with_changes(award_code="chien_si_thi_dua_co_so"), source=decision,
        reason="Nhập nhầm danh hiệu", legal_basis="Quyết định 125/QĐ-UBND",
    )
    with pytest.raises(Conflict):
        revoke_entry(actor=commune_officer, entry=original, source=decision,
                     reason="x", legal_basis="y")
    revoked = revoke_entry(
        actor=commune_officer, entry=corrected, source=decision,
        reason="Khai man thành tích", legal_basis="Luật Thi đua, khen thưởng 2022, Điều 93",
    )
    history = get_history(person)
    assert [e.pk for e in history] == [original.pk, corrected.pk, revoked.pk]
    assert [e.operation for e in history] == [Operation.RECORD, Operation.CORRECTION,
                                              Operation.REVOCATION]
    assert [e.is_superseded for e in history] == [True, True, False]  # type: ignore[attr-defined]
    assert not effective_entries(Entry.objects.filter(person=person)).exists()


def test_correction_needs_reason_and_legal_basis(
    commune_officer: User, person: Person, decision: Decision
) -> None:
    original = record_entry(actor=commune_officer, subject=person, data=TITLE_2023,
                            source=decision)
    with pytest.raises(ValidationFailed):
        correct_entry(actor=commune_officer, entry=original,
                      data=TITLE_2023.with_changes(year=2022), source=decision,
                      reason="", legal_basis="")
    assert Entry.objects.count() == 1


def test_history_is_one_query(
    commune_officer: User, person: Person, decision: Decision,
    django_assert_num_queries: Any,
) -> None:
    for year in range(2010, 2024):
        record_entry(actor=commune_officer, subject=person,
                     data=EntryData(kind=EntryKind.TASK_RATING, year=year, rating="good"),
                     source=decision)
    # 1: entries of the person joined with decision, issuer and import batch, with EXISTS
    with django_assert_num_queries(1):
        history = get_history(person)
        labels = [(e.year, e.decision.issuer.name if e.decision else "") for e in history]
    assert len(labels) == 14


def test_register_decision_and_search_register(
    commune_officer: User, outsider: User, commune: OrgUnit, province: OrgUnit,
    django_assert_num_queries: Any,
) -> None:
    """A decision creates its lines and entries; the register finds it by folded name."""
    duc = make_person(commune, "Nguyễn Văn Đức", dt.date(1975, 3, 2))
    lan = make_person(commune, "Trần Thị Lan", dt.date(1985, 7, 9))
    decision = register_decision(
        actor=commune_officer, number="312/QĐ-UBND", date=dt.date(2025, 1, 10),
        issuer=province, signer_name="Lê Văn Hùng", signer_title="Chủ tịch",
        lines=[DecisionLineIn(subject=duc, award_code="chien_si_thi_dua_co_so",
                              amount_vnd=2_970_000, base_salary_vnd=2_340_000,
                              period_year=2024),
               DecisionLineIn(subject=lan, award_code="bang_khen_bo_tinh",
                              amount_vnd=2_340_000, base_salary_vnd=2_340_000)],
    )
    assert Entry.objects.filter(decision=decision).count() == 2
    assert Entry.objects.get(person=duc).year == 2024
    clear_policy_cache(commune_officer)  # count the scope look-up too
    # 1: the officer's role grants (scope); 2: the decisions with issuer and line count
    with django_assert_num_queries(2):
        found = list(list_decisions(commune_officer, DecisionFilters(awardee="nguyen van duc")))
    assert [d.pk for d in found] == [decision.pk]
    assert found[0].line_count == 2  # type: ignore[attr-defined]
    assert list(list_decisions(commune_officer, DecisionFilters(number="999"))) == []
    assert list(list_decisions(outsider)) == []
