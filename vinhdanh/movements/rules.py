"""Validation rules over one unit's values, as pure functions (no database).

A rule is skipped when any value it names is missing, as DHIS2 does by default
("skip if any value missing"): an unfinished form is not a contradiction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from vinhdanh.movements.models import RuleKind


@dataclass(frozen=True)
class RuleSpec:
    id: int
    kind: str
    left_codes: tuple[str, ...]
    right_code: str
    min_value: Decimal | None
    max_value: Decimal | None
    message: str


@dataclass(frozen=True)
class Violation:
    rule_id: int
    message: str
    left: Decimal
    right: Decimal | None

    def as_json(self) -> dict[str, object]:
        return {"rule_id": self.rule_id, "message": self.message, "left": str(self.left),
                "right": None if self.right is None else str(self.right)}


def evaluate(rules: Iterable[RuleSpec], values: Mapping[str, Decimal | None]) -> list[Violation]:
    """Return the violations of `rules` by `values` (indicator code to number)."""
    found: list[Violation] = []
    for rule in rules:
        left_terms = [values.get(code) for code in rule.left_codes]
        if not left_terms or any(term is None for term in left_terms):
            continue
        left = sum((term for term in left_terms if term is not None), Decimal(0))
        if rule.kind == RuleKind.SUM_EQUALS:
            right = values.get(rule.right_code)
            if right is not None and left != right:
                found.append(Violation(rule.id, rule.message, left, right))
        elif rule.kind == RuleKind.BOUNDS:
            too_low = rule.min_value is not None and left < rule.min_value
            too_high = rule.max_value is not None and left > rule.max_value
            if too_low or too_high:
                found.append(Violation(rule.id, rule.message, left, None))
    return found
