"""Defining movements: who may, and which definitions are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, DomainError, ValidationFailed
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit


def test_commune_officer_cannot_launch_for_the_province(
    province: OrgUnit, commune_officer: User, province_officer: User
) -> None:
    kwargs = {"code": "thi-dua-2026", "name": "Thi đua yêu nước 2026", "launched_by": province,
              "start": dt.date(2026, 1, 1), "end": dt.date(2026, 12, 31)}
    with pytest.raises(PermissionDenied):
        services.create_movement(actor=commune_officer, **kwargs)  # type: ignore[arg-type]
    movement = services.create_movement(actor=province_officer, **kwargs)  # type: ignore[arg-type]
    assert movement.status == "draft"
    assert AuditEvent.objects.filter(action="movements.create").count() == 1
    with pytest.raises(Conflict):
        services.create_movement(actor=province_officer, **kwargs)  # type: ignore[arg-type]


def test_life_cycle_follows_the_allowed_transitions(
    movement: Movement, province_officer: User
) -> None:
    with pytest.raises(DomainError):
        services.change_movement_status(actor=province_officer, movement=movement,
                                        to="closed")
    moved = services.change_movement_status(actor=province_officer, movement=movement,
                                            to="in_progress")
    assert moved.status == "in_progress"


def test_inconsistent_definitions_are_refused(movement: Movement, province_officer: User) -> None:
    with pytest.raises(ValidationFailed):
        services.define_indicator(actor=province_officer, movement=movement, code="pct",
                                  name="Tỷ lệ", aggregation="ratio")
    with pytest.raises(ValidationFailed):
        services.define_rule(actor=province_officer, movement=movement, kind="sum_equals",
                             left_codes=["ghost"], right_code="planned", message="x")
    redefined = services.define_indicator(actor=province_officer, movement=movement,
                                          code="done", name="Nhà đã bàn giao",
                                          aggregation="sum", period_type="month")
    assert (redefined.name, movement.indicators.count()) == ("Nhà đã bàn giao", 4)
