"""A small movement on the shared tree, built through the real services."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit


@pytest.fixture
def movement(province: OrgUnit, province_officer: User) -> Movement:
    movement = services.create_movement(
        actor=province_officer, code="xoa-nha-tam", name="Xóa nhà tạm, nhà dột nát",
        launched_by=province, start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    for code, name in [("planned", "Nhà cần hỗ trợ"), ("started", "Nhà đã khởi công"),
                       ("not_started", "Nhà chưa khởi công"), ("done", "Nhà đã hoàn thành")]:
        services.define_indicator(actor=province_officer, movement=movement, code=code,
                                  name=name, aggregation="sum", period_type="month")
    services.define_rule(actor=province_officer, movement=movement, kind="sum_equals",
                         left_codes=["started", "not_started"], right_code="planned",
                         message="Đã khởi công + chưa khởi công phải bằng số nhà cần hỗ trợ")
    return services.launch_movement(actor=province_officer, movement=movement)


@pytest.fixture
def commune_leader(commune: OrgUnit) -> User:
    return make_user("lanh_dao_xa", Role.UNIT_LEADER, commune)
