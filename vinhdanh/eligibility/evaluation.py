"""Run the pure engine over one subject's history for every award type of its kind.

No database access here: the rule book and the histories are built beforehand, so a sweep
reuses one book for a whole province and each check stays a plain function call.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vinhdanh.eligibility.engine import (
    ConditionLine,
    RuleBook,
    Status,
    SubjectHistory,
    Verdict,
    VerdictKind,
    awards_for_kind,
    evaluate_award,
    rule_set_for_year,
)
from vinhdanh.eligibility.models import ResultKind

NOT_ELIGIBLE = "not_eligible"


@dataclass(frozen=True)
class Missing:
    """One condition a subject lacks, as an officer would state it."""

    text_vi: str
    text_en: str
    legal_basis: str


def missing_conditions(verdict: Verdict) -> list[Missing]:
    """Return the failed conditions that decide a refusal, counting an any_of as one.

    A failed any_of is one thing to achieve (any of its branches will do), so it is one
    missing condition, stated with its branches; all_of groups and variants are opened.
    """
    found: list[Missing] = []
    lines = verdict.lines
    ancestors: list[ConditionLine] = []
    skip_below: int | None = None
    for index, line in enumerate(lines):
        del ancestors[line.depth:]
        if skip_below is not None and line.depth > skip_below:
            ancestors.append(line)
            continue
        skip_below = None
        following = lines[index + 1] if index + 1 < len(lines) else None
        is_group = following is not None and following.depth > line.depth
        decisive = line.status is Status.FAILED and all(
            a.status is Status.FAILED for a in ancestors
        )
        if decisive and line.kind == "any_of":
            end = next((i for i in range(index + 1, len(lines)) if lines[i].depth <= line.depth),
                       len(lines))
            branches = [c for c in lines[index + 1:end] if c.depth == line.depth + 1]
            found.append(Missing(
                text_vi="Đạt ít nhất một trong: " + "; ".join(
                    f"{c.required_vi} (hồ sơ: {c.found_vi})" for c in branches),
                text_en="At least one of: " + "; ".join(
                    f"{c.required_en} (record: {c.found_en})" for c in branches),
                legal_basis=line.legal_basis,
            ))
            skip_below = line.depth
        elif decisive and not is_group:
            found.append(Missing(line.text_vi.lstrip("– "), line.text_en.lstrip("– "),
                                 line.legal_basis))
        ancestors.append(line)
    return found


@dataclass(frozen=True)
class AwardCheck:
    """The verdict on one award type, with the lines an officer needs to act on it."""

    award_code: str
    award_name: str
    award_kind: str
    verdict: Verdict
    result: str  # a ResultKind value, or NOT_ELIGIBLE
    missing: tuple[Missing, ...] = ()

    @property
    def blocking(self) -> tuple[ConditionLine, ...]:
        return self.verdict.blocking_lines()

    @property
    def pending(self) -> tuple[ConditionLine, ...]:
        return self.verdict.pending_lines()

    @property
    def missing_line(self) -> Missing | None:
        """The single condition an almost-eligible subject lacks."""
        if self.result != ResultKind.ALMOST:
            return None
        missing = self.missing
        return missing[0] if missing else None


def classify(verdict: Verdict) -> tuple[str, tuple[Missing, ...]]:
    """Return the ResultKind of a verdict (NOT_ELIGIBLE when more than one condition
    fails) and the missing conditions of a refusal."""
    if verdict.verdict is VerdictKind.ELIGIBLE:
        return ResultKind.ELIGIBLE, ()
    if verdict.verdict is VerdictKind.NEEDS_CONFIRMATION:
        return ResultKind.NEEDS_CONFIRMATION, ()
    missing = tuple(missing_conditions(verdict))
    return (ResultKind.ALMOST if len(missing) == 1 else NOT_ELIGIBLE), missing


class Evaluator:
    """Evaluate histories of one evaluation year against one rule book.

    The award list of each subject kind is worked out once per book.
    """

    def __init__(self, book: RuleBook, *, year: int, decision_date: dt.date) -> None:
        self.book = book
        self.year = year
        self.decision_date = decision_date
        self.rule_set = rule_set_for_year(book, year)
        self._awards: dict[str, list[str]] = {}

    def awards_for(self, kind: str) -> list[str]:
        codes = self._awards.get(kind)
        if codes is None:
            codes = awards_for_kind(self.rule_set, kind)
            self._awards[kind] = codes
        return codes

    def check(self, history: SubjectHistory) -> list[AwardCheck]:
        """Return one AwardCheck per award type the subject's kind can receive."""
        checks = []
        for code in self.awards_for(history.subject.kind):
            verdict = evaluate_award(
                self.book, code, history,
                evaluation_year=self.year, proposal_date=self.decision_date,
            )
            award = self.rule_set.awards[code]
            result, missing = classify(verdict)
            checks.append(
                AwardCheck(
                    award_code=code,
                    award_name=award.name_vi,
                    award_kind=award.kind,
                    verdict=verdict,
                    result=result,
                    missing=missing,
                )
            )
        return checks
