"""Evaluate one award type's rule set against one subject's history.

A `criteria` list is an implicit all_of; `variants` apply when their `when` holds;
`exclusions` disqualify when true; general rules (pending review, discipline) apply to
every award (Decree 152/2025 Art 4(4)). Logic is three-valued: passed, failed, to_confirm.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from datetime import date

from vinhdanh.eligibility.engine.conditions import LEAF_EVALUATORS
from vinhdanh.eligibility.engine.conditions.base import Evaluator as LeafEvaluator
from vinhdanh.eligibility.engine.context import Context, Facts
from vinhdanh.eligibility.engine.model import Discipline, SubjectHistory
from vinhdanh.eligibility.engine.outcome import (
    ConditionLine,
    Outcome,
    Status,
    Texts,
    Verdict,
    all_status,
    negate,
    verdict_for,
)
from vinhdanh.eligibility.engine.ruleset import (
    AwardRules,
    Condition,
    RuleBook,
    RuleSet,
)
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
        outcome=out,
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

    def render() -> Texts:
        required_vi, required_en, found_vi, found_en = out.texts()
        return (
            required_vi,
            required_en,
            f"{found_vi} (quy định chưa được xác minh trong giai đoạn này: {source})",
            f"{found_en} (rule unverified for this period: {source})",
        )

    return Status.TO_CONFIRM, Outcome(Status.TO_CONFIRM, render=render)


def _group_texts(op: str, met: int, total: int) -> Callable[[], Texts]:
    def render() -> Texts:
        if op == "all_of":
            required = ("Đạt tất cả các tiêu chuẩn sau", "All of the following")
        else:
            required = ("Đạt ít nhất một trong các tiêu chuẩn sau", "At least one of the following")
        return (*required, f"đạt {met}/{total}", f"{met}/{total} met")

    return render


def _negated_texts(out: Outcome) -> Callable[[], Texts]:
    def render() -> Texts:
        required_vi, required_en, found_vi, found_en = out.texts()
        return (
            f"Không thuộc trường hợp: {required_vi[:1].lower()}{required_vi[1:]}",
            f"Not the case: {required_en}",
            found_vi,
            found_en,
        )

    return render


def _variant_texts(when_lines: list[ConditionLine]) -> Callable[[], Texts]:
    def render() -> Texts:
        leaves = [w for w in when_lines if w.kind not in ("all_of", "any_of", "not")]
        return (
            "Áp dụng tiêu chuẩn cho: " + "; ".join(w.required_vi for w in leaves),
            "Standard for: " + "; ".join(w.required_en for w in leaves),
            "; ".join(w.found_vi for w in leaves),
            "; ".join(w.found_en for w in leaves),
        )

    return render


#: Leaf types whose outcome reads only the condition and the subject's kind, category or
#: unit type, never the record: their outcome is computed once per distinct subject
#: profile and shared (see Facts.shared).
SUBJECT_ONLY = frozenset(
    {"qualitative", "delegated", "subject_kind", "subject_category", "unit_type"}
)


def _leaf_types(cond: object, found: set[str]) -> set[str]:
    if isinstance(cond, Mapping):
        if "type" in cond:
            found.add(str(cond.get("type", "")))
        for op in ("all_of", "any_of", "not"):
            _leaf_types(cond.get(op), found)
    elif isinstance(cond, list | tuple):
        for item in cond:
            _leaf_types(item, found)
    return found


def reads_only_profile(award: AwardRules) -> bool:
    """Whether the award's own conditions read nothing of the record but the subject's
    kind, category or unit type (SUBJECT_ONLY leaves). Its verdict then depends only on
    that profile and on the general rules (open review, discipline), so subjects alike
    in those share one verdict."""
    found: set[str] = set()
    _leaf_types(list(award.criteria), found)
    _leaf_types(list(award.exclusions), found)
    for variant in award.variants:
        _leaf_types(variant.when, found)
        _leaf_types(list(variant.criteria), found)
    return found <= SUBJECT_ONLY


class _Plan:
    """How to evaluate one condition object, read from its mapping once per rule book:
    which combinator or leaf it is, the plans of its children, its citation and line key.

    A sweep evaluates the same few hundred condition objects for every subject of a
    province; walking the plan tree directly, rather than looking each mapping up again,
    keeps the per-subject work to the conditions themselves.
    """

    __slots__ = ("basis", "book", "children", "cond", "evaluator", "inner", "inner_basis",
                 "key", "kind", "leaf_type", "op", "profile_only", "source", "subject_only",
                 "unverified")

    def __init__(self, cond: Condition, book: RuleBook) -> None:
        # The plan keeps its condition and book, so their ids cannot be reused meanwhile.
        self.source = cond
        self.cond = cond
        self.book = book
        point = cond.get("legal_point")
        self.basis = cite_point(str(point), book.legal_documents) if point else None
        self.children: list[_Plan] = []
        self.inner: _Plan | None = None
        self.inner_basis: str | None = None
        self.evaluator: LeafEvaluator | None = None
        self.unverified: object = None
        self.kind = str(cond.get("type"))
        self.leaf_type = str(cond.get("type", ""))
        self.key = _key(cond)
        # A condition whose leaves all read only who the subject is (the kind check, a
        # variant's `when`, a qualitative standard) gives the same lines to every
        # subject of one profile: _run reuses them (see SUBJECT_ONLY).
        self.profile_only = _leaf_types(cond, set()) <= SUBJECT_ONLY
        for op in ("all_of", "any_of"):
            if op in cond:
                self.op = op
                self.children = [_Plan(c, book) for c in _children(cond, op)]
                self.subject_only = False
                return
        negated = _children(cond, "not") if "not" in cond else []
        if negated:
            inner = negated[0]
            if "type" not in inner:
                self.op = "not"
                self.inner = _Plan(inner, book)
                self.subject_only = False
                return
            # `not` over a leaf is one line; the leaf is evaluated through this plan.
            self.op = "not_leaf"
            self.cond = inner
            inner_point = inner.get("legal_point")
            if inner_point:
                self.inner_basis = cite_point(str(inner_point), book.legal_documents)
            self.kind = str(inner.get("type"))
            self.leaf_type = str(inner.get("type", ""))
            self.key = _key(inner)
        else:
            self.op = "leaf"
        # The leaf's evaluator and whether an UNVERIFIED rule may soften a failure are
        # looked up here once, not on every subject.
        self.evaluator = LEAF_EVALUATORS.get(self.leaf_type)
        self.unverified = self.cond.get("unverified_in_period")
        self.subject_only = self.leaf_type in SUBJECT_ONLY

    def leaf(self, ctx: Context) -> Outcome:
        """The outcome of this plan's leaf condition (under a `not_leaf`, the inner one)."""
        evaluator = self.evaluator
        if evaluator is None:
            return Outcome(
                Status.TO_CONFIRM,
                f"Điều kiện loại '{self.leaf_type}'",
                f"Condition of type '{self.leaf_type}'",
                "bộ máy chưa hỗ trợ loại điều kiện này",
                "condition type not supported",
            )
        if not self.subject_only:
            return evaluator(self.cond, ctx)
        subject = ctx.history.subject
        key = (self, subject.kind, subject.category, subject.unit_type)
        shared = ctx.facts.shared
        out = shared.get(key)
        if out is None:
            out = evaluator(self.cond, ctx)
            shared[key] = out
        return out  # type: ignore[return-value]


def _plan(cond: Condition, ctx: Context) -> _Plan:
    shared = ctx.facts.shared
    key = ("plan", id(cond))
    plan = shared.get(key)
    if plan is None or plan.source is not cond or plan.book is not ctx.book:  # type: ignore[attr-defined]
        plan = _Plan(cond, ctx.book)
        shared[key] = plan
    return plan  # type: ignore[return-value]


def evaluate_condition(
    cond: Condition, ctx: Context, *, depth: int, basis: str, lines: list[ConditionLine]
) -> Status:
    """Evaluate `cond`, append its line(s) to `lines`, and return its status."""
    return _run(_plan(cond, ctx), ctx, depth, basis, lines)


def _run(plan: _Plan, ctx: Context, depth: int, basis: str,
         lines: list[ConditionLine]) -> Status:
    """Evaluate the condition planned by `plan`, append its line(s), return its status."""
    if plan.basis is not None:
        basis = plan.basis
    if plan.profile_only:
        subject = ctx.history.subject
        shared = ctx.facts.shared
        key = (plan, depth, basis, subject.kind, subject.category, subject.unit_type)
        known = shared.get(key)
        if known is None:
            start = len(lines)
            status = _evaluate_plan(plan, ctx, depth, basis, lines)
            shared[key] = (status, lines[start:])
            return status
        lines.extend(known[1])  # type: ignore[index]
        return known[0]  # type: ignore[index,no-any-return]
    return _evaluate_plan(plan, ctx, depth, basis, lines)


def _evaluate_plan(plan: _Plan, ctx: Context, depth: int, basis: str,
                   lines: list[ConditionLine]) -> Status:
    op = plan.op
    if op == "leaf":
        out = plan.leaf(ctx)
        status = out.status
        if plan.unverified is not None:
            status, out = _downgrade(plan.cond, status, out)
        lines.append(ConditionLine(kind=plan.kind, key=plan.key, depth=depth, status=status,
                                   outcome=out, legal_basis=basis))
        return status
    if op == "all_of" or op == "any_of":
        index = len(lines)
        lines.append(_PLACEHOLDER)
        # all_status/any_status in one pass that also counts the branches met: this is
        # the engine's busiest loop, and a list plus two more passes measured 3-7% slower.
        met = 0
        failed = confirm = False
        for child in plan.children:
            child_status = _run(child, ctx, depth + 1, basis, lines)
            if child_status is Status.PASSED:
                met += 1
            elif child_status is Status.FAILED:
                failed = True
            else:
                confirm = True
        total = len(plan.children)
        if op == "all_of":
            status = (Status.FAILED if failed else Status.TO_CONFIRM if confirm
                      else Status.PASSED)
        else:
            status = (Status.PASSED if met else Status.TO_CONFIRM if confirm
                      else Status.FAILED)
        out = Outcome(status, render=_group_texts(op, met, total))
        lines[index] = ConditionLine(kind=op, key=None, depth=depth, status=status,
                                     outcome=out, legal_basis=basis)
        return status
    if op == "not":
        assert plan.inner is not None
        index = len(lines)
        lines.append(_PLACEHOLDER)
        status = negate(_run(plan.inner, ctx, depth + 1, basis, lines))
        out = Outcome(status, "Không thuộc trường hợp sau", "Not the following", "", "")
        lines[index] = _line(out, kind="not", key=None, depth=depth, basis=basis)
        return status
    # not_leaf
    if plan.inner_basis is not None:
        basis = plan.inner_basis
    out = plan.leaf(ctx)
    status, out = _downgrade(plan.cond, negate(out.status), out)
    out = Outcome(status, render=_negated_texts(out))
    lines.append(_line(out, kind=plan.kind, key=plan.key, depth=depth, basis=basis))
    return status


#: Holds a group's place in the lines while its children are evaluated.
_PLACEHOLDER = ConditionLine(kind="", key=None, depth=0, status=Status.TO_CONFIRM,
                             outcome=Outcome(Status.TO_CONFIRM), legal_basis="")


def _key(cond: Condition) -> str | None:
    value = cond.get("key")
    return None if value is None else str(value)


def _award_basis(award: AwardRules, book: RuleBook) -> str:
    """The article carrying the award's criteria: the first legal_basis entry and its siblings."""
    if not award.legal_basis:
        return ""
    first = award.legal_basis[0]
    refs = [r for r in award.legal_basis if (r.doc, r.article) == (first.doc, first.article)]
    return cite(refs, book.legal_documents)


class _AwardPlan:
    """An award type's conditions as plans, with their citations, built once per rule book:
    the subject-kind check, criteria, variants (their `when`, criteria and own article)
    and exclusions (read as the requirement they negate, with the general rule's article).
    """

    __slots__ = ("award", "basis", "book", "criteria", "exclusions", "kind",
                 "own_review_rule", "variants")

    def __init__(self, award: AwardRules, rule_set: RuleSet, book: RuleBook) -> None:
        self.award = award
        self.book = book
        self.basis = _award_basis(award, book)
        self.kind = _Plan({"type": "subject_kind", "in": list(award.subjects)}, book)
        self.criteria = [_Plan(c, book) for c in award.criteria]
        self.variants = [
            (_Plan(v.when, book), [_Plan(c, book) for c in v.criteria],
             cite(v.legal_basis, book.legal_documents) or self.basis)
            for v in award.variants
        ]
        self.exclusions: list[tuple[_Plan, str]] = []
        for exclusion in award.exclusions:
            # An exclusion disqualifies when true: check its negation, and read
            # `not X` as the requirement X itself rather than a double negative.
            inner = _children(exclusion, "not")
            criterion: Condition = inner[0] if inner else {"not": exclusion}
            general = rule_set.general_basis.get(str(exclusion.get("type")))
            self.exclusions.append((_Plan(criterion, book), general or self.basis))
        # An award that names the open-review rule among its exclusions states it there,
        # in its own words; the general line is then not repeated.
        self.own_review_rule = any(
            e.get("type") == "pending_review" for e in award.exclusions)


def _award_plan(ctx: Context) -> _AwardPlan:
    award = ctx.award
    key = ("award_plan", id(award))
    shared = ctx.facts.shared
    plan = shared.get(key)
    # The plan keeps its award and book, so their ids cannot be reused meanwhile.
    if plan is None or plan.award is not award or plan.book is not ctx.book:  # type: ignore[attr-defined]
        plan = _AwardPlan(award, ctx.rule_set, ctx.book)
        shared[key] = plan
    return plan  # type: ignore[return-value]


def _variants(plan: _AwardPlan, ctx: Context, lines: list[ConditionLine]) -> Iterator[Status]:
    chosen = 0
    undecided = False
    for when, criteria, variant_basis in plan.variants:
        when_lines: list[ConditionLine] = []
        status = _run(when, ctx, 0, plan.basis, when_lines)
        undecided = undecided or status is Status.TO_CONFIRM
        if status is not Status.PASSED:
            continue
        chosen += 1
        index = len(lines)
        lines.append(_PLACEHOLDER)
        statuses = [_run(c, ctx, 1, variant_basis, lines) for c in criteria]
        status = all_status(statuses)
        out = Outcome(status, render=_variant_texts(when_lines))
        lines[index] = _line(out, kind="variant", key=None, depth=0, basis=variant_basis)
        yield status
    if plan.variants and not chosen:
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
        lines.append(_line(out, kind="variant", key="none_applies", depth=0, basis=plan.basis))
        yield status


# The general rules are the same conditions for every award type; one object each keeps
# their outcome cache (SUBJECT_ONLY) and citations stable.
_NO_PENDING_REVIEW: Condition = {"not": {"type": "pending_review"}}
_DISCIPLINE_REQUIRED = (
    "Không đang thi hành kỷ luật; thành tích chỉ tính từ khi hết thời hạn kỷ luật",
    "Not under discipline; achievements count only from the end of a discipline",
)
_NO_DISCIPLINE = Outcome(Status.PASSED, *_DISCIPLINE_REQUIRED, "không có kỷ luật", "no discipline")


def _discipline_texts(ongoing: Discipline | None, counted_from: date | None
                      ) -> Callable[[], Texts]:
    def render() -> Texts:
        if ongoing is not None:
            level = label(ongoing.level)
            return (
                *_DISCIPLINE_REQUIRED,
                f"đang bị kỷ luật {level[0]} từ {vi_date(ongoing.start)}",
                f"under {level[1]} since {en_date(ongoing.start)}",
            )
        assert counted_from is not None
        return (
            *_DISCIPLINE_REQUIRED,
            f"thành tích được tính từ {vi_date(counted_from)}",
            f"achievements counted from {en_date(counted_from)}",
        )

    return render


def _general_rules(plan: _AwardPlan, ctx: Context, lines: list[ConditionLine]
                   ) -> Iterator[Status]:
    # The same two lines for every award type of one subject (they read the proposal
    # date, the open reviews and the discipline, never the award): worked out once per
    # subject and rule set, kept with the subject's facts.
    general = ctx.facts.general.get(id(ctx.rule_set))
    if general is None or general[0] is not ctx.rule_set:
        general = (ctx.rule_set, *_general_lines(ctx))
        ctx.facts.general[id(ctx.rule_set)] = general
    _rule_set, review, discipline = general
    if not plan.own_review_rule:
        lines.extend(review)
        yield review[0].status
    lines.append(discipline)
    yield discipline.status


def _general_lines(ctx: Context) -> tuple[list[ConditionLine], ConditionLine]:
    general = ctx.rule_set.general_basis
    review: list[ConditionLine] = []
    evaluate_condition(_NO_PENDING_REVIEW, ctx, depth=0,
                       basis=general.get("pending_review", ""), lines=review)
    ongoing, counted_from = ctx.ongoing_discipline, ctx.counted_from
    if ongoing is not None:
        out = Outcome(Status.FAILED, render=_discipline_texts(ongoing, None))
    elif counted_from is not None:
        out = Outcome(Status.PASSED, render=_discipline_texts(None, counted_from))
    else:
        out = _NO_DISCIPLINE
    discipline = _line(out, kind="discipline", key=None, depth=0,
                       basis=general.get("discipline", ""))
    return review, discipline


def _top_level(plan: _AwardPlan, ctx: Context, lines: list[ConditionLine]
               ) -> Iterator[Status]:
    """Evaluate the award's top-level conditions one by one (criteria, variants,
    exclusions, general rules), appending their lines and yielding each status."""
    basis = plan.basis
    for criterion in plan.criteria:
        yield _run(criterion, ctx, 0, basis, lines)
    if plan.variants:
        yield from _variants(plan, ctx, lines)
    for exclusion, exclusion_basis in plan.exclusions:
        yield _run(exclusion, ctx, 0, exclusion_basis, lines)
    yield from _general_rules(plan, ctx, lines)


def evaluate_rules(ctx: Context,
                   settled: Callable[[list[ConditionLine]], bool] | None = None) -> Verdict:
    """Evaluate the award in `ctx` (its kind, criteria, variants, exclusions, general rules).

    `settled`, asked after each failed top-level condition with the lines so far, may
    stop the evaluation there: a caller that only sorts refusals (a sweep counts the
    plain ones and stores nothing of them) says when nothing left could change how it
    sorts this one. The verdict then holds the lines evaluated so far.
    """
    plan = _award_plan(ctx)
    lines: list[ConditionLine] = []
    status = _run(plan.kind, ctx, 0, plan.basis, lines)
    if status is Status.PASSED:
        confirm = False
        for found in _top_level(plan, ctx, lines):
            if found is Status.FAILED:
                status = Status.FAILED
                if settled is not None and settled(lines):
                    break
            elif found is Status.TO_CONFIRM:
                confirm = True
        if status is Status.PASSED and confirm:
            status = Status.TO_CONFIRM
    return Verdict(
        award=ctx.award.code,
        rule_set=ctx.rule_set.id,
        evaluation_year=ctx.year,
        verdict=verdict_for(status),
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
    facts: Facts | None = None,
) -> Verdict:
    """Return the verdict of `award_code` for `history` in `evaluation_year`.

    `proposal_date` (normally the decision date) is when pending reviews and discipline are
    checked; it defaults to the last day of the year. The rule set is the one in force at
    `rules_as_of`, by default the last day of the evaluated year. `facts` (built by the
    caller for this history and proposal date) lets the award types of one subject share
    the work of reading its record.
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
        facts=facts,
    )
    return evaluate_rules(ctx)


def awards_for_kind(rule_set: RuleSet, kind: str) -> list[str]:
    """Codes of the award types a subject of `kind` can receive, in catalogue order."""
    return [code for code, award in rule_set.awards.items() if kind in award.subjects]
