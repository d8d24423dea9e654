"""What a condition sees: the subject's record as counted for one evaluation."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, TypeVar

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

if TYPE_CHECKING:
    from vinhdanh.eligibility.engine.outcome import ConditionLine

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


class Facts:
    """What every award type reads of one subject's record, worked out once.

    A subject is checked against some thirty award types; each used to scan the whole
    record for its ratings, titles and discipline. The record sorted by entry type, the
    discipline state on the proposal date and the counted ratings and title years are
    the same for all of them, so they are computed here once per subject (and per member
    of a collective) and shared. `shared` holds outcomes of conditions that read nothing
    of the record (see evaluate.SUBJECT_ONLY); it may be shared by many subjects.
    """

    __slots__ = ("_ratings", "_titles", "by_type", "counted_from", "general", "members",
                 "ongoing", "shared")

    def __init__(self, history: SubjectHistory, proposal_date: date,
                 shared: dict[object, object] | None = None) -> None:
        by_type: dict[type, list[RecordEntry]] = {}
        for entry in history.record:
            found = by_type.get(type(entry))
            if found is None:
                by_type[type(entry)] = [entry]
            else:
                found.append(entry)
        self.by_type = by_type
        self.ongoing, self.counted_from = discipline_state(
            tuple(by_type.get(Discipline, ())), proposal_date
        )
        self._ratings: dict[int, dict[int, str]] = {}
        self._titles: dict[tuple[str, int], set[int]] = {}
        self.members: dict[int, Facts] = {}
        # Lines of the general rules per rule set (evaluate._general_rules).
        self.general: dict[int, tuple[RuleSet, list[ConditionLine], ConditionLine]] = {}
        self.shared = shared if shared is not None else {}

    def year_counts(self, year: int) -> bool:
        return self.counted_from is None or date(year, 1, 1) >= self.counted_from

    def open_review_start(self, day: date) -> date | None:
        """Start of the earliest review open on `day` (what pending_review reports)."""
        starts = [
            e.start
            for e in self.by_type.get(PendingReview, ())
            if isinstance(e, PendingReview) and e.start <= day and (e.end is None or e.end >= day)
        ]
        return min(starts, default=None)

    def ratings(self, up_to: int) -> dict[int, str]:
        """Counted rating per year up to `up_to`; a year rated twice keeps the lower."""
        result = self._ratings.get(up_to)
        if result is None:
            result = {}
            for entry in self.by_type.get(TaskRating, ()):
                assert isinstance(entry, TaskRating)
                if entry.year > up_to or not self.year_counts(entry.year):
                    continue
                current = result.get(entry.year)
                if current is None or (
                    rank(RATING_LEVELS, entry.level) < rank(RATING_LEVELS, current)
                ):
                    result[entry.year] = entry.level
            self._ratings[up_to] = result
        return result

    def title_years(self, code: str, up_to: int) -> set[int]:
        key = (code, up_to)
        result = self._titles.get(key)
        if result is None:
            result = set()
            for entry in self.by_type.get(TitleConferred, ()):
                assert isinstance(entry, TitleConferred)
                if entry.award == code and entry.year <= up_to and self.year_counts(entry.year):
                    result.add(entry.year)
            self._titles[key] = result
        return result


class Context:
    """One subject evaluated against one award type for one evaluation year.

    Read-only once built. A sweep builds one per subject and award type, some two
    million for a province, so this is a slotted class: a frozen dataclass's guarded
    attribute setting cost more than evaluating some of the conditions.
    """

    __slots__ = ("award", "book", "counted_from", "facts", "history", "ongoing_discipline",
                 "proposal_date", "rule_set", "stack", "year")

    def __init__(self, book: RuleBook, rule_set: RuleSet, award: AwardRules,
                 history: SubjectHistory, year: int, proposal_date: date,
                 stack: tuple[str, ...] = (), facts: Facts | None = None) -> None:
        self.book = book
        self.rule_set = rule_set
        self.award = award
        self.history = history
        self.year = year
        self.proposal_date = proposal_date
        # Awards being evaluated up the call chain (meets_title_criteria recursion guard).
        self.stack = stack
        if facts is None:
            facts = Facts(history, proposal_date)
        self.facts = facts
        self.ongoing_discipline: Discipline | None = facts.ongoing
        self.counted_from: date | None = facts.counted_from

    def __repr__(self) -> str:
        return f"Context({self.award.code!r}, {self.history.subject!r}, {self.year})"

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
        # Members' facts are kept by the collective's facts, so every award type of the
        # collective reuses them.
        known = self.facts.members.get(id(member))
        if known is None:
            known = Facts(member, self.proposal_date, self.facts.shared)
            self.facts.members[id(member)] = known
        return Context(
            self.book, self.rule_set, self.award, member, self.year, self.proposal_date,
            self.stack, known,
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
            self.facts,
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
        # Record entry types are final dataclasses: the exact type is the isinstance test.
        return list(self.facts.by_type.get(kind, ()))  # type: ignore[arg-type]

    def dated(self, kind: type[E], on: Callable[[E], date]) -> list[E]:
        """Dated achievements that count: after any discipline, not after the proposal,
        and for annual titles within the evaluation year (or its proposal season)."""
        items = [e for e in self.entries(kind) if self.day_counts(on(e))]
        if self.annual:
            items = [e for e in items if on(e) >= self.period_start]
        return items

    def ratings(self) -> dict[int, str]:
        """Counted rating per year; if a year is rated twice the lower rating is kept.
        The mapping is shared: callers only read it."""
        return self.facts.ratings(self.year)

    def title_years(self, code: str) -> set[int]:
        """Counted years of title `code` up to the evaluation year (shared, read only)."""
        return self.facts.title_years(code, self.year)

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
