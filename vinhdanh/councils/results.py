"""The result of a closed poll, item by item, over the council's whole membership."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from vinhdanh.councils.errors import PollStateError
from vinhdanh.councils.models import (
    BallotChoice,
    Choice,
    Poll,
    PollItem,
    PollStatus,
    ReceiptHash,
    VotedVia,
    VoterRoll,
    VotingMethod,
    WrittenOpinion,
)
from vinhdanh.councils.thresholds import required_yes, share_of, threshold_text


@dataclass(frozen=True)
class ItemResult:
    item_id: int
    position: int
    label: str
    award_code: str
    yes: int
    no: int
    abstain: int
    invalid: int
    written_yes: int
    written_no: int
    written_abstain: int
    members: int
    required: int
    threshold_pct: Decimal
    comparison: str
    counts_written: bool

    @property
    def total_yes(self) -> int:
        return self.yes + (self.written_yes if self.counts_written else 0)

    @property
    def total_no(self) -> int:
        return self.no + (self.written_no if self.counts_written else 0)

    @property
    def total_abstain(self) -> int:
        return self.abstain + (self.written_abstain if self.counts_written else 0)

    @property
    def yes_pct(self) -> Decimal:
        return share_of(votes=self.total_yes, members=self.members)

    @property
    def passed(self) -> bool:
        return self.total_yes >= self.required

    @property
    def threshold_text(self) -> str:
        return threshold_text(self.threshold_pct, self.comparison)


@dataclass(frozen=True)
class PollResult:
    poll_id: int
    members: int
    electronic_voters: int
    written_voters: int
    paper_ballots: int
    items: tuple[ItemResult, ...]

    @property
    def voters(self) -> int:
        return self.electronic_voters + self.written_voters + self.paper_ballots


def compute_result(*, poll: Poll) -> PollResult:
    """Count a closed poll: yes/no/abstain per item, share of all members, passed or not."""
    if poll.status != PollStatus.CLOSED:
        # Partial results of an open secret ballot are never shown.
        raise PollStateError(_("Results are available once the poll is closed."))
    return compute_results(polls=[poll])[poll.pk]


def compute_results(*, polls: Sequence[Poll]) -> dict[int, PollResult]:
    """Count several closed polls at once (four queries whatever their number)."""
    poll_ids = [p.pk for p in polls if p.status == PollStatus.CLOSED]
    # 1: items with their paper tallies (one-to-one join)
    items = list(PollItem.objects.filter(poll_id__in=poll_ids).select_related("paper")
                 .order_by("poll_id", "position", "id"))
    ids = [i.pk for i in items]
    # 2: secret choices, counted per item and choice
    electronic: Counter[tuple[int, str]] = Counter({
        (row["poll_item_id"], row["choice"]): row["n"]
        for row in BallotChoice.objects.filter(poll_item_id__in=ids)
        .values("poll_item_id", "choice").annotate(n=Count("id")).order_by()
    })
    # 3: written opinions, counted per item and choice
    written: Counter[tuple[int, str]] = Counter({
        (row["poll_item_id"], row["choice"]): row["n"]
        for row in WrittenOpinion.objects.filter(poll_item_id__in=ids)
        .values("poll_item_id", "choice").annotate(n=Count("id")).order_by()
    })
    # 4: how members voted (electronic or written), per poll, from the voter roll
    via: Counter[tuple[int, str]] = Counter({
        (row["poll_id"], row["voted_via"]): row["n"]
        for row in VoterRoll.objects.filter(poll_id__in=poll_ids, has_voted=True)
        .values("poll_id", "voted_via").annotate(n=Count("id")).order_by()
    })
    by_poll: dict[int, list[PollItem]] = {pk: [] for pk in poll_ids}
    for item in items:
        by_poll[item.poll_id].append(item)
    results: dict[int, PollResult] = {}
    for poll in polls:
        if poll.pk not in by_poll:
            continue
        results[poll.pk] = _poll_result(poll, by_poll[poll.pk], electronic, written, via)
    return results


def _poll_result(poll: Poll, items: list[PollItem], electronic: Counter[tuple[int, str]],
                 written: Counter[tuple[int, str]],
                 via: Counter[tuple[int, str]]) -> PollResult:
    members = poll.membership_size
    paper = poll.voting_method == VotingMethod.PAPER
    rows = []
    for item in items:
        tally = getattr(item, "paper", None) if paper else None
        rows.append(ItemResult(
            item_id=item.pk, position=item.position, label=item.label,
            award_code=item.award_code,
            yes=tally.yes if tally else electronic[(item.pk, Choice.YES)],
            no=tally.no if tally else electronic[(item.pk, Choice.NO)],
            abstain=tally.abstain if tally else electronic[(item.pk, Choice.ABSTAIN)],
            invalid=tally.invalid if tally else 0,
            written_yes=written[(item.pk, Choice.YES)],
            written_no=written[(item.pk, Choice.NO)],
            written_abstain=written[(item.pk, Choice.ABSTAIN)],
            members=members,
            required=required_yes(members=members, pct=item.threshold_pct,
                                  comparison=item.threshold_comparison),
            threshold_pct=item.threshold_pct, comparison=item.threshold_comparison,
            counts_written=item.count_written_opinions,
        ))
    first_tally = getattr(items[0], "paper", None) if paper and items else None
    return PollResult(
        poll_id=poll.pk, members=members,
        electronic_voters=via[(poll.pk, VotedVia.ELECTRONIC)],
        written_voters=via[(poll.pk, VotedVia.WRITTEN)],
        paper_ballots=first_tally.ballots_cast if first_tally else 0, items=tuple(rows),
    )


def ballots_consistent(*, poll: Poll) -> bool:
    """Answer whether choices, receipts and the voter roll agree on the number of ballots."""
    voters = VoterRoll.objects.filter(poll=poll, voted_via=VotedVia.ELECTRONIC).count()
    receipts = ReceiptHash.objects.filter(poll=poll).count()
    per_item = BallotChoice.objects.filter(poll_item__poll=poll).values("poll_item_id") \
        .annotate(n=Count("id")).order_by().values_list("n", flat=True)
    return receipts == voters and all(n == voters for n in per_item)
