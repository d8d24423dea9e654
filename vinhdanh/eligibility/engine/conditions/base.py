"""Helpers shared by the condition evaluators: reading a condition and building outcomes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.outcome import Outcome, Status, Texts
from vinhdanh.eligibility.engine.ruleset import Condition

Evaluator = Callable[[Condition, Context], Outcome]


def text(cond: Condition, key: str, default: str = "") -> str:
    value = cond.get(key)
    return default if value is None else str(value)


def integer(cond: Condition, key: str, default: int) -> int:
    value = cond.get(key)
    return value if isinstance(value, int) else default


def strings(cond: Condition, key: str) -> tuple[str, ...]:
    value = cond.get(key)
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    return (str(value),)


def outcome(status: Status, required: tuple[str, str], found: tuple[str, str]) -> Outcome:
    return Outcome(status, required[0], required[1], found[0], found[1])


def passed_if(ok: bool, required: tuple[str, str], found: tuple[str, str]) -> Outcome:
    return outcome(Status.PASSED if ok else Status.FAILED, required, found)


Pair = tuple[str, str]


def deferred(status: Status, required: Callable[[], Pair], found: Callable[[], Pair]
             ) -> Outcome:
    """An outcome whose texts are written when first read.

    A sweep decides every condition of every subject and reads the texts of few:
    labels, dates and year lists are built only for those (see Outcome).
    """

    def render() -> Texts:
        wanted, seen = required(), found()
        return wanted[0], wanted[1], seen[0], seen[1]

    return Outcome(status, render=render)


def months_between(start: date, end: date) -> int:
    """Whole months from `start` up to `end` (exclusive)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day:
        months -= 1
    return max(months, 0)


NONE_FOUND = ("không có", "none")
