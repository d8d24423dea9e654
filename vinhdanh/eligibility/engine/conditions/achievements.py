"""Achievements: initiatives, science works, inventions, ad-hoc and movement achievements,
contributions, prizes (Law 06/2022 Arts 21-23, 42-44, 73-74)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Protocol, TypeVar

from vinhdanh.eligibility.engine.conditions.base import (
    NONE_FOUND,
    deferred,
    integer,
    strings,
    text,
)
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import (
    ACHIEVEMENT_SCOPES,
    COMBAT_SCOPES,
    INITIATIVE_EFFECTS,
    INITIATIVE_SCOPES,
    SCIENCE_STATES,
    CombatCreativity,
    Contribution,
    Initiative,
    InternationalPrize,
    InventionOrWork,
    IrregularAchievement,
    MovementAchievement,
    ScienceWork,
    rank,
)
from vinhdanh.eligibility.engine.outcome import Outcome, Status
from vinhdanh.eligibility.engine.ruleset import Condition
from vinhdanh.eligibility.engine.texts import en_date, label, labels, vi_date

E = TypeVar("E")


class _Dated(Protocol):
    @property
    def on(self) -> date: ...


D = TypeVar("D", bound=_Dated)


def _at_least(order: tuple[str, ...], value: str, wanted: str) -> bool:
    return wanted in ("", "any") or rank(order, value) >= rank(order, wanted)


def _dates(
    items: Sequence[E],
    on: Callable[[E], date],
    describe: Callable[[E], tuple[str, str]],
) -> tuple[str, str]:
    if not items:
        return NONE_FOUND
    rows = sorted(((on(e), describe(e)) for e in items), key=lambda r: (r[0], r[1]))
    return (
        "; ".join(f"{vi_date(d)} ({t[0]})" for d, t in rows),
        "; ".join(f"{en_date(d)} ({t[1]})" for d, t in rows),
    )


def _reusable(used_for: str | None, ctx: Context) -> bool | None:
    """Initiative single use (Dispatch 5007/BNV-TĐKT 2023, III.5.c): True = may count,
    False = already used for the other kind of award, None = reuse across two titles or
    two forms is not clearly regulated and needs a person to decide."""
    if used_for is None or used_for == ctx.award.code:
        return True
    other = ctx.rule_set.awards.get(used_for)
    if other is None or other.kind != ctx.award.kind:
        return False
    return None


def _counted_works(
    items: Sequence[Initiative] | Sequence[ScienceWork],
    minimum: int,
    required: Callable[[], tuple[str, str]],
    ctx: Context,
    describe: Callable[[Initiative | ScienceWork], tuple[str, str]],
    too_small: int,
) -> Outcome:
    usable: list[Initiative | ScienceWork] = []
    unclear: list[Initiative | ScienceWork] = []
    spent = 0
    for e in items:
        reusable = _reusable(e.used_for, ctx)
        if reusable is True:
            usable.append(e)
        elif reusable is None:
            unclear.append(e)
        else:
            spent += 1
    if len(usable) >= minimum:
        status = Status.PASSED
    elif len(usable) + len(unclear) >= minimum:
        status = Status.TO_CONFIRM
    else:
        status = Status.FAILED

    def found() -> tuple[str, str]:
        listed = _dates(usable + unclear, lambda e: e.on, describe)
        notes_vi, notes_en = [listed[0]], [listed[1]]
        if unclear:
            notes_vi.append(
                f"{len(unclear)} đã dùng cho danh hiệu khác (cần xem xét việc dùng lại)")
            notes_en.append(f"{len(unclear)} already used for another title (reuse to be decided)")
        if spent:
            notes_vi.append(f"{spent} đã dùng cho hình thức khen khác loại, không dùng lại")
            notes_en.append(f"{spent} already used for an award of the other kind, not reusable")
        if too_small:
            notes_vi.append(f"{too_small} không đủ phạm vi/mức độ yêu cầu")
            notes_en.append(f"{too_small} below the required scope or effect")
        return "; ".join(notes_vi), "; ".join(notes_en)

    return deferred(status, required, found)


def _describe_initiative(e: Initiative | ScienceWork) -> tuple[str, str]:
    s, f = label(e.scope), label(e.effect if isinstance(e, Initiative) else e.state)
    return f"{s[0]}, {f[0]}", f"{s[1]}, {f[1]}"


def initiative(cond: Condition, ctx: Context) -> Outcome:
    minimum = integer(cond, "min_count", 1)
    scope, effect = text(cond, "scope", "any"), text(cond, "effect", "recognized")
    by = text(cond, "recognized_by")

    def required() -> tuple[str, str]:
        scope_l, effect_l = label(scope), label(effect)
        return (
            f"Ít nhất {minimum} sáng kiến {scope_l[0]}, {effect_l[0]}"
            + (f" (xác nhận: {by})" if by else ""),
            f"At least {minimum} initiative(s) at {scope_l[1]}, {effect_l[1]}"
            + (f" (certified by {by})" if by else ""),
        )

    counted = ctx.dated(Initiative, _on)
    fits = [
        e
        for e in counted
        if _at_least(INITIATIVE_SCOPES, e.scope, scope)
        and _at_least(INITIATIVE_EFFECTS, e.effect, effect)
    ]
    return _counted_works(fits, minimum, required, ctx, _describe_initiative,
                          len(counted) - len(fits))


def _describe_science(e: Initiative | ScienceWork) -> tuple[str, str]:
    s, f = label(e.scope), label(e.state if isinstance(e, ScienceWork) else e.effect)
    return f"{s[0]}, {f[0]}", f"{s[1]}, {f[1]}"


def science_work(cond: Condition, ctx: Context) -> Outcome:
    minimum = integer(cond, "min_count", 1)
    scope, state = text(cond, "scope", "any"), text(cond, "state", "accepted")

    def required() -> tuple[str, str]:
        scope_l, state_l = label(scope), label(state)
        return (
            f"Ít nhất {minimum} đề tài, đề án, công trình khoa học {scope_l[0]}, {state_l[0]}",
            f"At least {minimum} science work(s) at {scope_l[1]}, {state_l[1]}",
        )

    counted = ctx.dated(ScienceWork, _on)
    fits = [
        e
        for e in counted
        if _at_least(INITIATIVE_SCOPES, e.scope, scope)
        and _at_least(SCIENCE_STATES, e.state, state)
    ]
    return _counted_works(fits, minimum, required, ctx, _describe_science,
                          len(counted) - len(fits))


def _on(e: _Dated) -> date:
    return e.on


def _scope(e: IrregularAchievement | CombatCreativity) -> tuple[str, str]:
    return label(e.scope)


def _found(items: Sequence[D], describe: Callable[[D], tuple[str, str]]
           ) -> Callable[[], tuple[str, str]]:
    return lambda: _dates(items, _on, describe)


def combat_creativity(cond: Condition, ctx: Context) -> Outcome:
    scope = text(cond, "scope", "unit")

    def required() -> tuple[str, str]:
        scope_l = label(scope)
        return (
            f"Có mưu trí, sáng tạo trong chiến đấu, phục vụ chiến đấu {scope_l[0]}",
            f"Combat creativity recognised at {scope_l[1]}",
        )

    items = [
        e
        for e in ctx.dated(CombatCreativity, _on)
        if _at_least(COMBAT_SCOPES, e.scope, scope)
    ]
    return deferred(_passed(items), required, _found(items, _scope))


def _passed(items: Sequence[object]) -> Status:
    return Status.PASSED if items else Status.FAILED


def _kind_and_scope(e: InventionOrWork) -> tuple[str, str]:
    return (
        f"{label(e.kind)[0]}, {label(e.scope)[0]}",
        f"{label(e.kind)[1]}, {label(e.scope)[1]}",
    )


def invention_or_work(cond: Condition, ctx: Context) -> Outcome:
    scope, kinds = text(cond, "scope", "any"), strings(cond, "kinds")

    def required() -> tuple[str, str]:
        scope_l, kinds_l = label(scope), labels(kinds, (", ", ", "))
        return (
            f"Có {kinds_l[0] or 'phát minh, sáng chế, công trình'} {scope_l[0]}",
            f"{kinds_l[1] or 'An invention or work'} at {scope_l[1]}",
        )

    items = [
        e
        for e in ctx.dated(InventionOrWork, _on)
        if _at_least(ACHIEVEMENT_SCOPES, e.scope, scope) and (not kinds or e.kind in kinds)
    ]
    return deferred(_passed(items), required, _found(items, _kind_and_scope))


def irregular_achievement(cond: Condition, ctx: Context) -> Outcome:
    scope = text(cond, "scope", "any")

    def required() -> tuple[str, str]:
        scope_l = label(scope)
        return (
            f"Có thành tích xuất sắc đột xuất, phạm vi {scope_l[0]}",
            f"An outstanding ad-hoc achievement, scope {scope_l[1]}",
        )

    items = [
        e
        for e in ctx.dated(IrregularAchievement, _on)
        if _at_least(ACHIEVEMENT_SCOPES, e.scope, scope)
    ]
    return deferred(_passed(items), required, _found(items, _scope))


def _movement(e: MovementAchievement) -> tuple[str, str]:
    return (
        f"{label(e.launched_by)[0]}, {e.duration_years} năm, {label(e.stage)[0]}",
        f"{label(e.launched_by)[1]}, {e.duration_years} years, {label(e.stage)[1]}",
    )


def movement_achievement(cond: Condition, ctx: Context) -> Outcome:
    launchers = strings(cond, "launched_by") or ("any",)
    years = integer(cond, "min_duration_years", 0)
    stage = text(cond, "stage", "any")

    def required() -> tuple[str, str]:
        who = labels(launchers, (" hoặc ", " or "))
        span = (
            f", kéo dài từ {years} năm" if years else "",
            f", lasting {years}+ years" if years else "",
        )
        return (
            f"Tiêu biểu trong phong trào thi đua do {who[0]} phát động{span[0]}",
            f"Outstanding in an emulation movement launched by {who[1]}{span[1]}",
        )

    def fits(e: MovementAchievement) -> bool:
        return (
            ("any" in launchers or e.launched_by in launchers)
            and e.duration_years >= years
            and stage in ("any", e.stage)
        )

    items = [e for e in ctx.dated(MovementAchievement, _on) if fits(e)]
    return deferred(_passed(items), required, _found(items, _movement))


def _area(e: Contribution) -> tuple[str, str]:
    return label(e.area)


def contribution(cond: Condition, ctx: Context) -> Outcome:
    fields = strings(cond, "fields")

    def required() -> tuple[str, str]:
        fields_l = labels(fields, ("; ", "; "))
        return f"Có đóng góp: {fields_l[0]}", f"A contribution to: {fields_l[1]}"

    items = [e for e in ctx.dated(Contribution, _on) if not fields or e.area in fields]
    return deferred(_passed(items), required, _found(items, _area))


def _level(e: InternationalPrize) -> tuple[str, str]:
    return label(e.level)


def international_prize(cond: Condition, ctx: Context) -> Outcome:
    level = text(cond, "level", "any")

    def required() -> tuple[str, str]:
        level_l = label(level)
        return f"Đạt giải quốc tế: {level_l[0]}", f"International prize: {level_l[1]}"

    items = [
        e
        for e in ctx.dated(InternationalPrize, _on)
        if level == "any" or e.level == level
    ]
    return deferred(_passed(items), required, _found(items, _level))
