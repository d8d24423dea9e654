"""Pure eligibility engine: no Django import anywhere in this package.

Public API:
    load_rule_book(path) / build_rule_book(data) / default_rule_book() -> RuleBook
    evaluate_award(book, award_code, history, *, evaluation_year, proposal_date=None,
                   rules_as_of=None) -> Verdict
    reward_amount(book, award_code, subject_kind, decision_date, award_class=None)
        -> RewardAmount
    parse_request(data, book) -> CheckRequest; run_check(book, request) -> CheckResult;
    render_result(result) -> dict
"""

from vinhdanh.eligibility.engine.evaluate import (
    EngineError,
    NoRuleSetError,
    UnknownAwardError,
    awards_for_kind,
    evaluate_award,
    rule_set_for_year,
)
from vinhdanh.eligibility.engine.jsonio import (
    CheckRequest,
    CheckResult,
    InputError,
    parse_request,
    render_result,
    run_check,
)
from vinhdanh.eligibility.engine.model import Subject, SubjectHistory
from vinhdanh.eligibility.engine.money import RewardAmount, reward_amount
from vinhdanh.eligibility.engine.outcome import ConditionLine, Status, Verdict, VerdictKind
from vinhdanh.eligibility.engine.rules import build_rule_book, default_rule_book, load_rule_book
from vinhdanh.eligibility.engine.ruleset import AwardRules, RuleBook, RuleSet

__all__ = [
    "AwardRules",
    "CheckRequest",
    "CheckResult",
    "ConditionLine",
    "EngineError",
    "InputError",
    "NoRuleSetError",
    "RewardAmount",
    "RuleBook",
    "RuleSet",
    "Status",
    "Subject",
    "SubjectHistory",
    "UnknownAwardError",
    "Verdict",
    "VerdictKind",
    "awards_for_kind",
    "build_rule_book",
    "default_rule_book",
    "evaluate_award",
    "load_rule_book",
    "parse_request",
    "render_result",
    "reward_amount",
    "rule_set_for_year",
    "run_check",
]
