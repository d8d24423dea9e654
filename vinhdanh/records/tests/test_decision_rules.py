"""The checks of decision registration, and decisions cited by corrections and revocations."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.people.models import Person
from vinhdanh.records.models import Decision, DecisionLine, Entry, EntryKind, Operation
from vinhdanh.records.rules import EntryData
from vinhdanh.records.selectors import list_decision_lines, list_decisions
from vinhdanh.records.services import (
    DecisionLineIn,
    DecisionLinesInvalid,
    DecisionRef,
    correct_entry,
    record_entry,
    register_decision,
    revoke_entry,
)
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit

ART_93 = "Luật Thi đua, khen thưởng 2022, Điều 93"
JAN_15 = dt.date(2025, 1, 15)


def _nothing_written() -> bool:
    return not (Decision.objects.exists() or DecisionLine.objects.exists()
                or Entry.objects.exists())


def _register(officer: User, issuer: OrgUnit, *lines: DecisionLineIn,
              number: str = "125/QĐ-UBND", date: dt.date = JAN_15) -> Decision:
    return register_decision(actor=officer, number=number, date=date, issuer=issuer,
                             lines=list(lines))


def test_number_is_unique_per_issuer_and_year(
    commune_officer: User, province: OrgUnit, commune: OrgUnit, person: Person,
) -> None:
    """Numbering restarts each year per issuing body; a repeat within the year is refused."""
    line = DecisionLineIn(subject=person, award_code="giay_khen")
    _register(commune_officer, province, line)
    for number, date in (("125/QĐ-UBND", dt.date(2025, 6, 1)),
                         ("125/QD-UBND", dt.date(2025, 6, 1))):  # written without diacritics
        with pytest.raises(Conflict) as refused:
            _register(commune_officer, province,
                      DecisionLineIn(subject=person, award_code="bang_khen_bo_tinh"),
                      number=number, date=date)
        assert refused.value.field == "number"
        assert "15/01/2025" in refused.value.message
    # Another year, or another issuing body, may use the same number.
    _register(commune_officer, province, DecisionLineIn(subject=person, award_code="giay_khen"),
              date=dt.date(2024, 3, 1))
    _register(commune_officer, commune, DecisionLineIn(subject=person, award_code="giay_khen"),
              date=dt.date(2025, 3, 1))
    assert Decision.objects.count() == 3
    assert Entry.objects.count() == 3


@time_machine.travel(dt.datetime(2025, 3, 1, 9, 0), tick=False)
def test_decision_dated_in_the_future_or_badly_numbered_is_refused(
    commune_officer: User, province: OrgUnit, person: Person,
) -> None:
    line = DecisionLineIn(subject=person, award_code="giay_khen")
    with pytest.raises(ValidationFailed) as future:
        _register(commune_officer, province, line, date=dt.date(2025, 3, 2))
    assert future.value.field == "date"
    assert "02/03/2025" in future.value.message
    for number in ("", "QĐ-UBND", "125 / QĐ", "số 125"):
        with pytest.raises(ValidationFailed) as bad:
            _register(commune_officer, province, line, number=number)
        assert bad.value.field == "number"
    assert _nothing_written()


def test_every_bad_line_is_named_and_nothing_is_written(
    commune_officer: User, province: OrgUnit, commune: OrgUnit, person: Person,
) -> None:
    """Line problems are all reported at once, by line and field, before any write."""
    lan = make_person(commune, "Trần Thị Lan", dt.date(1985, 7, 9))
    with pytest.raises(DecisionLinesInvalid) as refused:
        _register(
            commune_officer, province,
            DecisionLineIn(subject=person, award_code="giay_khen", amount_vnd=500_000),
            DecisionLineIn(subject=lan, award_code="huan_chuong_mat_trang"),
            DecisionLineIn(subject=lan, award_code="tap_the_lao_dong_xuat_sac"),
            DecisionLineIn(subject=person, award_code="bang_khen_bo_tinh", amount_vnd=-1),
            DecisionLineIn(subject=person, award_code="giay_khen"),
        )
    problems = [(p.line, p.field) for p in refused.value.problems]
    assert problems == [(2, "award_code"), (3, "award_code"), (4, "amount_vnd"), (5, "")]
    messages = [p.message for p in refused.value.problems]
    assert "huan_chuong_mat_trang" in messages[0]
    assert messages[3].startswith("Dòng 5 lặp lại dòng 1")
    assert _nothing_written()


def test_issuer_must_be_the_officers_unit_or_above_it(
    commune_officer: User, outsider: User, province: OrgUnit, commune: OrgUnit,
    other_commune: OrgUnit, person: Person,
) -> None:
    line = DecisionLineIn(subject=person, award_code="giay_khen")
    with pytest.raises(ValidationFailed) as refused:
        _register(commune_officer, other_commune, line)
    assert refused.value.field == "issuer"
    # The neighbouring officer may not award this commune's people at all.
    with pytest.raises(PermissionDenied):
        _register(outsider, province, line)
    assert _nothing_written()
    _register(commune_officer, commune, line)
    assert AuditEvent.objects.filter(action="records.decision_registered").count() == 1


def test_revocation_registers_its_decision_once_and_refuses_a_clashing_date(
    commune_officer: User, outsider: User, province: OrgUnit, commune: OrgUnit, person: Person,
) -> None:
    lan = make_person(commune, "Trần Thị Lan", dt.date(1985, 7, 9))
    decision = _register(commune_officer, province,
                         DecisionLineIn(subject=person, award_code="giay_khen"),
                         DecisionLineIn(subject=lan, award_code="giay_khen"))
    an_entry, lan_entry = Entry.objects.filter(decision=decision).order_by("pk")
    ref = DecisionRef(number="310/QĐ-UBND", date=dt.date(2025, 6, 20), issuer=province,
                      signer_name="Lê Văn Hùng")
    with pytest.raises(PermissionDenied):
        revoke_entry(actor=outsider, entry=an_entry, source=ref, reason="x", legal_basis=ART_93)
    assert Decision.objects.count() == 1

    first = revoke_entry(actor=commune_officer, entry=an_entry, source=ref,
                         reason="Khai man", legal_basis=ART_93)
    second = revoke_entry(actor=commune_officer, entry=lan_entry, source=ref,
                          reason="Khai man", legal_basis=ART_93)
    assert first.decision_id == second.decision_id
    revoking = Decision.objects.get(number="310/QĐ-UBND")
    assert revoking.signer_name == "Lê Văn Hùng"
    assert not revoking.lines.exists()

    # The register shows each line's fate and finds the line-less revoking decision.
    assert [line.replaced_by for line in list_decision_lines(decision)] == [  # type: ignore[attr-defined]
        Operation.REVOCATION, Operation.REVOCATION]
    assert revoking in list(list_decisions(commune_officer))

    third = make_person(commune, "Lê Văn Ba", dt.date(1990, 1, 1))
    other = _register(commune_officer, commune,
                      DecisionLineIn(subject=third, award_code="giay_khen"),
                      number="2/QĐ-UBND")
    clash = DecisionRef(number="310/QĐ-UBND", date=dt.date(2025, 7, 1), issuer=province)
    with pytest.raises(Conflict) as refused:
        revoke_entry(actor=commune_officer, entry=Entry.objects.get(decision=other),
                     source=clash, reason="x", legal_basis=ART_93)
    assert refused.value.field == "decision_number"
    assert Entry.objects.filter(operation=Operation.REVOCATION).count() == 2


def test_correction_without_a_decision_cites_the_original_source(
    commune_officer: User, person: Person, decision: Decision,
) -> None:
    original = record_entry(actor=commune_officer, subject=person, source=decision,
                            data=EntryData(kind=EntryKind.TASK_RATING, year=2023,
                                           rating="good"))
    correction = correct_entry(actor=commune_officer, entry=original,
                               data=EntryData(kind=EntryKind.TASK_RATING, year=2023,
                                              rating="excellent"),
                               reason="Chép nhầm mức xếp loại",
                               legal_basis="Quyết định 125/QĐ-UBND")
    assert correction.decision_id == decision.pk
    assert correction.supersedes_id == original.pk
