"""What a condition sees: the subject's record as counted for one evaluation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TypeVar

from vinhdanh.eligibility.engine.model import (
    RATING_LEVELS,
    CommendationReceived,
    Discipline,
    MaternityLeave,
    PendingReview,
    RecordEntry,
    SubjectHistory,
    TaskRating,
    TitleConferred,
    rank,
)
from vinhdanh.eligibility.engine.ruleset import AwardRules, RuleBook, RuleSet

E = TypeVar("E")


def discipline_state(
    record: tuple[RecordEntry, ...], proposal_date: date
) -> tuple[Discipline | None, date | None]:
    """Return (discipline still running on the proposal date, date achievements count from).

    Decree 152/2025 Art 4(4): after a discipline period ends, achievements count only
    from its end; while it runs, nothing is awarded.
    """
    ongoing: Discipline | None = None
    counted_from: date | None = None
    for entry in record:
        if not isinstance(entry, Discipline) or entry.start > proposal_date:
            continue
        if entry.end is None or entry.end >= proposal_date:
            if ongoing is None or (entry.start, entry.level) < (ongoing.start, ongoing.level):
                ongoing = entry
        else:
            after = entry.end + timedelta(days=1)
            counted_from = after if counted_from is None else max(counted_from, after)
    return ongoing, counted_from


@dataclass(frozen=True)
class Context:
    """One subject evaluated against one award type for one evaluation year."""

    book: RuleBook
    rule_set: RuleSet
    award: AwardRules
    history: SubjectHistory
    year: int
    proposal_date: date
    # Awards being evaluated up the call chain (meets_title_criteria recursion guard).
    stack: tuple[str, ...] = ()
    ongoing_discipline: Discipline | None = field(init=False)
    counted_from: date | None = field(init=False)

    def __post_init__(self) -> None:
        ongoing, counted_from = discipline_state(self.history.record, self.proposal_date)
        object.__setattr__(self, "ongoing_discipline", ongoing)
        object.__setattr__(self, "counted_from", counted_from)

    @property
    def period_start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def period_end(self) -> date:
        return date(self.year, 12, 31)

    @property
    def annual(self) -> bool:
        return self.award.frequency == "annual"

    def for_member(self, member: SubjectHistory) -> Context:
        return Context(
            self.book, self.rule_set, self.award, member, self.year, self.proposal_date, self.stack
        )

    def for_award(self, award: AwardRules) -> Context:
        return Context(
            self.book,
            self.rule_set,
            award,
            self.history,
            self.year,
            self.proposal_date,
            (*self.stack, self.award.code),
        )

    def award_name(self, code: str) -> tuple[str, str]:
        award = self.rule_set.awards.get(code)
        return (award.name_vi, award.name_en) if award else (code, code)

    # --- counting rules -------------------------------------------------------
    def year_counts(self, year: int) -> bool:
        """A year-long achievement counts only if the whole year follows any discipline."""
        return self.counted_from is None or date(year, 1, 1) >= self.counted_from

    def day_counts(self, day: date) -> bool:
        return (self.counted_from is None or day >= self.counted_from) and day <= self.proposal_date

    def entries(self, kind: type[E]) -> list[E]:
        return [e for e in self.history.record if isinstance(e, kind)]

    def dated(self, kind: type[E], on: Callable[[E], date]) -> list[E]:
        """Dated achievements that count: after any discipline, not after the proposal,
        and for annual titles within the evaluation year (or its proposal season)."""
        items = [e for e in self.entries(kind) if self.day_counts(on(e))]
        if self.annual:
            items = [e for e in items if on(e) >= self.period_start]
        return items

    def ratings(self) -> dict[int, str]:
        """Counted rating per year; if a year is rated twice the lower rating is kept."""
        result: dict[int, str] = {}
        for entry in self.entries(TaskRating):
            if entry.year > self.year or not self.year_counts(entry.year):
                continue
            current = result.get(entry.year)
            if current is None or rank(RATING_LEVELS, entry.level) < rank(RATING_LEVELS, current):
                result[entry.year] = entry.level
        return result

    def title_years(self, code: str) -> set[int]:
        return {
            e.year
            for e in self.entries(TitleConferred)
            if e.award == code and e.year <= self.year and self.year_counts(e.year)
        }

    def commendations(self, code: str) -> list[CommendationReceived]:
        return sorted(
            (
                e
                for e in self.entries(CommendationReceived)
                if e.award == code and e.on <= self.proposal_date
            ),
            key=lambda e: (e.on, e.basis, e.award_class or ""),
        )

    def maternity_years(self) -> set[int]:
        years: set[int] = set()
        for leave in self.entries(MaternityLeave):
            years.update(range(leave.start.year, leave.end.year + 1))
        return years

    def pending_reviews(self) -> list[PendingReview]:
        return sorted(
            (
                e
                for e in self.entries(PendingReview)
                if e.start <= self.proposal_date and (e.end is None or e.end >= self.proposal_date)
            ),
            key=lambda e: e.start,
        )
