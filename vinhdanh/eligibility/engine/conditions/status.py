"""Negative conditions: discipline and pending reviews (Decree 152/2025 Art 4(4))."""

from __future__ import annotations

from vinhdanh.eligibility.engine.conditions.base import outcome, text
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import DISCIPLINE_LEVELS, Discipline, rank
from vinhdanh.eligibility.engine.outcome import Outcome, Status, Texts
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import en_date, label, vi_date

# awards.yaml spells the levels in Vietnamese; the record uses English codes.
LEVEL_ALIASES = {"khien_trach": "reprimand", "canh_cao": "warning"}


def _disciplines_in_year(ctx: Context, minimum: str) -> list[Discipline]:
    return sorted(
        (
            d
            for d in ctx.entries(Discipline)
            if rank(DISCIPLINE_LEVELS, d.level) >= rank(DISCIPLINE_LEVELS, minimum)
            and d.start <= ctx.period_end
            and (d.end is None or d.end >= ctx.period_start)
        ),
        key=lambda d: (d.start, d.level),
    )


def no_discipline(cond: Condition, ctx: Context) -> Outcome:
    """No discipline of `from_level` or above overlapping the evaluation year; `who` is the
    subject or any member of a collective (a local rule many provinces add)."""
    minimum = LEVEL_ALIASES.get(text(cond, "from_level"), text(cond, "from_level", "reprimand"))
    members = text(cond, "who", "subject") == "any_member"
    level = label(minimum)
    whom = ("thành viên nào", "any member") if members else ("", "the subject")
    required = (
        f"Không {whom[0] + ' ' if members else ''}bị kỷ luật từ mức {level[0]} trở lên "
        f"trong năm {ctx.year}",
        f"No discipline of {level[1]} or above for {whom[1]} in {ctx.year}",
    )
    contexts = [ctx.for_member(m) for m in ctx.history.members] if members else [ctx]
    found = [d for c in contexts for d in _disciplines_in_year(c, minimum)]
    if not found:
        return outcome(Status.PASSED, required, ("không có", "none"))
    first = found[0]
    return outcome(
        Status.FAILED,
        required,
        (
            f"{len(found)} quyết định, ví dụ {label(first.level)[0]} từ {vi_date(first.start)}",
            f"{len(found)} decision(s), e.g. {label(first.level)[1]} from {en_date(first.start)}",
        ),
    )


def pending_review(cond: Condition, ctx: Context) -> Outcome:
    """TRUE while a review is open on the proposal date (used as an exclusion)."""
    day = ctx.proposal_date
    open_reviews = ctx.pending_reviews()
    start = open_reviews[0].start if open_reviews else None

    # Texts are rendered only when the line is read (engine.outcome.Outcome).
    def render() -> Texts:
        required = (
            f"Đang bị xem xét kỷ luật, điều tra, thanh tra, xác minh khiếu nại, tố cáo "
            f"tại ngày {vi_date(day)}",
            f"Under discipline consideration, investigation, inspection or complaint "
            f"verification on {en_date(day)}",
        )
        if start is None:
            return (*required, "không có", "none")
        return (*required, f"có, từ {vi_date(start)}", f"yes, since {en_date(start)}")

    return Outcome(Status.FAILED if start is None else Status.PASSED, render=render)
