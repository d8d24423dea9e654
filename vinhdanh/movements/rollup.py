"""Roll indicator values up the unit tree, as the tree stood on an as-of date.

Which values count, for an as-of date D and a unit U:

* Units: every unit in U's subtree that is valid on D, plus every unit that ended on or
  before D by a lineage change (merge, rename, transfer, continuation with one successor)
  whose successor — followed through later changes — is such a unit. A commune merged
  into another on 2025-07-01 therefore adds into its successor from that day on, and
  before that day counts only under its own parent. Its values stay stored against the
  old unit. A split predecessor carries into none of its successors: its values cannot
  be apportioned, so they stay visible only as of dates when it existed.
* Periods ("houses done so far"):
  - a *flow* indicator (aggregation `sum` with period type month, quarter or half year)
    adds every period that ended on or before D: houses completed each month add up;
  - every other indicator is a *level*: it takes the latest period of its type that
    ended on or before D (the commune's standard status for 2024 when D is in 2025).
* Aggregations: `sum` adds; `average` is the mean of the reported values; `share_true`
  is the percentage of reporting units answering yes; `ratio` is the rolled-up
  numerator over the rolled-up denominator × 100. Percentages are rounded half up to two
  decimals.
* Targets: a per-unit target of a `sum` indicator is multiplied by the number of
  reporting units; other targets compare as they are. Percentage of target is
  value / target × 100, or target / value × 100 when lower is better.

Queries: `progress` runs three (indicators, lineage links, one aggregate over the values);
`breakdown` adds one for the child units and streams the value rows once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum

from vinhdanh.movements.models import (
    Aggregation,
    DataValue,
    Direction,
    Indicator,
    Movement,
    TargetScope,
)
from vinhdanh.movements.periods import PeriodType, latest_ended
from vinhdanh.units.models import ChangeKind, LinkRole, OrgUnit, UnitChangeLink

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round2(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def tidy(value: Decimal) -> Decimal:
    """Drop the storage scale: 285.0000 shows as 285, 12.5000 as 12.50."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else round2(value)


def is_flow(indicator: Indicator) -> bool:
    """Answer whether values of separate periods add up (monthly houses completed)."""
    return indicator.aggregation == Aggregation.SUM and indicator.period_type != PeriodType.YEAR


def valid_on(as_of: dt.date, prefix: str = "") -> Q:
    """Return a filter keeping units valid on `as_of` ([valid_from, valid_to) semantics)."""
    started = Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": as_of})
    running = Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": as_of})
    return started & running


@dataclass(frozen=True)
class Scope:
    """The units whose values count under `root` on `as_of`.

    `carried` maps each ended predecessor to the path of its live successor in the subtree.
    """

    root: OrgUnit
    as_of: dt.date
    carried: Mapping[int, str]

    def value_filter(self) -> Q:
        live = Q(unit__path__startswith=self.root.path) & valid_on(self.as_of, "unit__")
        return live | Q(unit_id__in=list(self.carried)) if self.carried else live


def _ended(valid_to: dt.date | None, as_of: dt.date) -> bool:
    return valid_to is not None and valid_to <= as_of


def build_scope(root: OrgUnit, as_of: dt.date) -> Scope:
    """Return the scope of `root` on `as_of`, mapping lineage with one query."""
    return Scope(root=root, as_of=as_of, carried=carried_into([root.path], as_of))


def carried_into(paths: Sequence[str], as_of: dt.date) -> dict[int, str]:
    """Map each ended predecessor whose live successor lies under `paths` to that path.

    One query over the lineage links; chains (A into B, later B into C) are followed.
    """
    rows = (
        UnitChangeLink.objects.filter(change__effective_date__lte=as_of)
        .exclude(change__kind=ChangeKind.SPLIT)
        .values_list("change_id", "unit_id", "role", "unit__path", "unit__valid_from",
                     "unit__valid_to")
    )
    predecessors: dict[int, list[int]] = {}
    successors: dict[int, list[int]] = {}
    info: dict[int, tuple[str, dt.date | None, dt.date | None]] = {}
    for change_id, unit_id, role, path, valid_from, valid_to in rows:
        info[unit_id] = (path, valid_from, valid_to)
        target = predecessors if role == LinkRole.PREDECESSOR else successors
        target.setdefault(change_id, []).append(unit_id)
    step: dict[int, int] = {}
    for change_id, preds in predecessors.items():
        succs = successors.get(change_id, [])
        if len(succs) != 1:
            continue
        for pred in preds:
            if pred != succs[0] and _ended(info[pred][2], as_of):
                step[pred] = succs[0]
    carried: dict[int, str] = {}
    for pred in step:
        current, seen = step[pred], {pred}
        while current in step and current not in seen:
            seen.add(current)
            current = step[current]
        path, valid_from, valid_to = info[current]
        alive = (valid_from is None or valid_from <= as_of) and not _ended(valid_to, as_of)
        if alive and any(path.startswith(prefix) for prefix in paths):
            carried[pred] = path
    return carried


@dataclass
class Tally:
    """Running aggregate of one indicator's values in one place of the tree."""

    total: Decimal = Decimal(0)
    numbers: int = 0
    answered: int = 0
    yes: int = 0
    units: set[int] = field(default_factory=set)
    unit_count: int = 0

    def add(self, unit_id: int, number: Decimal | None, flag: bool | None) -> None:
        if number is not None:
            self.total += number
            self.numbers += 1
        if flag is not None:
            self.answered += 1
            self.yes += int(flag)
        self.units.add(unit_id)
        self.unit_count = len(self.units)


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    value: Decimal | None
    target: Decimal | None
    percent_of_target: Decimal | None
    reporting_units: int

    @property
    def on_track(self) -> bool | None:
        if self.percent_of_target is None:
            return None
        return self.percent_of_target >= HUNDRED


@dataclass(frozen=True)
class Progress:
    movement: Movement
    unit: OrgUnit
    as_of: dt.date
    rows: Sequence[IndicatorProgress]


def _value(indicator: Indicator, tallies: Mapping[int, Tally]) -> tuple[Decimal | None, int]:
    if indicator.aggregation == Aggregation.RATIO:
        num = tallies.get(indicator.numerator_id or 0)
        den = tallies.get(indicator.denominator_id or 0)
        if num is None or den is None or not den.numbers or den.total == 0:
            return None, num.unit_count if num else 0
        return round2(num.total / den.total * HUNDRED), num.unit_count
    tally = tallies.get(indicator.pk)
    if tally is None:
        return None, 0
    if indicator.aggregation == Aggregation.SHARE_TRUE:
        if not tally.answered:
            return None, tally.unit_count
        return round2(Decimal(tally.yes) / Decimal(tally.answered) * HUNDRED), tally.unit_count
    if not tally.numbers:
        return None, tally.unit_count
    if indicator.aggregation == Aggregation.AVERAGE:
        return round2(tally.total / tally.numbers), tally.unit_count
    return tidy(tally.total), tally.unit_count


def measure(indicator: Indicator, tallies: Mapping[int, Tally]) -> IndicatorProgress:
    """Turn the tallies of a place into the progress of `indicator` there."""
    value, units = _value(indicator, tallies)
    target = indicator.target
    if (
        target is not None
        and indicator.target_scope == TargetScope.PER_UNIT
        and indicator.aggregation == Aggregation.SUM
    ):
        target = target * units
    percent: Decimal | None = None
    if value is not None and target:
        if indicator.direction == Direction.LOWER_BETTER:
            percent = round2(target / value * HUNDRED) if value else None
        else:
            percent = round2(value / target * HUNDRED)
    if target is not None:
        target = tidy(target)
    return IndicatorProgress(indicator, value, target, percent, units)


def list_indicators(movement: Movement) -> list[Indicator]:
    return list(Indicator.objects.filter(movement=movement).order_by("position", "pk"))


def value_windows(indicators: Iterable[Indicator], as_of: dt.date) -> Q:
    """Return one filter for every entered indicator's window.

    Indicators sharing a window are grouped (all flows, then one group per level period),
    so the database sees at most five branches however many indicators there are.
    """
    flows: list[int] = []
    levels: dict[str, list[int]] = {}
    for indicator in indicators:
        if indicator.is_computed:
            continue
        if is_flow(indicator):
            flows.append(indicator.pk)
        else:
            period = str(latest_ended(PeriodType(indicator.period_type), as_of))
            levels.setdefault(period, []).append(indicator.pk)
    query = Q(pk__in=[])
    if flows:
        query |= Q(indicator_id__in=flows, period_end__lte=as_of)
    for period, ids in levels.items():
        query |= Q(indicator_id__in=ids, period=period)
    return query


def progress(movement: Movement, unit: OrgUnit, as_of: dt.date) -> Progress:
    """Return every indicator of `movement` rolled up to `unit` as of `as_of`.

    Three queries whatever the number of units: indicators, lineage, one SQL aggregate.
    """
    indicators = list_indicators(movement)
    scope = build_scope(unit, as_of)
    rows = (
        DataValue.objects.filter(value_windows(indicators, as_of))
        .filter(scope.value_filter())
        .values("indicator_id")
        .annotate(
            total=Sum("value_number"),
            numbers=Count("value_number"),
            answered=Count("value_bool"),
            yes=Count("pk", filter=Q(value_bool=True)),
            units=Count("unit_id", distinct=True),
        )
        .order_by()
    )
    tallies: dict[int, Tally] = {}
    for row in rows:
        tallies[row["indicator_id"]] = Tally(
            total=row["total"] or Decimal(0), numbers=row["numbers"], answered=row["answered"],
            yes=row["yes"], unit_count=row["units"],
        )
    return Progress(movement, unit, as_of, [measure(i, tallies) for i in indicators])


@dataclass(frozen=True)
class UnitProgress:
    unit: OrgUnit
    rows: Sequence[IndicatorProgress]

    def on_track_share(self) -> Decimal | None:
        judged = [row.on_track for row in self.rows if row.on_track is not None]
        if not judged:
            return None
        return round2(Decimal(sum(judged)) / Decimal(len(judged)) * HUNDRED)


def breakdown(movement: Movement, root: OrgUnit, as_of: dt.date) -> list[UnitProgress]:
    """Return the progress of each child of `root` valid on `as_of`.

    Four queries: indicators, lineage, children, and one streamed pass over the values.
    """
    indicators = list_indicators(movement)
    scope = build_scope(root, as_of)
    children = list(
        OrgUnit.objects.filter(valid_on(as_of), parent=root).order_by("name", "pk")
    )
    tallies: dict[int, dict[int, Tally]] = {child.pk: {} for child in children}
    prefix = len(root.path)
    values = (
        DataValue.objects.filter(value_windows(indicators, as_of))
        .filter(scope.value_filter())
        .values_list("indicator_id", "unit_id", "unit__path", "value_number", "value_bool")
    )
    for indicator_id, unit_id, path, number, flag in values.iterator(chunk_size=2000):
        effective = scope.carried.get(unit_id, path)
        head = effective[prefix:].split("/", 1)[0]
        if not head:
            continue  # the root's own values belong to no child
        place = tallies.get(int(head))
        if place is not None:
            place.setdefault(indicator_id, Tally()).add(unit_id, number, flag)
    return [
        UnitProgress(child, [measure(i, tallies[child.pk]) for i in indicators])
        for child in children
    ]
