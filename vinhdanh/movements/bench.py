"""Synthetic data and a bare SQL baseline for timing `rollup.progress`.

The baseline is the least a roll-up can do: one GROUP BY over the values joined to
the subtree's units, with no lineage and no period semantics. The ratio of the two
tells how much the lineage mapping and the per-indicator windows cost.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from vinhdanh.movements.models import (
    Aggregation,
    DataValue,
    Indicator,
    Movement,
    MovementStatus,
    Participation,
)
from vinhdanh.movements.periods import PeriodType, periods_between
from vinhdanh.movements.rollup import progress
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit


@dataclass(frozen=True)
class BenchResult:
    values: int
    ours_seconds: float
    bare_seconds: float
    repeats: int


def build(*, units: int, indicators: int, months: int) -> tuple[Movement, OrgUnit, dt.date]:
    """Create a province with `units` communes reporting monthly sums; return the as-of date."""
    root = insert_unit(code="BENCH", name="Tỉnh thử nghiệm", kind=UnitKind.PROVINCE)
    communes = OrgUnit.objects.bulk_create(
        OrgUnit(code=f"BENCH-{n}", name=f"Xã {n}", name_folded=f"xa {n}",
                kind=UnitKind.COMMUNE, parent=root, depth=1)
        for n in range(units))
    for commune in communes:
        commune.path = f"{root.path}{commune.pk}/"
    OrgUnit.objects.bulk_update(communes, ["path"], batch_size=1000)
    start = dt.date(2021, 1, 1)
    months_list = periods_between(PeriodType.MONTH, start, start + dt.timedelta(days=31 * months))
    months_list = months_list[:months]
    movement = Movement.objects.create(code="bench-movement", name="Phong trào thử nghiệm",
                                       launched_by=root, start=start,
                                       end=months_list[-1].end, status=MovementStatus.LAUNCHED)
    Participation.objects.create(movement=movement, unit=root)
    created = Indicator.objects.bulk_create(
        Indicator(movement=movement, code=f"i{n}", name=f"Chỉ tiêu {n}",
                  aggregation=Aggregation.SUM, period_type=PeriodType.MONTH, position=n)
        for n in range(indicators))
    unit_ids = [commune.pk for commune in communes]
    batch: list[DataValue] = []
    for indicator in created:
        for unit_id in unit_ids:
            for period in months_list:
                batch.append(DataValue(indicator=indicator, unit_id=unit_id, period=str(period),
                                       period_start=period.start, period_end=period.end,
                                       value_number=Decimal(unit_id % 7)))
                if len(batch) >= 5000:
                    DataValue.objects.bulk_create(batch)
                    batch.clear()
    DataValue.objects.bulk_create(batch)
    if connection.vendor == "postgresql":
        # Statistics for rows of this still-open transaction; without them the planner
        # guesses and the timing measures its guess, not the roll-up.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE movements_datavalue")
            cursor.execute("ANALYZE units_orgunit")
    return movement, root, months_list[-1].end


def bare_aggregate(movement: Movement, root: OrgUnit, as_of: dt.date) -> list[tuple[object, ...]]:
    """Run the baseline: one GROUP BY, no lineage, no period windows beyond the date."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT v.indicator_id, SUM(v.value_number), COUNT(DISTINCT v.unit_id) "
            "FROM movements_datavalue v "
            "JOIN movements_indicator i ON i.id = v.indicator_id "
            "JOIN units_orgunit u ON u.id = v.unit_id "
            "WHERE i.movement_id = %s AND u.path LIKE %s AND v.period_end <= %s "
            "GROUP BY v.indicator_id",
            [movement.pk, root.path + "%", as_of])
        return list(cursor.fetchall())


def measure(movement: Movement, root: OrgUnit, as_of: dt.date, *, repeats: int = 5) -> BenchResult:
    """Time both, best of `repeats` (CPU of this process plus the database's wall time)."""
    def best(run: object) -> float:
        times = []
        for _ in range(repeats):
            begin = time.perf_counter()
            run()  # type: ignore[operator]
            times.append(time.perf_counter() - begin)
        return min(times)

    return BenchResult(
        values=DataValue.objects.filter(indicator__movement=movement).count(),
        ours_seconds=best(lambda: progress(movement, root, as_of)),
        bare_seconds=best(lambda: bare_aggregate(movement, root, as_of)),
        repeats=repeats)
