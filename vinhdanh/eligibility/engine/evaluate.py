"""Evaluate one award type's rule set against one subject's history.

A `criteria` list is an implicit all_of; `variants` apply when their `when` holds;
`exclusions` disqualify when true; general rules (pending review, discipline) apply to
every award (Decree 152/2025 Art 4(4)). Logic is three-valued: passed, failed, to_confirm.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from vinhdanh.eligibility.engine.conditions import LEAF_EVALUATORS
from vinhdanh.eligibility.engine.context import Context
from vinhdanh.eligibility.engine.model import SubjectHistory
from vinhdanh.eligibility.engine.outcome import (
    ConditionLine,
    Outcome,
    Status,
    Verdict,
    all_status,
    any_status,
    negate,
    verdict_for,
)
from vinhdanh.eligibility.engine.ruleset import AwardRules, Condition, RuleBook, RuleSet
from vinhdanh.eligibility.engine.texts import cite, cite_point, en_date, label, vi_date


class EngineError(ValueError):
    """The question cannot be answered with the rules available."""


class NoRuleSetError(EngineError):
    pass


class UnknownAwardError(EngineError):
    pass


def _line(
    out: Outcome,
    *,
    kind: str,
    key: str | None,
    depth: int,
    basis: str,
    status: Status | None = None,
) -> ConditionLine:
    return ConditionLine(
        kind=kind,
        key=key,
        depth=depth,
        status=status or out.status,
        required_vi=out.required_vi,
        required_en=out.required_en,
        found_vi=out.found_vi,
        found_en=out.found_en,
        legal_basis=basis,
    )


def _children(cond: Condition, op: str) -> list[Condition]:
    value = cond.get(op)
    if isinstance(value, Mapping):
        return [value]
    if isinstance(value, list | tuple):
        return [c for c in value if isinstance(c, Mapping)]
    return []


def _downgrade(cond: Condition, status: Status, out: Outcome) -> tuple[Status, Outcome]:
    """An UNVERIFIED rule never refuses on its own: a failure becomes a confirmation."""
    source = cond.get("unverified_in_period")
    if source is None or status is not Status.FAILED:
        return status, out
    note = (
        f" (quy định chưa được xác minh trong giai đoạn này: {source})",
        f" (rule unverified for this period: {source})",
    )
    return Status.TO_CONFIRM, Outcome(
        Status.TO_CONFIRM,
        out.required_vi,
        out.required_en,
        out.found_vi + note[0],
        out.found_en + note[1],
    )


def _leaf(cond: Condition, ctx: Context) -> Outcome:
    kind = str(cond.get("type", ""))
    evaluator = LEAF_EVALUATORS.get(kind)
    if evaluator is None:
        return Outcome(
            Status.TO_CONFIRM,
            f"Điều kiện loại '{kind}'",
            f"Condition of type '{kind}'",
            "bộ máy chưa hỗ trợ loại điều kiện này",
            "condition type not supported",
        )
    return evaluator(cond, ctx)


def evaluate_condition(
    cond: Condition, ctx: Context, *, depth: int, basis: str, lines: list[ConditionLine]
) -> Status:
    """Evaluate `cond`, append its line(s) to `lines`, and return its status."""
    point = cond.get("legal_point")
    if point:
        basis = cite_point(str(point), ctx.book.legal_documents)
    for op in ("all_of", "any_of"):
        if op in cond:
            index = len(lines)
            children = _children(cond, op)
            statuses = [
                evaluate_condition(c, ctx, depth=depth + 1, basis=basis, lines=lines)
                for c in children
            ]
            status = all_status(statuses) if op == "all_of" else any_status(statuses)
            met = sum(1 for s in statuses if s is Status.PASSED)
            required = (
                ("Đạt tất cả các tiêu chuẩn sau", "All of the following")
                if op == "all_of"
                else ("Đạt ít nhất một trong các tiêu chuẩn sau", "At least one of the following")
            )
            out = Outcome(
                status, *required, f"đạt {met}/{len(children)}", f"{met}/{len(children)} met"
            )
            lines.insert(index, _line(out, kind=op, key=None, depth=depth, basis=basis))
            return status
    if "not" in cond and _children(cond, "not"):
        inner = _children(cond, "not")[0]
        if "type" not in inner:
            index = len(lines)
            status = negate(
                evaluate_condition(inner, ctx, depth=depth + 1, basis=basis, lines=lines)
            )
            out = Outcome(status, "Không thuộc trường hợp sau", "Not the following", "", "")
            lines.insert(index, _line(out, kind="not", key=None, depth=depth, basis=basis))
            return status
        inner_point = inner.get("legal_point")
        if inner_point:
            basis = cite_point(str(inner_point), ctx.book.legal_documents)
        out = _leaf(inner, ctx)
        status, out = _downgrade(inner, negate(out.status), out)
        out = Outcome(
            status,
            f"Không thuộc trường hợp: {out.required_vi[:1].lower()}{out.required_vi[1:]}",
            f"Not the case: {out.required_en}",
            out.found_vi,
            out.found_en,
        )
        lines.append(
            _line(out, kind=str(inner.get("type")), key=_key(inner), depth=depth, basis=basis)
        )
        return status
    out = _leaf(cond, ctx)
    status, out = _downgrade(cond, out.status, out)
    lines.append(_line(out, kind=str(cond.get("type")), key=_key(cond), depth=depth, basis=basis))
    return status


def _key(cond: Condition) -> str | None:
    value = cond.get("key")
    return None if value is None else str(value)


def award_basis(award: AwardRules, ctx: Context) -> str:
    """The article carrying the award's criteria: the first legal_basis entry and its siblings."""
    if not award.legal_basis:
        return ""
    first = award.legal_basis[0]
    refs = [r for r in award.legal_basis if (r.doc, r.article) == (first.doc, first.article)]
    return cite(refs, ctx.book.legal_documents)


def _all_criteria(
    items: Sequence[Condition], ctx: Context, depth: int, basis: str, lines: list[ConditionLine]
) -> list[Status]:
    return [evaluate_condition(c, ctx, depth=depth, basis=basis, lines=lines) for c in items]


def _variants(ctx: Context, basis: str, lines: list[ConditionLine]) -> list[Status]:
    award = ctx.award
    statuses: list[Status] = []
    chosen = 0
    undecided = False
    for variant in award.variants:
        when_lines: list[ConditionLine] = []
        when = evaluate_condition(variant.when, ctx, depth=0, basis=basis, lines=when_lines)
        undecided = undecided or when is Status.TO_CONFIRM
        if when is not Status.PASSED:
            continue
        chosen += 1
        variant_basis = cite(variant.legal_basis, ctx.book.legal_documents) or basis
        index = len(lines)
        status = all_status(_all_criteria(variant.criteria, ctx, 1, variant_basis, lines))
        leaves = [w for w in when_lines if w.kind not in ("all_of", "any_of", "not")]
        out = Outcome(
            status,
            "Áp dụng tiêu chuẩn cho: " + "; ".join(w.required_vi for w in leaves),
            "Standard for: " + "; ".join(w.required_en for w in leaves),
            "; ".join(w.found_vi for w in leaves),
            "; ".join(w.found_en for w in leaves),
        )
        lines.insert(index, _line(out, kind="variant", key=None, depth=0, basis=variant_basis))
        statuses.append(status)
    if award.variants and not chosen:
        subject = ctx.history.subject
        who = label(subject.category or subject.unit_type or subject.kind)
        status = Status.TO_CONFIRM if undecided else Status.FAILED
        out = Outcome(
            status,
            "Có tiêu chuẩn áp dụng cho nhóm đối tượng này",
            "A standard applies to this kind of subject",
            who[0] + (" (thiếu thông tin đối tượng)" if undecided else ""),
            who[1] + (" (subject details missing)" if undecided else ""),
        )
        lines.append(_line(out, kind="variant", key="none_applies", depth=0, basis=basis))
        statuses.append(status)
    return statuses


def _exclusions(ctx: Context, basis: str, lines: list[ConditionLine]) -> list[Status]:
    statuses = []
    for exclusion in ctx.award.exclusions:
        # An exclusion disqualifies when true: check its negation, and read
        # `not X` as the requirement X itself rather than a double negative.
        inner = _children(exclusion, "not")
        criterion: Condition = inner[0] if inner else {"not": exclusion}
        general = ctx.rule_set.general_basis.get(str(exclusion.get("type")))
        statuses.append(
            evaluate_condition(criterion, ctx, depth=0, basis=general or basis, lines=lines)
        )
    return statuses


def _general_rules(ctx: Context, lines: list[ConditionLine]) -> list[Status]:
    general = ctx.rule_set.general_basis
    statuses = []
    if not any(e.get("type") == "pending_review" for e in ctx.award.exclusions):
        statuses.append(
            evaluate_condition(
                {"not": {"type": "pending_review"}},
                ctx,
                depth=0,
                basis=general.get("pending_review", ""),
                lines=lines,
            )
        )
    required = (
        "Không đang thi hành kỷ luật; thành tích chỉ tính từ khi hết thời hạn kỷ luật",
        "Not under discipline; achievements count only from the end of a discipline",
    )
    ongoing, counted_from = ctx.ongoing_discipline, ctx.counted_from
    if ongoing is not None:
        level = label(ongoing.level)
        out = Outcome(
            Status.FAILED,
            *required,
            f"đang bị kỷ luật {level[0]} từ {vi_date(ongoing.start)}",
            f"under {level[1]} since {en_date(ongoing.start)}",
        )
    elif counted_from is not None:
        out = Outcome(
            Status.PASSED,
            *required,
            f"thành tích được tính từ {vi_date(counted_from)}",
            f"achievements counted from {en_date(counted_from)}",
        )
    else:
        out = Outcome(Status.PASSED, *required, "không có kỷ luật", "no discipline")
    lines.append(
        _line(out, kind="discipline", key=None, depth=0, basis=general.get("discipline", ""))
    )
    statuses.append(out.status)
    return statuses


def evaluate_rules(ctx: Context) -> Verdict:
    """Evaluate the award in `ctx` (its kind, criteria, variants, exclusions, general rules)."""
    award = ctx.award
    basis = award_basis(award, ctx)
    lines: list[ConditionLine] = []
    kind_status = evaluate_condition(
        {"type": "subject_kind", "in": list(award.subjects)}, ctx, depth=0, basis=basis, lines=lines
    )
    statuses = [kind_status]
    if kind_status is Status.PASSED:
        statuses += _all_criteria(award.criteria, ctx, 0, basis, lines)
        statuses += _variants(ctx, basis, lines)
        statuses += _exclusions(ctx, basis, lines)
        statuses += _general_rules(ctx, lines)
    return Verdict(
        award=award.code,
        rule_set=ctx.rule_set.id,
        evaluation_year=ctx.year,
        verdict=verdict_for(all_status(statuses)),
        lines=tuple(lines),
    )


def rule_set_for_year(book: RuleBook, evaluation_year: int) -> RuleSet:
    """The rule set in force at the end of the evaluated period (awards.md §1)."""
    rule_set = book.rule_set_on(date(evaluation_year, 12, 31))
    if rule_set is None:
        raise NoRuleSetError(f"no rule set in force for {evaluation_year}")
    return rule_set


def evaluate_award(
    book: RuleBook,
    award_code: str,
    history: SubjectHistory,
    *,
    evaluation_year: int,
    proposal_date: date | None = None,
    rules_as_of: date | None = None,
) -> Verdict:
    """Return the verdict of `award_code` for `history` in `evaluation_year`.

    `proposal_date` (normally the decision date) is when pending reviews and discipline are
    checked; it defaults to the last day of the year. The rule set is the one in force at
    `rules_as_of`, by default the last day of the evaluated year.
    """
    if rules_as_of is None:
        rule_set = rule_set_for_year(book, evaluation_year)
    else:
        found = book.rule_set_on(rules_as_of)
        if found is None:
            raise NoRuleSetError(f"no rule set in force on {rules_as_of}")
        rule_set = found
    award = rule_set.awards.get(award_code)
    if award is None:
        raise UnknownAwardError(award_code)
    ctx = Context(
        book=book,
        rule_set=rule_set,
        award=award,
        history=history,
        year=evaluation_year,
        proposal_date=proposal_date or date(evaluation_year, 12, 31),
    )
    return evaluate_rules(ctx)


def awards_for_kind(rule_set: RuleSet, kind: str) -> list[str]:
    """Codes of the award types a subject of `kind` can receive, in catalogue order."""
    return [code for code, award in rule_set.awards.items() if kind in award.subjects]
