"""Who the subject is: kind, population category, unit type (Law 06/2022 Arts 19-31)."""

from __future__ import annotations

from vinhdanh.eligibility.engine.conditions.base import strings
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.outcome import Outcome, Status, Texts
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import label, labels

NOT_RECORDED = ("chưa ghi nhận", "not recorded")


def _membership(value: str | None, allowed: tuple[str, ...], what: tuple[str, str]) -> Outcome:
    if value is None:
        status = Status.TO_CONFIRM
    else:
        status = Status.PASSED if value in allowed else Status.FAILED

    def render() -> Texts:
        wanted = labels(allowed, (" hoặc ", " or "))
        found = NOT_RECORDED if value is None else label(value)
        return f"{what[0]}: {wanted[0]}", f"{what[1]}: {wanted[1]}", *found

    return Outcome(status, render=render)


def subject_kind(cond: Condition, ctx: Context) -> Outcome:
    return _membership(ctx.history.subject.kind, strings(cond, "in"), ("Đối tượng", "Subject kind"))


def subject_category(cond: Condition, ctx: Context) -> Outcome:
    return _membership(
        ctx.history.subject.category, strings(cond, "in"), ("Nhóm đối tượng", "Population")
    )


def unit_type(cond: Condition, ctx: Context) -> Outcome:
    return _membership(
        ctx.history.subject.unit_type, strings(cond, "in"), ("Loại đơn vị", "Unit type")
    )
