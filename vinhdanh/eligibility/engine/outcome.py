"""Outcomes of single conditions and the verdict over an award type."""

from __future__ import annotations

from collections.abc import Iterable
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


@dataclass(frozen=True)
class Outcome:
    """What one condition required, what the record shows, and whether it holds."""

    status: Status
    required_vi: str
    required_en: str
    found_vi: str
    found_en: str


def all_status(statuses: Iterable[Status]) -> Status:
    """Three-valued AND: a failure wins over a pending confirmation."""
    values = set(statuses)
    if Status.FAILED in values:
        return Status.FAILED
    if Status.TO_CONFIRM in values:
        return Status.TO_CONFIRM
    return Status.PASSED


def any_status(statuses: Iterable[Status]) -> Status:
    """Three-valued OR: one passing branch is enough."""
    values = set(statuses)
    if Status.PASSED in values:
        return Status.PASSED
    if Status.TO_CONFIRM in values:
        return Status.TO_CONFIRM
    return Status.FAILED


def negate(status: Status) -> Status:
    if status is Status.PASSED:
        return Status.FAILED
    if status is Status.FAILED:
        return Status.PASSED
    return Status.TO_CONFIRM


@dataclass(frozen=True)
class ConditionLine:
    """One line of a verdict: a condition, its finding, status and legal basis."""

    kind: str
    key: str | None
    depth: int
    status: Status
    required_vi: str
    required_en: str
    found_vi: str
    found_en: str
    legal_basis: str

    @property
    def text_vi(self) -> str:
        indent = "– " * self.depth
        return f"{indent}{self.required_vi} — hồ sơ: {self.found_vi}"

    @property
    def text_en(self) -> str:
        indent = "– " * self.depth
        return f"{indent}{self.required_en} — record: {self.found_en}"


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
        ancestors: list[ConditionLine] = []
        for index, line in enumerate(self.lines):
            del ancestors[line.depth :]
            following = self.lines[index + 1] if index + 1 < len(self.lines) else None
            is_group = following is not None and following.depth > line.depth
            if (
                not is_group
                and line.status is status
                and all(a.status is status for a in ancestors)
            ):
                result.append(line)
            ancestors.append(line)
        return tuple(result)


def verdict_for(status: Status) -> VerdictKind:
    return {
        Status.PASSED: VerdictKind.ELIGIBLE,
        Status.FAILED: VerdictKind.NOT_ELIGIBLE,
        Status.TO_CONFIRM: VerdictKind.NEEDS_CONFIRMATION,
    }[status]
