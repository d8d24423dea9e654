"""Errors of the catalogue: rule edits refused by the vocabulary, bad override targets."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from django.utils.translation import get_language

from vinhdanh.catalogue.vocabulary import Problem
from vinhdanh.core.errors import ValidationFailed


class CatalogueErrorCode(StrEnum):
    INVALID_RULES = "invalid_rules"
    UNREADABLE_RULES = "unreadable_rules"
    NOT_DELEGATED = "not_delegated"
    NOT_OVERRIDABLE_UNIT = "not_overridable_unit"
    NO_RULE_SET = "no_rule_set"


def problem_message(problem: Problem) -> str:
    """Return a problem in the active language: Vietnamese unless English is active."""
    language = get_language() or "vi"
    text = problem.message_en if language.startswith("en") else problem.message_vi
    return f"{problem.path}: {text}"


class RuleValidationFailed(ValidationFailed):
    """The rules do not fit the condition vocabulary; nothing was written."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        message = "; ".join(problem_message(p) for p in self.problems[:5])
        if len(self.problems) > 5:
            message += f" (+{len(self.problems) - 5})"
        super().__init__(message, field=first.path, code=CatalogueErrorCode.INVALID_RULES)
