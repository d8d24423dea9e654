"""Who the subject is: kind, population category, unit type (Law 06/2022 Arts 19-31)."""

from __future__ import annotations

from vinhdanh.eligibility.engine.conditions.base import outcome, passed_if, strings
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.outcome import Outcome, Status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import label, labels

NOT_RECORDED = ("chưa ghi nhận", "not recorded")


def _membership(value: str | None, allowed: tuple[str, ...], what: tuple[str, str]) -> Outcome:
    wanted = labels(allowed, (" hoặc ", " or "))
    required = (f"{what[0]}: {wanted[0]}", f"{what[1]}: {wanted[1]}")
    if value is None:
        return outcome(Status.TO_CONFIRM, required, NOT_RECORDED)
    return passed_if(value in allowed, required, label(value))


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
