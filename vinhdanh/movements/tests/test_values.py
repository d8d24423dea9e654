"""Entering, submitting and approving a unit's values, with rules and locks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import DomainError
from vinhdanh.movements import services
from vinhdanh.movements.errors import RuleViolationsUnexplained, ValuesLocked, ValuesRejected
from vinhdanh.movements.models import DataValue, Movement, SubmissionStatus
from vinhdanh.units.models import OrgUnit

HOUSES = {"planned": 285, "started": 240, "not_started": 40, "done": 101}


def test_violation_is_shown_before_submission_and_blocks_approval_until_corrected(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values=HOUSES)
    shown = services.check_values(movement=movement, unit=commune, period="2025-08")
    assert [(v.left, v.right) for v in shown] == [(Decimal(280), Decimal(285))]

    submission = services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                                        period="2025-08")
    assert submission.violations[0]["message"].startswith("Đã khởi công")
    with pytest.raises(RuleViolationsUnexplained):
        services.approve_values(actor=province_officer, movement=movement, unit=commune,
                                period="2025-08")

    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"not_started": 45})
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08")
    approved = services.approve_values(actor=province_officer, movement=movement, unit=commune,
                                       period="2025-08")
    assert approved.status == SubmissionStatus.APPROVED


def test_explained_violation_may_be_approved(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values=HOUSES)
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08", explanation="5 hộ đã chuyển đi nơi khác")
    approved = services.approve_values(actor=province_officer, movement=movement, unit=commune,
                                       period="2025-08")
    assert approved.explanation == "5 hộ đã chuyển đi nơi khác"
    assert len(approved.violations) == 1


def test_approved_values_are_locked_until_reopened_by_the_level_above(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"done": 3})
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08")
    services.approve_values(actor=province_officer, movement=movement, unit=commune,
                            period="2025-08")
    with pytest.raises(ValuesLocked, match=r"khóa|locked"):
        services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                              period="2025-08", values={"done": 4})
    with pytest.raises(PermissionDenied):
        services.reopen_values(actor=commune_officer, movement=movement, unit=commune,
                               period="2025-08")
    services.reopen_values(actor=province_officer, movement=movement, unit=commune,
                           period="2025-08", reason="Sai số liệu")
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"done": 4})
    assert DataValue.objects.get(unit=commune, indicator__code="done").value_number == 4


def test_only_the_level_above_approves_and_returns(
    movement: Movement, commune: OrgUnit, commune_officer: User, commune_leader: User,
    outsider: User, province_officer: User,
) -> None:
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"done": 3})
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08")
    for refused in (commune_officer, commune_leader, outsider):
        with pytest.raises(PermissionDenied):
            services.approve_values(actor=refused, movement=movement, unit=commune,
                                    period="2025-08")
    with pytest.raises(DomainError):
        services.return_values(actor=province_officer, movement=movement, unit=commune,
                               period="2025-08", reason="  ")
    returned = services.return_values(actor=province_officer, movement=movement, unit=commune,
                                      period="2025-08", reason="Thiếu số liệu tháng 5")
    assert (returned.status, returned.reason) == ("returned", "Thiếu số liệu tháng 5")
    assert AuditEvent.objects.filter(action="movements.return",
                                     target_id=str(returned.pk)).exists()


def test_neighbouring_commune_cannot_enter_values(
    movement: Movement, commune: OrgUnit, outsider: User, commune_officer: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.enter_values(actor=outsider, movement=movement, unit=commune,
                              period="2025-08", values={"done": 3})
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"done": 3})
    assert DataValue.objects.filter(unit=commune).count() == 1


def test_bad_values_are_refused_by_indicator_and_nothing_is_written(
    movement: Movement, commune: OrgUnit, commune_officer: User
) -> None:
    with pytest.raises(ValuesRejected) as caught:
        services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                              period="2025-08", values={"done": "mười", "planned": 5,
                                                        "ghost": 1})
    assert set(caught.value.errors) == {"done", "ghost"}
    with pytest.raises(DomainError):
        services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                              period="2025", values={"done": 1})
    with pytest.raises(DomainError, match="2026-01"):
        services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                              period="2026-01", values={"done": 1})
    assert not DataValue.objects.exists()
