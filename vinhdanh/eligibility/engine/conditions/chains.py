"""Runs of years after a prior award and counts inside a window (Law 06/2022 Arts 43-44, 73).

"Có liên tục từ 05 năm trở lên đến thời điểm đề nghị": an unbroken run of rated years
after the decision granting the prior award, reaching the evaluation year (awards.md §7.4).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from vinhdanh.eligibility.engine.conditions.base import deferred, integer, outcome, text
from vinhdanh.eligibility.engine.conditions.titles import NOT_MERIT
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import (
    INITIATIVE_SCOPES,
    RATING_LEVELS,
    Initiative,
    ScienceWork,
    rank,
)
from vinhdanh.eligibility.engine.outcome import Outcome, Status, all_status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import en_date, join_years, label, vi_date


def count_events(ctx: Context, what: str, years: Iterable[int]) -> tuple[int, tuple[str, str]]:
    """Count `what` (title:<code> | rating:<level> | initiative:<scope> |
    science_work:<scope> | award:<code>) over `years`; return the count and its label."""
    window = set(years)
    family, _, value = what.partition(":")
    if family == "title":
        found = sorted(ctx.title_years(value) & window)
        name = ctx.award_name(value)
        return len(found), (
            f"{name[0]}: {join_years(found) or 'không có'}",
            f"{name[1]}: {join_years(found) or 'none'}",
        )
    if family == "rating":
        ratings = ctx.ratings()
        found = sorted(
            y
            for y in window
            if rank(RATING_LEVELS, ratings.get(y, "")) >= rank(RATING_LEVELS, value)
        )
        wanted = label(value)
        return len(found), (
            f"năm {wanted[0]}: {join_years(found) or 'không có'}",
            f"years {wanted[1]}: {join_years(found) or 'none'}",
        )
    if family in ("initiative", "science_work"):
        works: list[Initiative | ScienceWork] = (
            list(ctx.entries(Initiative))
            if family == "initiative"
            else list(ctx.entries(ScienceWork))
        )
        days = sorted(
            e.on
            for e in works
            if e.on.year in window
            and ctx.day_counts(e.on)
            and (
                value in ("", "any")
                or rank(INITIATIVE_SCOPES, e.scope) >= rank(INITIATIVE_SCOPES, value)
            )
        )
        noun = (
            ("sáng kiến", "initiatives")
            if family == "initiative"
            else ("đề tài khoa học", "science works")
        )
        return len(days), (
            f"{noun[0]}: {', '.join(vi_date(d) for d in days) or 'không có'}",
            f"{noun[1]}: {', '.join(en_date(d) for d in days) or 'none'}",
        )
    if family == "award":
        days = sorted(c.on for c in ctx.commendations(value) if c.on.year in window)
        name = ctx.award_name(value)
        return len(days), (
            f"{name[0]}: {', '.join(vi_date(d) for d in days) or 'không có'}",
            f"{name[1]}: {', '.join(en_date(d) for d in days) or 'none'}",
        )
    return 0, (f"không hiểu '{what}'", f"unknown '{what}'")


def _what_label(ctx: Context, what: str) -> tuple[str, str]:
    family, _, value = what.partition(":")
    if family == "title":
        return ctx.award_name(value)
    if family == "rating":
        return label(value)
    if family == "award":
        return ctx.award_name(value)
    scope = label(value or "any")
    if family == "initiative":
        return f"sáng kiến {scope[0]}", f"initiatives at {scope[1]}"
    return f"đề tài khoa học {scope[0]}", f"science works at {scope[1]}"


def count_in_window(cond: Condition, ctx: Context) -> Outcome:
    what = text(cond, "what")
    minimum = integer(cond, "min_count", 1)
    window = text(cond, "window", f"consecutive_years:{1}")
    kind, _, size = window.partition(":")
    if kind != "consecutive_years" or not size.isdigit():
        name = _what_label(ctx, what)
        required = (f"Ít nhất {minimum} lần {name[0]}", f"At least {minimum} × {name[1]}")
        return outcome(
            Status.TO_CONFIRM,
            required,
            (f"khoảng thời gian '{window}' không xác định", f"window '{window}' unknown"),
        )
    years = range(ctx.year - int(size) + 1, ctx.year + 1)

    def required_in_window() -> tuple[str, str]:
        name = _what_label(ctx, what)
        return (
            f"Ít nhất {minimum} lần {name[0]} trong {size} năm liên tục {years[0]}–{ctx.year}",
            f"At least {minimum} × {name[1]} in the {size} consecutive years "
            f"{years[0]}–{ctx.year}",
        )

    count, found = count_events(ctx, what, years)
    return deferred(Status.PASSED if count >= minimum else Status.FAILED, required_in_window,
                    lambda: found)


def chain_after_award(cond: Condition, ctx: Context) -> Outcome:
    code = text(cond, "award")
    minimum_years = integer(cond, "min_years", 1)
    level = text(cond, "each_year_min_level", "good")
    within = _within(cond)

    def required() -> tuple[str, str]:
        name, level_name = ctx.award_name(code), label(level)
        extra_vi = "".join(
            f"; trong đó ít nhất {integer(c, 'min_count', 1)} lần "
            f"{_what_label(ctx, text(c, 'what'))[0]}"
            for c in within
        )
        extra_en = "".join(
            f"; within it at least {integer(c, 'min_count', 1)} × "
            f"{_what_label(ctx, text(c, 'what'))[1]}"
            for c in within
        )
        return (
            f"Sau {name[0]} (khen theo công trạng), có {minimum_years} năm liên tục trở lên "
            f"đến năm {ctx.year} xếp loại từ mức {level_name[0]}{extra_vi}",
            f"After {name[1]} (merit-based), {minimum_years}+ unbroken years up to {ctx.year} "
            f"rated {level_name[1]} or better{extra_en}",
        )

    received = ctx.commendations(code)
    merit = [c for c in received if c.basis not in NOT_MERIT]
    if not merit:
        def none_found() -> tuple[str, str]:
            name = ctx.award_name(code)
            note = (
                " (chỉ có khen đột xuất/chuyên đề, không dùng làm căn cứ)" if received else "",
                " (only ad-hoc/thematic, not a basis for merit awards)" if received else "",
            )
            return f"chưa có {name[0]}{note[0]}", f"no {name[1]}{note[1]}"

        return deferred(Status.FAILED, required, none_found)
    # One achievement, one reward (Law Art 5(2)(c)): the run starts after the latest grant.
    latest = merit[-1]
    ratings = ctx.ratings()
    maternity = ctx.maternity_years()
    run: list[int] = []
    uncertain: list[int] = []
    year = ctx.year
    while year > latest.on.year:
        rated = ratings.get(year)
        if rated is not None and rank(RATING_LEVELS, rated) >= rank(RATING_LEVELS, level):
            run.append(year)
        elif rated is None and year in maternity and ctx.year_counts(year):
            # Maternity leave counts as working time (Decree 152/2025 Art 4(5)).
            run.append(year)
            uncertain.append(year)
        else:
            break
        year -= 1
    run.sort()
    statuses = [Status.PASSED if len(run) >= minimum_years else Status.FAILED]
    details: list[tuple[str, str]] = []
    for item in within:
        count, detail = count_events(ctx, text(item, "what"), run)
        statuses.append(Status.PASSED if count >= integer(item, "min_count", 1) else Status.FAILED)
        details.append(detail)
    if uncertain:
        statuses.append(Status.TO_CONFIRM)

    def found() -> tuple[str, str]:
        name = ctx.award_name(code)
        span = (
            f"{run[0]}–{run[-1]} ({len(run)} năm)" if run else "không có năm nào",
            f"{run[0]}–{run[-1]} ({len(run)} years)" if run else "no year",
        )
        found_vi = [f"{name[0]} ngày {vi_date(latest.on)}; chuỗi {span[0]}"]
        found_en = [f"{name[1]} on {en_date(latest.on)}; run {span[1]}"]
        found_vi.extend(d[0] for d in details)
        found_en.extend(d[1] for d in details)
        if uncertain:
            found_vi.append(f"năm nghỉ thai sản chưa có xếp loại: {join_years(uncertain)}")
            found_en.append(f"maternity years without a rating: {join_years(uncertain)}")
        return "; ".join(found_vi), "; ".join(found_en)

    return deferred(all_status(statuses), required, found)


def _within(cond: Condition) -> list[Mapping[str, object]]:
    value = cond.get("within")
    if not isinstance(value, list | tuple):
        return []
    return [item for item in value if isinstance(item, Mapping)]
