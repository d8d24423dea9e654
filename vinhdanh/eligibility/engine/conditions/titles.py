"""Past titles, annual ratings and prior awards (Law 06/2022 Arts 21-24, 73-74)."""

from __future__ import annotations

from vinhdanh.eligibility.engine.conditions.base import (
    deferred,
    integer,
    outcome,
    passed_if,
    text,
)
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import RATING_LEVELS, ServicePeriod, rank
from vinhdanh.eligibility.engine.outcome import Outcome, Status, VerdictKind
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import en_date, join_years, label, vi_date

# Art 4(3) Decree 152/2025: ad-hoc and thematic commendations do not feed merit chains.
NOT_MERIT = ("ad_hoc", "thematic")


def _year(cond: Condition, ctx: Context) -> int:
    value = cond.get("year")
    return value if isinstance(value, int) else ctx.year


def title_in_year(cond: Condition, ctx: Context) -> Outcome:
    code = text(cond, "title")
    year = _year(cond, ctx)
    name = ctx.award_name(code)
    required = (f"Được tặng {name[0]} năm {year}", f"Awarded {name[1]} for {year}")
    years = ctx.title_years(code)
    found = (
        f"các năm: {join_years(years)}" if years else "chưa có",
        f"years: {join_years(years)}" if years else "none",
    )
    return passed_if(year in years, required, found)


def meets_title_criteria(cond: Condition, ctx: Context) -> Outcome:
    """Law says "đạt tiêu chuẩn danh hiệu": meeting the standard is enough, the title
    need not have been conferred (e.g. Law Art 23 for the grassroots emulation fighter)."""
    code = text(cond, "title")
    name = ctx.award_name(code)
    required = (
        f"Đạt tiêu chuẩn {name[0]} năm {ctx.year}",
        f"Meets the standard of {name[1]} for {ctx.year}",
    )
    if ctx.year in ctx.title_years(code):
        return outcome(Status.PASSED, required, ("đã được tặng", "already conferred"))
    award = ctx.rule_set.awards.get(code)
    if award is None or code in ctx.stack or code == ctx.award.code:
        return outcome(Status.TO_CONFIRM, required, ("không đánh giá được", "cannot be evaluated"))
    from vinhdanh.eligibility.engine.evaluate import evaluate_rules

    verdict = evaluate_rules(ctx.for_award(award))
    if verdict.verdict is VerdictKind.ELIGIBLE:
        return outcome(Status.PASSED, required, ("đạt", "met"))
    if verdict.verdict is VerdictKind.NEEDS_CONFIRMATION:
        count = len(verdict.lines_with(Status.TO_CONFIRM))
        return outcome(
            Status.TO_CONFIRM,
            required,
            (f"còn {count} nội dung cần xác nhận", f"{count} item(s) to confirm"),
        )
    failed = verdict.blocking_lines()
    first = failed[0] if failed else None
    return outcome(
        Status.FAILED,
        required,
        (
            f"không đạt: {first.required_vi} ({first.found_vi})" if first else "không đạt",
            f"not met: {first.required_en} ({first.found_en})" if first else "not met",
        ),
    )


def consecutive_run(years: set[int], last: int, period: int = 1) -> list[int]:
    """Years of the unbroken run of titles ending at `last`, one every `period` years
    ("liên tục": consecutive evaluation periods without a gap, awards.md §7.4)."""
    run: list[int] = []
    year = last
    while year in years:
        run.append(year)
        year -= period
    return sorted(run)


def period_years(ctx: Context, code: str, seen: tuple[str, ...] = ()) -> int:
    """Length in years of the period one award of `code` covers.

    Annual titles cover one year; a title earned by n consecutive lower titles covers n
    of their periods, e.g. the ministry/provincial emulation fighter covers 3 years
    (Law Art 22), so "2 consecutive" of them (Law Art 21) are 3 years apart.
    """
    award = ctx.rule_set.awards.get(code)
    if award is None or award.frequency == "annual" or code in seen:
        return 1
    for cond in award.criteria:
        if cond.get("type") == "consecutive_titles":
            lower = text(cond, "title")
            return integer(cond, "count", 1) * period_years(ctx, lower, (*seen, code))
    return 1


def consecutive_titles(cond: Condition, ctx: Context) -> Outcome:
    code = text(cond, "title")
    count = integer(cond, "count", 1)
    period = period_years(ctx, code)
    years = ctx.title_years(code)
    # One achievement, one reward (Law Art 5(2)(c)): lower titles already counted for an
    # earlier grant of the title being evaluated are not counted again.
    earlier = [y for y in ctx.title_years(ctx.award.code) if y < ctx.year]
    floor = max(earlier, default=None)
    if floor is not None:
        years = {y for y in years if y > floor}
    run = consecutive_run(years, ctx.year, period)
    year = ctx.year

    def required() -> tuple[str, str]:
        name = ctx.award_name(code)
        if period == 1:
            return (
                f"{count} năm liên tục {name[0]}, đến năm {year}",
                f"{count} consecutive years of {name[1]}, up to {year}",
            )
        return (
            f"{count} lần liên tục {name[0]} (mỗi lần {period} năm), lần gần nhất năm {year}",
            f"{count} consecutive awards of {name[1]} ({period}-year periods), "
            f"the latest for {year}",
        )

    def found() -> tuple[str, str]:
        if not run:
            seen = (f"không có danh hiệu năm {year}", f"no title for {year}")
        elif period == 1:
            seen = (
                f"{len(run)} năm liên tục: {join_years(run)}",
                f"{len(run)} consecutive year(s): {join_years(run)}",
            )
        else:
            seen = (
                f"{len(run)} lần liên tục: {join_years(run)}",
                f"{len(run)} consecutive award(s): {join_years(run)}",
            )
        if years and len(run) < count:
            seen = (
                f"{seen[0]}; các năm có danh hiệu: {join_years(years)}",
                f"{seen[1]}; years with the title: {join_years(years)}",
            )
        if floor is not None:
            own = ctx.award_name(ctx.award.code)
            seen = (
                f"{seen[0]}; chỉ tính sau {own[0]} năm {floor}",
                f"{seen[1]}; counted only after {own[1]} for {floor}",
            )
        return seen

    return deferred(Status.PASSED if len(run) >= count else Status.FAILED, required, found)


def _rating_text(level: str | None) -> tuple[str, str]:
    return label(level) if level else ("chưa có xếp loại", "no rating")


def task_rating(cond: Condition, ctx: Context) -> Outcome:
    minimum = text(cond, "min_level", "good")
    ratings = ctx.ratings()
    if text(cond, "year") == "each_service_year":
        return _each_service_year(minimum, ctx, ratings)
    year = _year(cond, ctx)

    def required() -> tuple[str, str]:
        wanted = label(minimum)
        return (
            f"Năm {year} xếp loại từ mức {wanted[0]} trở lên",
            f"{year} rated {wanted[1]} or better",
        )

    level = ratings.get(year)
    if level is None and year in ctx.maternity_years():
        # Decree 152/2025 Art 4(5): statutory maternity leave counts as working time.
        return deferred(Status.TO_CONFIRM, required, lambda: (
            "chưa có xếp loại; nghỉ thai sản trong năm được tính là thời gian công tác",
            "no rating; maternity leave in the year counts as working time",
        ))
    counted_from = ctx.counted_from
    if level is None and not ctx.year_counts(year) and counted_from is not None:
        return deferred(Status.FAILED, required, lambda: (
            f"không tính: thành tích chỉ tính từ {vi_date(counted_from)} (kỷ luật)",
            f"not counted: achievements count from {counted_from} (discipline)",
        ))
    ok = level is not None and rank(RATING_LEVELS, level) >= rank(RATING_LEVELS, minimum)
    return deferred(Status.PASSED if ok else Status.FAILED, required,
                    lambda: _rating_text(level))


def _each_service_year(minimum: str, ctx: Context, ratings: dict[int, str]) -> Outcome:
    wanted = label(minimum)
    required = (
        f"Mọi năm công tác xếp loại từ mức {wanted[0]} trở lên",
        f"Every year of service rated {wanted[1]} or better",
    )
    starts = [p.start for p in ctx.entries(ServicePeriod)]
    if ctx.history.subject.employment_start:
        starts.append(ctx.history.subject.employment_start)
    if not starts:
        return outcome(
            Status.TO_CONFIRM,
            required,
            ("chưa ghi nhận thời điểm bắt đầu công tác", "start of service not recorded"),
        )
    first = max(min(starts).year, ctx.counted_from.year if ctx.counted_from else 0)
    below = [
        y
        for y in range(first, ctx.year + 1)
        if rank(RATING_LEVELS, ratings.get(y, "")) < rank(RATING_LEVELS, minimum)
    ]
    if below:
        return outcome(
            Status.FAILED,
            required,
            (
                f"các năm chưa đạt hoặc thiếu xếp loại: {join_years(below)}",
                f"years below the level or unrated: {join_years(below)}",
            ),
        )
    return outcome(
        Status.PASSED, required, (f"đạt các năm {first}–{ctx.year}", f"met for {first}–{ctx.year}")
    )


def prior_award(cond: Condition, ctx: Context) -> Outcome:
    code = text(cond, "award")
    times = integer(cond, "min_times", 1)
    name = ctx.award_name(code)
    required = (
        f"Đã được tặng {name[0]} (ít nhất {times} lần, khen theo công trạng)",
        f"Holds {name[1]} (at least {times} time(s), merit-based)",
    )
    merit = [c for c in ctx.commendations(code) if c.basis not in NOT_MERIT]
    years = [str(y) for y in sorted(ctx.title_years(code))]
    merit_dates = [vi_date(c.on) for c in merit] + years
    found = (
        ", ".join(merit_dates) or "chưa có",
        ", ".join([en_date(c.on) for c in merit] + years) or "none",
    )
    return passed_if(len(merit_dates) >= times, required, found)
