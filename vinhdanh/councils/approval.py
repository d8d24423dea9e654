"""Whether the council has passed a nominee line: what a decision on it checks first.

The titles listed under `approval_rules.council_vote_by_ballot` of awards.yaml are voted on
by the emulation and commendation council, and pass only with the required share of the
council's whole membership (Decree 98/2023 Art 30(7); procedures.md §5.2: 90 % for the
ministry/province emulation fighter and the Heroes, 80 % for the grassroots emulation
fighter and the emulation flags). A decision may not confer them without that vote.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from vinhdanh.councils.models import PollItem, PollStatus, ThresholdRule
from vinhdanh.councils.results import ItemResult, compute_results
from vinhdanh.councils.thresholds import Rule, rules_from_catalogue, threshold_text


@lru_cache(maxsize=1)
def _catalogue_rules() -> dict[str, Rule]:
    return {rule.award_code: rule for rule in rules_from_catalogue()}


def vote_required_awards() -> frozenset[str]:
    """Award codes a council must pass before a decision (read once from awards.yaml)."""
    return frozenset(_catalogue_rules())


def threshold_texts(codes: Collection[str]) -> dict[str, str]:
    """The share of all members each award needs ("≥ 90%"), as its next poll would ask.

    One query: the administrator's ThresholdRule rows (what add_poll_item copies onto a
    poll item), falling back to the catalogue's approval_rules.
    """
    wanted = set(codes)
    rules: dict[str, tuple[Decimal, str]] = {
        code: (rule.min_pct, rule.comparison)
        for code, rule in _catalogue_rules().items() if code in wanted}
    for row in ThresholdRule.objects.filter(award_code__in=wanted):
        rules[row.award_code] = (row.min_pct, row.comparison)
    return {code: threshold_text(pct, comparison) for code, (pct, comparison) in rules.items()}


@dataclass(frozen=True)
class LineVote:
    """The council's say on one nominee line: its latest closed poll, if any."""

    needed: bool
    result: ItemResult | None

    @property
    def passed(self) -> bool:
        return not self.needed or (self.result is not None and self.result.passed)


def line_votes(lines: Collection[tuple[int, str]]) -> dict[int, LineVote]:
    """Return the vote standing of each (line id, award code).

    Lines whose award needs no vote cost nothing; for the others, five queries whatever
    their number: the closed poll items on them (1) and the counts of those polls (4,
    councils.results). When a line was put to the vote more than once, the latest
    closed poll decides.
    """
    needed = {pk for pk, code in lines if code in vote_required_awards()}
    latest: dict[int, PollItem] = {}
    if needed:
        items = (PollItem.objects.filter(line_id__in=needed, poll__status=PollStatus.CLOSED)
                 .select_related("poll").order_by("poll__closed_at", "poll_id", "pk"))
        for item in items:
            assert item.line_id is not None
            latest[item.line_id] = item  # ascending order: the last one seen is the latest
    polls = {item.poll_id: item.poll for item in latest.values()}
    results = compute_results(polls=list(polls.values())) if polls else {}
    by_item = {row.item_id: row for result in results.values() for row in result.items}
    return {
        pk: LineVote(needed=pk in needed,
                     result=by_item.get(latest[pk].pk) if pk in latest else None)
        for pk, _code in lines
    }
