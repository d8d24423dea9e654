"""Roll-ups through the tree and its lineage, in a constant number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.movements import rollup, services
from vinhdanh.units.models import (
    ChangeKind,
    LinkRole,
    OrgUnit,
    UnitChange,
    UnitChangeLink,
    UnitKind,
)
from vinhdanh.units.tree import insert_unit

MERGE = dt.date(2025, 7, 1)


@pytest.fixture
def old_tree(db: None) -> dict[str, Any]:
    """A province whose commune A merges into commune B on 1 July 2025."""
    province = insert_unit(code="36", name="Tỉnh Nam Định", kind=UnitKind.PROVINCE)
    a = insert_unit(code="A", name="Xã Hải An", kind=UnitKind.COMMUNE, parent=province,
                    valid_to=MERGE)
    b = insert_unit(code="B", name="Xã Hải Bắc", kind=UnitKind.COMMUNE, parent=province)
    c = insert_unit(code="C", name="Xã Hải Châu", kind=UnitKind.COMMUNE, parent=province)
    change = UnitChange.objects.create(kind=ChangeKind.MERGE, effective_date=MERGE,
                                       natural_key="merge-a-b")
    UnitChangeLink.objects.bulk_create([
        UnitChangeLink(change=change, unit=a, role=LinkRole.PREDECESSOR),
        UnitChangeLink(change=change, unit=b, role=LinkRole.PREDECESSOR),
        UnitChangeLink(change=change, unit=b, role=LinkRole.SUCCESSOR),
    ])
    officer = make_user("can_bo_nd", Role.EMULATION_OFFICER, province)
    movement = services.create_movement(
        actor=officer, code="nha-o", name="Nhà ở", launched_by=province,
        start=dt.date(2024, 1, 1), end=dt.date(2025, 12, 31))
    planned = services.define_indicator(actor=officer, movement=movement, code="planned",
                                        name="Kế hoạch", aggregation="sum", period_type="month",
                                        target=Decimal(300))
    done = services.define_indicator(actor=officer, movement=movement, code="done",
                                     name="Hoàn thành", aggregation="sum", period_type="month")
    services.define_indicator(actor=officer, movement=movement, code="done_pct", name="Tỷ lệ",
                              aggregation="ratio", numerator=done, denominator=planned,
                              target=Decimal(100))
    services.define_indicator(actor=officer, movement=movement, code="met", name="Đạt chuẩn",
                              aggregation="share_true", period_type="year",
                              target=Decimal(90))
    movement = services.launch_movement(actor=officer, movement=movement)
    return {"province": province, "a": a, "b": b, "c": c, "officer": officer,
            "movement": movement}


def _enter(tree: dict[str, Any], unit: OrgUnit, period: str, **values: object) -> None:
    services.enter_values(actor=tree["officer"], movement=tree["movement"], unit=unit,
                          period=period, values=values)


def _by_code(
    progress: rollup.Progress | rollup.UnitProgress,
) -> dict[str, rollup.IndicatorProgress]:
    return {row.indicator.code: row for row in progress.rows}


def test_merged_commune_adds_into_its_successor_from_the_merge_date(
    old_tree: dict[str, Any],
) -> None:
    a, b, movement = old_tree["a"], old_tree["b"], old_tree["movement"]
    _enter(old_tree, a, "2025-05", done=7)
    _enter(old_tree, b, "2025-05", done=5)

    before = _by_code(rollup.progress(movement, b, MERGE - dt.timedelta(days=1)))
    after = _by_code(rollup.progress(movement, b, MERGE))
    assert (before["done"].value, before["done"].reporting_units) == (Decimal(5), 1)
    assert (after["done"].value, after["done"].reporting_units) == (Decimal(12), 2)
    for day in (MERGE - dt.timedelta(days=1), MERGE):
        whole = _by_code(rollup.progress(movement, old_tree["province"], day))
        assert whole["done"].value == 12
    ranking = {u.unit.code: _by_code(u)
               for u in rollup.breakdown(movement, old_tree["province"], MERGE)}
    assert set(ranking) == {"B", "C"}
    assert ranking["B"]["done"].value == 12


def test_monthly_flows_add_up_to_the_as_of_date_and_ratios_are_percentages(
    old_tree: dict[str, Any],
) -> None:
    b, c, movement = old_tree["b"], old_tree["c"], old_tree["movement"]
    _enter(old_tree, b, "2025-01", planned=200)
    _enter(old_tree, c, "2025-01", planned=85)
    _enter(old_tree, b, "2025-04", done=60)
    _enter(old_tree, b, "2025-05", done=30)
    _enter(old_tree, c, "2025-05", done=11)
    _enter(old_tree, b, "2024", met=True)
    _enter(old_tree, c, "2024", met=False)

    rows = _by_code(rollup.progress(movement, old_tree["province"], dt.date(2025, 5, 31)))
    assert rows["done"].value == 101
    assert rows["done_pct"].value == Decimal("35.44")
    assert rows["planned"].percent_of_target == Decimal("95.00")
    assert rows["met"].value == Decimal("50.00")
    early = _by_code(rollup.progress(movement, old_tree["province"], dt.date(2025, 5, 30)))
    assert early["done"].value == 60


def test_progress_takes_constant_queries_whatever_the_unit_count(
    old_tree: dict[str, Any], django_assert_num_queries: Any
) -> None:
    province, movement = old_tree["province"], old_tree["movement"]

    def measure_with(extra: int) -> None:
        for n in range(extra):
            unit = insert_unit(code=f"X{extra}{n}", name=f"Xã {n}", kind=UnitKind.COMMUNE,
                               parent=province)
            _enter(old_tree, unit, "2025-03", done=n, planned=10)
        # 1: indicators; 2: lineage links; 3: one aggregate over the values
        with django_assert_num_queries(3):
            rollup.progress(movement, province, dt.date(2025, 6, 30))
        # 1: indicators; 2: lineage links; 3: child units; 4: the streamed values
        with django_assert_num_queries(4):
            rollup.breakdown(movement, province, dt.date(2025, 6, 30))

    measure_with(2)
    measure_with(15)


def test_user_who_may_not_enter_for_a_unit_cannot_touch_the_rollup(
    old_tree: dict[str, Any], outsider: User
) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        _enter({**old_tree, "officer": outsider}, old_tree["b"], "2025-05", done=1)
    assert rollup.progress(old_tree["movement"], old_tree["b"],
                           dt.date(2025, 6, 30)).rows[1].value is None
