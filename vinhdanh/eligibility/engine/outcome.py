"""Outcomes of single conditions and the verdict over an award type."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    TO_CONFIRM = "to_confirm"


class VerdictKind(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CONFIRMATION = "needs_confirmation"


#: (required_vi, required_en, found_vi, found_en) of one condition.
Texts = tuple[str, str, str, str]


class Outcome:
    """What one condition required, what the record shows, and whether it holds.

    The status is decided at once; the four texts may be given as a `render` function
    that is called the first time a text is read. A sweep decides hundreds of thousands
    of verdicts and shows the explanation of few of them, so building every sentence
    (labels, dates, year lists) eagerly cost more than the decision itself. Rendering
    later gives the same texts: a `render` closes over the facts it was given, which
    are never changed afterwards.
    """

    __slots__ = ("_render", "_texts", "status")

    def __init__(
        self,
        status: Status,
        required_vi: str = "",
        required_en: str = "",
        found_vi: str = "",
        found_en: str = "",
        *,
        render: Callable[[], Texts] | None = None,
    ) -> None:
        self.status = status
        self._render = render
        self._texts: Texts | None = (
            None if render is not None else (required_vi, required_en, found_vi, found_en)
        )

    def texts(self) -> Texts:
        texts = self._texts
        if texts is None:
            assert self._render is not None
            texts = self._render()
            self._texts = texts
            self._render = None
        return texts

    @property
    def required_vi(self) -> str:
        return self.texts()[0]

    @property
    def required_en(self) -> str:
        return self.texts()[1]

    @property
    def found_vi(self) -> str:
        return self.texts()[2]

    @property
    def found_en(self) -> str:
        return self.texts()[3]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Outcome):
            return NotImplemented
        return self.status is other.status and self.texts() == other.texts()

    def __hash__(self) -> int:
        return hash((self.status, self.texts()))

    def __repr__(self) -> str:
        return f"Outcome({self.status.value!r}, *{self.texts()!r})"


def all_status(statuses: Collection[Status]) -> Status:
    """Three-valued AND: a failure wins over a pending confirmation."""
    # Groups hold a handful of conditions: membership in the list beats building a set.
    if Status.FAILED in statuses:
        return Status.FAILED
    if Status.TO_CONFIRM in statuses:
        return Status.TO_CONFIRM
    return Status.PASSED


def any_status(statuses: Collection[Status]) -> Status:
    """Three-valued OR: one passing branch is enough."""
    if Status.PASSED in statuses:
        return Status.PASSED
    if Status.TO_CONFIRM in statuses:
        return Status.TO_CONFIRM
    return Status.FAILED


def negate(status: Status) -> Status:
    if status is Status.PASSED:
        return Status.FAILED
    if status is Status.FAILED:
        return Status.PASSED
    return Status.TO_CONFIRM


class ConditionLine:
    """One line of a verdict: a condition, its finding, status and legal basis.

    The texts come from the condition's Outcome and are rendered when first read (see
    Outcome); lines compare by everything they say.
    """

    __slots__ = ("depth", "key", "kind", "legal_basis", "outcome", "status")

    def __init__(self, *, kind: str, key: str | None, depth: int, status: Status,
                 outcome: Outcome, legal_basis: str) -> None:
        self.kind = kind
        self.key = key
        self.depth = depth
        self.status = status
        self.outcome = outcome
        self.legal_basis = legal_basis

    @property
    def required_vi(self) -> str:
        return self.outcome.texts()[0]

    @property
    def required_en(self) -> str:
        return self.outcome.texts()[1]

    @property
    def found_vi(self) -> str:
        return self.outcome.texts()[2]

    @property
    def found_en(self) -> str:
        return self.outcome.texts()[3]

    @property
    def text_vi(self) -> str:
        indent = "– " * self.depth
        return f"{indent}{self.required_vi} — hồ sơ: {self.found_vi}"

    @property
    def text_en(self) -> str:
        indent = "– " * self.depth
        return f"{indent}{self.required_en} — record: {self.found_en}"

    def _key(self) -> tuple[object, ...]:
        return (self.kind, self.key, self.depth, self.status, self.legal_basis,
                self.outcome.texts())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConditionLine):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"ConditionLine({self.kind!r}, {self.status.value!r}, {self.text_en!r})"


@dataclass(frozen=True)
class Verdict:
    """The engine's answer for one award type and one subject."""

    award: str
    rule_set: str
    evaluation_year: int
    verdict: VerdictKind
    lines: tuple[ConditionLine, ...]

    def lines_with(self, status: Status) -> tuple[ConditionLine, ...]:
        return tuple(line for line in self.lines if line.status is status)

    def blocking_lines(self) -> tuple[ConditionLine, ...]:
        """Failed leaf lines that decide the verdict: every enclosing group failed too
        (a failed branch of a passing any_of does not block)."""
        return self._decisive(Status.FAILED)

    def pending_lines(self) -> tuple[ConditionLine, ...]:
        """Leaf lines left to a person that keep the verdict at needs_confirmation."""
        return self._decisive(Status.TO_CONFIRM)

    def _decisive(self, status: Status) -> tuple[ConditionLine, ...]:
        result: list[ConditionLine] = []
        lines = self.lines
        # held[d]: every line on the path down to depth d has `status` (one pass, no
        # rescanning of the ancestors for each line).
        held: list[bool] = []
        last = len(lines) - 1
        for index, line in enumerate(lines):
            depth = line.depth
            del held[depth:]
            chain = held[-1] if held else True
            same = line.status is status
            is_group = index < last and lines[index + 1].depth > depth
            if same and chain and not is_group:
                result.append(line)
            held.append(chain and same)
        return tuple(result)


_VERDICTS = {
    Status.PASSED: VerdictKind.ELIGIBLE,
    Status.FAILED: VerdictKind.NOT_ELIGIBLE,
    Status.TO_CONFIRM: VerdictKind.NEEDS_CONFIRMATION,
}


def verdict_for(status: Status) -> VerdictKind:
    return _VERDICTS[status]
