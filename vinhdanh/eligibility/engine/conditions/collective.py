"""Collective composition and cluster leadership (Law 06/2022 Arts 25-28)."""

from __future__ import annotations

from fractions import Fraction

from vinhdanh.eligibility.engine.conditions.base import integer, outcome, passed_if, text
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import RATING_LEVELS, ClusterLeadership, rank
from vinhdanh.eligibility.engine.outcome import Outcome, Status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import label

NO_MEMBERS = ("chưa có danh sách thành viên", "members' records not supplied")


def _having_label(ctx: Context, having: str) -> tuple[str, str]:
    family, _, value = having.partition(":")
    if having == "completed_task":
        return "hoàn thành nhiệm vụ", "completed their tasks"
    if family == "title":
        name = ctx.award_name(value)
        return f"đạt {name[0]}", f"hold {name[1]}"
    if family == "rating":
        level = label(value)
        return f"xếp loại từ mức {level[0]}", f"rated {level[1]} or better"
    return having, having


def member_has(ctx: Context, having: str) -> bool:
    """Whether the member in `ctx` has `having` for the evaluation year, from their own record."""
    family, _, value = having.partition(":")
    if having == "completed_task":
        family, value = "rating", "completed"
    if family == "title":
        return ctx.year in ctx.title_years(value)
    if family == "rating":
        level = ctx.ratings().get(ctx.year)
        return level is not None and rank(RATING_LEVELS, level) >= rank(RATING_LEVELS, value)
    return False


def _count(ctx: Context, having: str) -> int:
    return sum(1 for member in ctx.history.members if member_has(ctx.for_member(member), having))


def member_ratio(cond: Condition, ctx: Context) -> Outcome:
    having = text(cond, "having")
    minimum = integer(cond, "min_pct", 0)
    strict = bool(cond.get("strict", False))
    what = _having_label(ctx, having)
    comparison = ("trên", "more than") if strict else ("ít nhất", "at least")
    required = (
        f"{comparison[0].capitalize()} {minimum}% thành viên {what[0]} năm {ctx.year}",
        f"{comparison[1].capitalize()} {minimum}% of members {what[1]} in {ctx.year}",
    )
    total = len(ctx.history.members)
    if total == 0:
        return outcome(Status.TO_CONFIRM, required, NO_MEMBERS)
    count = _count(ctx, having)
    share = Fraction(count * 100, total)
    ok = share > minimum if strict else share >= minimum
    pct = f"{float(share):.1f}".rstrip("0").rstrip(".")
    return passed_if(
        ok, required, (f"{count}/{total} thành viên ({pct}%)", f"{count}/{total} members ({pct}%)")
    )


def member_count_with(cond: Condition, ctx: Context) -> Outcome:
    having = text(cond, "having")
    minimum = integer(cond, "min_count", 1)
    what = _having_label(ctx, having)
    required = (
        f"Ít nhất {minimum} thành viên {what[0]} năm {ctx.year}",
        f"At least {minimum} member(s) who {what[1]} in {ctx.year}",
    )
    if not ctx.history.members:
        return outcome(Status.TO_CONFIRM, required, NO_MEMBERS)
    count = _count(ctx, having)
    return passed_if(count >= minimum, required, (f"{count} thành viên", f"{count} member(s)"))


def leads_cluster(cond: Condition, ctx: Context) -> Outcome:
    organizer = text(cond, "organizer", "ministry_province")
    org = label(organizer)
    required = (
        f"Dẫn đầu cụm, khối thi đua do {org[0]} tổ chức năm {ctx.year}",
        f"Led an emulation cluster/bloc organised at {org[1]} in {ctx.year}",
    )
    led = sorted(
        {
            e.organizer
            for e in ctx.entries(ClusterLeadership)
            if e.year == ctx.year and ctx.year_counts(e.year)
        }
    )
    found = (
        (", ".join(label(o)[0] for o in led) or "không dẫn đầu cụm, khối nào"),
        (", ".join(label(o)[1] for o in led) or "led no cluster or bloc"),
    )
    return passed_if(organizer in led, required, found)
