"""Scoring and ranking the members of a cluster or bloc over a movement's indicators.

A member's score is the mean, over indicators that have a target and a value, of its
percentage of target capped at 100: beating one target does not make up for missing
another. Members are ranked by score; ties share a rank. The leader is rank 1.

Queries: indicators, lineage links, members, one streamed pass over the values — the
same whatever the number of members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from vinhdanh.movements.models import Cluster, DataValue
from vinhdanh.movements.rollup import (
    HUNDRED,
    IndicatorProgress,
    Tally,
    carried_into,
    list_indicators,
    measure,
    round2,
    valid_on,
    value_windows,
)
from vinhdanh.units.models import OrgUnit


@dataclass(frozen=True)
class MemberScore:
    unit: OrgUnit
    rows: Sequence[IndicatorProgress]
    score: Decimal | None
    rank: int | None


def _score(rows: Sequence[IndicatorProgress]) -> Decimal | None:
    judged = [min(r.percent_of_target, HUNDRED) for r in rows if r.percent_of_target is not None]
    if not judged:
        return None
    return round2(sum(judged, Decimal(0)) / len(judged))


def rank_cluster(cluster: Cluster, as_of: dt.date) -> list[MemberScore]:
    """Return the members of `cluster` scored and ranked as of `as_of`."""
    indicators = list_indicators(cluster.movement)
    members = list(cluster.members.order_by("name", "pk"))
    paths = {m.path: m for m in members}
    carried = carried_into(list(paths), as_of)
    live = Q(pk__in=[])
    for path in paths:
        live |= Q(unit__path__startswith=path)
    scope = (live & valid_on(as_of, "unit__")) | Q(unit_id__in=list(carried))
    tallies: dict[int, dict[int, Tally]] = {m.pk: {} for m in members}
    values = (DataValue.objects.filter(value_windows(indicators, as_of)).filter(scope)
              .values_list("indicator_id", "unit_id", "unit__path", "value_number",
                           "value_bool"))
    for indicator_id, unit_id, path, number, flag in values.iterator(chunk_size=2000):
        effective = carried.get(unit_id, path)
        # The deepest member whose subtree holds the value: walk the path's prefixes.
        parts = effective.strip("/").split("/")
        for depth in range(len(parts), 0, -1):
            member = paths.get("/" + "/".join(parts[:depth]) + "/")
            if member is not None:
                tallies[member.pk].setdefault(indicator_id, Tally()).add(unit_id, number, flag)
                break
    scored = []
    for member in members:
        rows = [measure(i, tallies[member.pk]) for i in indicators]
        scored.append((member, rows, _score(rows)))
    ordered = sorted(scored, key=lambda item: (item[2] is None, -(item[2] or 0)))
    result: list[MemberScore] = []
    previous: Decimal | None = None
    rank = 0
    for position, (member, rows, score) in enumerate(ordered, start=1):
        if score is None:
            result.append(MemberScore(member, rows, None, None))
            continue
        if score != previous:
            rank, previous = position, score
        result.append(MemberScore(member, rows, score, rank))
    return result
