"""Run the pure engine over one subject's history for every award type of its kind.

No database access here: the rule book and the histories are built beforehand, so a sweep
reuses one book for a whole province and each check stays a plain function call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from vinhdanh.eligibility.engine import (
    AwardRules,
    ConditionLine,
    RuleBook,
    Status,
    SubjectHistory,
    Verdict,
    VerdictKind,
    awards_for_kind,
    rule_set_for_year,
)
from vinhdanh.eligibility.engine.context import Context, Facts
from vinhdanh.eligibility.engine.evaluate import evaluate_rules, reads_only_profile
from vinhdanh.eligibility.models import ResultKind

NOT_ELIGIBLE = "not_eligible"
#: Bound on the profiles whose checks are shared (discipline periods make them many).
PROFILE_LIMIT = 5_000


class Missing:
    """One condition a subject lacks, as an officer would state it.

    Which conditions are missing is decided with the verdict; the sentence is written
    when first read, because a sweep only needs it for the rows it stores.
    """

    __slots__ = ("_render", "_texts", "legal_basis")

    def __init__(self, legal_basis: str, render: Callable[[], tuple[str, str]]) -> None:
        self.legal_basis = legal_basis
        self._render: Callable[[], tuple[str, str]] | None = render
        self._texts: tuple[str, str] | None = None

    def _text(self) -> tuple[str, str]:
        if self._texts is None:
            assert self._render is not None
            self._texts = self._render()
            self._render = None
        return self._texts

    @property
    def text_vi(self) -> str:
        return self._text()[0]

    @property
    def text_en(self) -> str:
        return self._text()[1]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Missing):
            return NotImplemented
        return (self._text(), self.legal_basis) == (other._text(), other.legal_basis)

    def __hash__(self) -> int:
        return hash((self._text(), self.legal_basis))

    def __repr__(self) -> str:
        return f"Missing({self.text_en!r}, {self.legal_basis!r})"


def _any_of_text(branches: list[ConditionLine]) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        return (
            "Đạt ít nhất một trong: " + "; ".join(
                f"{c.required_vi} (hồ sơ: {c.found_vi})" for c in branches),
            "At least one of: " + "; ".join(
                f"{c.required_en} (record: {c.found_en})" for c in branches),
        )

    return render


_INDENT = "\u2013 "


def _line_text(line: ConditionLine) -> Callable[[], tuple[str, str]]:
    def render() -> tuple[str, str]:
        return line.text_vi.lstrip(_INDENT), line.text_en.lstrip(_INDENT)

    return render


def _refusal(lines: tuple[ConditionLine, ...] | list[ConditionLine]
             ) -> tuple[list[Missing], bool]:
    """Return the failed conditions that decide a refusal, counting an any_of as one,
    and whether the subject can come to meet them, in one pass over the lines.

    A failed any_of is one thing to achieve (any of its branches will do), so it is one
    missing condition, stated with its branches; all_of groups and variants are opened.
    The refusal is out of reach when a blocking line (Verdict.blocking_lines) is about
    who the subject is (NOT_APPLICABLE_KINDS).
    """
    found: list[Missing] = []
    reach = True
    last = len(lines) - 1
    # failed[d]: every line on the path down to depth d failed (one pass, see
    # Verdict._decisive).
    failed: list[bool] = []
    skip_below: int | None = None
    for index, line in enumerate(lines):
        depth = line.depth
        del failed[depth:]
        chain = failed[-1] if failed else True
        own = line.status is Status.FAILED
        failed.append(chain and own)
        if not (own and chain):
            if skip_below is not None and depth > skip_below:
                continue
            skip_below = None
            continue
        leaf = not (index < last and lines[index + 1].depth > depth)
        if leaf and line.kind in NOT_APPLICABLE_KINDS:
            reach = False
        if skip_below is not None and depth > skip_below:
            continue
        skip_below = None
        if line.kind == "any_of":
            end = next((i for i in range(index + 1, len(lines)) if lines[i].depth <= depth),
                       len(lines))
            branches = [c for c in lines[index + 1:end] if c.depth == depth + 1]
            found.append(Missing(line.legal_basis, _any_of_text(branches)))
            skip_below = depth
        elif leaf:
            found.append(Missing(line.legal_basis, _line_text(line)))
    return found, reach


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

    @cached_property
    def to_confirm_vi(self) -> str:
        """The lines left to a person, one per line (kept: a check shared by many
        subjects of one profile is stored many times)."""
        return "\n".join(line.text_vi for line in self.pending)

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
    found, reach = _refusal(verdict.lines)
    missing = tuple(found)
    return (ResultKind.ALMOST if len(missing) == 1 and reach else NOT_ELIGIBLE), missing


#: Conditions on who the subject is (population category, subject kind, type of unit):
#: a subject cannot come to meet them, so an award that fails there is out of reach,
#: not "one condition short" — an armed-forces medal is no goal for a ward clerk.
NOT_APPLICABLE_KINDS = frozenset({"subject_kind", "subject_category", "unit_type"})


#: Group lines whose members each count as a missing condition (an any_of counts once).
_OPENED_GROUPS = frozenset({"all_of", "not", "variant"})


def refusal_settled(lines: list[ConditionLine]) -> bool:
    """Whether the top-level conditions evaluated so far already make `classify` say
    NOT_ELIGIBLE whatever the rest say.

    Top-level conditions stand side by side: one evaluated later never changes whether
    an earlier one failed decisively. So once two conditions are missing, or one that
    the subject cannot come to meet (NOT_APPLICABLE_KINDS), the refusal is plain.
    """
    # Most refusals fail on plain leaves and any_of groups, each exactly one missing
    # condition: counted from the top-level lines alone. Opened groups (all_of, not,
    # variant) and conditions on who the subject is take the full reading below.
    failed = 0
    plain = True
    for line in lines:
        if line.status is not Status.FAILED:
            continue
        if line.kind in NOT_APPLICABLE_KINDS or (line.depth == 0
                                                and line.kind in _OPENED_GROUPS):
            plain = False
            break
        if line.depth == 0:
            failed += 1
    if plain:
        return failed >= 2
    missing, reach = _refusal(lines)
    return len(missing) >= 2 or (len(missing) == 1 and not reach)


class Evaluator:
    """Evaluate histories of one evaluation year against one rule book.

    The award list of each subject kind is worked out once per book.
    """

    def __init__(self, book: RuleBook, *, year: int, decision_date: dt.date,
                 sort_only: bool = False) -> None:
        self.book = book
        # A sweep keeps only what an officer can act on: it stops evaluating an award
        # once the refusal is plain (refusal_settled), and such a verdict holds the
        # lines evaluated until then. A subject's panel shows every line.
        self.settled = self._settled if sort_only else None
        self._stopped = False
        self.year = year
        self.decision_date = decision_date
        self.rule_set = rule_set_for_year(book, year)
        # Per subject kind: (code, rules, decided by the profile alone) of each award type.
        self._awards: dict[str, list[tuple[str, AwardRules, bool]]] = {}
        # Outcomes that read only the subject's profile, shared by every subject.
        self.shared: dict[object, object] = {}
        # Award types decided by the profile and the general rules alone, and their
        # checks per (profile, discipline, open review): most forms of the catalogue
        # read no record of their own (orders and medals left to a person).
        self.profile_only = frozenset(
            code for code, award in self.rule_set.awards.items() if reads_only_profile(award)
        )
        self.profile_checks: dict[tuple[object, ...], dict[str, AwardCheck]] = {}

    def _settled(self, lines: list[ConditionLine]) -> bool:
        # Remembered so that check() does not read a plain refusal a second time.
        self._stopped = refusal_settled(lines)
        return self._stopped

    def awards_for(self, kind: str) -> list[tuple[str, AwardRules, bool]]:
        awards = self._awards.get(kind)
        if awards is None:
            awards = [(code, self.rule_set.awards[code], code in self.profile_only)
                      for code in awards_for_kind(self.rule_set, kind)]
            self._awards[kind] = awards
        return awards

    def check(self, history: SubjectHistory) -> list[AwardCheck]:
        """Return one AwardCheck per award type the subject's kind can receive."""
        checks = []
        # One reading of the record serves every award type (engine.context.Facts).
        facts = Facts(history, self.decision_date, self.shared)
        subject = history.subject
        profile = (subject.kind, subject.category, subject.unit_type, facts.ongoing,
                   facts.counted_from, facts.open_review_start(self.decision_date))
        known = self.profile_checks.get(profile)
        if known is None:
            if len(self.profile_checks) >= PROFILE_LIMIT:
                self.profile_checks.clear()
            known = self.profile_checks[profile] = {}
        for code, award, by_profile in self.awards_for(subject.kind):
            if by_profile:
                found = known.get(code)
                if found is not None:
                    checks.append(found)
                    continue
            self._stopped = False
            # What evaluate_award does, with the rule set looked up once per sweep.
            verdict = evaluate_rules(Context(
                self.book, self.rule_set, award, history, self.year, self.decision_date,
                facts=facts,
            ), self.settled)
            result, missing = (NOT_ELIGIBLE, ()) if self._stopped else classify(verdict)
            check = AwardCheck(
                award_code=code,
                award_name=award.name_vi,
                award_kind=award.kind,
                verdict=verdict,
                result=result,
                missing=missing,
            )
            checks.append(check)
            if by_profile:
                known[code] = check
        return checks
