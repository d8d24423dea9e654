"""Service time: long service tables, years in a force, months since recruitment."""

from __future__ import annotations

from datetime import timedelta

from vinhdanh.eligibility.engine.conditions.base import (
    integer,
    months_between,
    outcome,
    passed_if,
    text,
)
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import MaternityLeave, ServicePeriod
from vinhdanh.eligibility.engine.outcome import Outcome, Status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import en_date, label, vi_date


def long_service(cond: Condition, ctx: Context) -> Outcome:
    """Quá trình cống hiến: the position/tenure tables of Decree 152/2025 Art 21 are not in
    the rule data, so a person checks them; the record's service time is shown."""
    table = text(cond, "table", "Decree 152/2025")
    required = (
        f"Quá trình cống hiến theo bảng chức vụ, thời gian giữ chức ({table})",
        f"Long service per the position/tenure tables ({table})",
    )
    start = ctx.history.subject.employment_start
    parts_vi, parts_en = [], []
    if start is not None:
        years = months_between(start, ctx.period_end + timedelta(days=1)) // 12
        parts_vi.append(f"công tác từ {vi_date(start)} ({years} năm)")
        parts_en.append(f"in service since {en_date(start)} ({years} years)")
    else:
        parts_vi.append("chưa ghi nhận thời gian công tác")
        parts_en.append("service time not recorded")
    if ctx.history.subject.gender == "female":
        # Decree 152/2025 Art 4(7): women leaders need one third less tenure.
        parts_vi.append("nữ: thời gian giữ chức được giảm 1/3")
        parts_en.append("woman: required tenure reduced by one third")
    parts_vi.append("cần đối chiếu bảng")
    parts_en.append("check against the tables")
    return outcome(Status.TO_CONFIRM, required, ("; ".join(parts_vi), "; ".join(parts_en)))


def service_years(cond: Condition, ctx: Context) -> Outcome:
    force = text(cond, "force", "army")
    minimum = integer(cond, "min_years", 1)
    continuous = bool(cond.get("continuous", False))
    force_l = label(force)
    adverb = (" liên tục" if continuous else "", " continuous" if continuous else "")
    required = (
        f"Phục vụ{adverb[0]} trong {force_l[0]} từ {minimum} năm",
        f"{minimum}+ years of{adverb[1]} service in the {force_l[1]}",
    )
    end_of_count = ctx.proposal_date + timedelta(days=1)
    periods = [
        p for p in ctx.entries(ServicePeriod) if p.force == force and p.start <= ctx.proposal_date
    ]
    months = [
        months_between(
            p.start, min(p.end + timedelta(days=1), end_of_count) if p.end else end_of_count
        )
        for p in periods
    ]
    total = max(months, default=0) if continuous else sum(months)
    found = (f"{total // 12} năm {total % 12} tháng", f"{total // 12} years {total % 12} months")
    return passed_if(total >= minimum * 12, required, found)


def employment_months(cond: Condition, ctx: Context) -> Outcome:
    """TRUE when recruited at least `min_months` before the end of the evaluation year."""
    minimum = integer(cond, "min_months", 6)
    required = (
        f"Được tuyển dụng từ {minimum} tháng trở lên tính đến {vi_date(ctx.period_end)}",
        f"Recruited at least {minimum} months before {en_date(ctx.period_end)}",
    )
    start = ctx.history.subject.employment_start
    if start is None:
        return outcome(
            Status.TO_CONFIRM,
            required,
            ("chưa ghi nhận ngày tuyển dụng", "recruitment date not recorded"),
        )
    months = months_between(start, ctx.period_end + timedelta(days=1))
    found_vi = f"tuyển dụng {vi_date(start)} ({months} tháng)"
    found_en = f"recruited {en_date(start)} ({months} months)"
    if ctx.entries(MaternityLeave):
        # Decree 152/2025 Art 4(5): maternity leave is working time, so it is not deducted.
        found_vi += "; thời gian nghỉ thai sản được tính"
        found_en += "; maternity leave counted"
    return passed_if(months >= minimum, required, (found_vi, found_en))
