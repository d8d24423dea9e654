"""The figures of a movement review (sơ kết, tổng kết), formatted as the interface shows them.

They come from the same roll-up as the progress page (`rollup.progress` and
`rollup.breakdown`), so the review page, its DOCX report (`review_document`) and the
progress page never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import formats

from vinhdanh.movements import rollup
from vinhdanh.movements.models import (
    Aggregation,
    Movement,
    MovementReview,
    ReviewHonour,
    ReviewKind,
)
from vinhdanh.units.models import OrgUnit

PERCENT_AGGREGATIONS = frozenset({Aggregation.SHARE_TRUE, Aggregation.RATIO})


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator at the reviewing unit, with the share of units below on track."""

    row: rollup.IndicatorProgress
    units_judged: int
    units_on_track: int

    @property
    def share_on_track(self) -> Decimal | None:
        if not self.units_judged:
            return None
        return rollup.round2(Decimal(self.units_on_track) / self.units_judged * 100)


@dataclass(frozen=True)
class RankedUnit:
    rank: int
    progress: rollup.UnitProgress
    judged: int
    on_track: int

    @property
    def share(self) -> Decimal | None:
        return self.progress.on_track_share()


@dataclass(frozen=True)
class Review:
    movement: Movement
    unit: OrgUnit
    kind: ReviewKind
    as_of: dt.date
    lines: list[IndicatorLine]
    ranking: list[RankedUnit]
    honours: list[ReviewHonour]

    @property
    def units_on_track(self) -> int:
        """Units below with every judged indicator on track."""
        return sum(1 for r in self.ranking if r.judged and r.on_track == r.judged)

    @property
    def units_judged(self) -> int:
        return sum(1 for r in self.ranking if r.judged)

    @property
    def share_units_on_track(self) -> Decimal | None:
        if not self.units_judged:
            return None
        return rollup.round2(Decimal(self.units_on_track) / self.units_judged * 100)

    @property
    def period_start(self) -> dt.date:
        return self.movement.start

    @property
    def period_end(self) -> dt.date:
        return min(self.as_of, self.movement.end)


def _rank_key(unit: rollup.UnitProgress) -> tuple[bool, Decimal, Decimal, str]:
    share = unit.on_track_share()
    percents = [r.percent_of_target for r in unit.rows if r.percent_of_target is not None]
    mean = sum(percents, Decimal(0)) / len(percents) if percents else Decimal(0)
    return (share is None, -(share or Decimal(0)), -mean, unit.unit.name)


def build_review(*, movement: Movement, unit: OrgUnit, kind: ReviewKind, as_of: dt.date,
                 record: MovementReview | None = None) -> Review:
    """Return the review of `movement` at `unit` as of `as_of`.

    Queries: progress (3) and breakdown (4), as on the progress page, and one for the
    honours of `record` when given. Units are ranked by the share of their indicators on
    track, then by their mean percentage of target.
    """
    progress = rollup.progress(movement, unit, as_of)
    units = rollup.breakdown(movement, unit, as_of)
    lines = []
    for n, row in enumerate(progress.rows):
        judged = [u.rows[n].on_track is True for u in units if u.rows[n].on_track is not None]
        lines.append(IndicatorLine(row, len(judged), sum(judged)))
    ranking = []
    for rank, each in enumerate(sorted(units, key=_rank_key), start=1):
        judged = [r.on_track is True for r in each.rows if r.on_track is not None]
        ranking.append(RankedUnit(rank, each, len(judged), sum(judged)))
    honours = (list(ReviewHonour.objects.filter(review=record).select_related("unit", "person"))
               if record is not None else [])
    return Review(movement, unit, kind, as_of, lines, ranking, honours)


# --- formatting as the interface does ----------------------------------------------------


def number(value: Decimal | None, places: int = 2) -> str:
    """`87,36`, `2184`: the interface's `floatformat:"-2g"` in the active language."""
    if value is None:
        return "—"
    shown = rollup.tidy(value) if places < 0 else rollup.round2(value)
    positions = 0 if shown == shown.to_integral_value() and places < 0 else 2
    return formats.number_format(shown, positions, use_l10n=True, force_grouping=True)


def value_text(row: rollup.IndicatorProgress) -> str:
    text = number(row.value, -2)
    if row.value is not None and row.indicator.aggregation in PERCENT_AGGREGATIONS:
        return f"{text}%"
    return text


def percent_text(value: Decimal | None) -> str:
    return "—" if value is None else f"{number(value)}%"
