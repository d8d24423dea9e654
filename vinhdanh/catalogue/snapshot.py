"""The rules of one award as in force on a date for a unit: plain data for the engine.

Pure Python: the selector fills it from rows, the eligibility engine reads it.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Condition = Mapping[str, Any]

_STEP = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


@dataclass(frozen=True)
class AppliedOverride:
    """A local rule that replaced a delegated condition in this snapshot."""

    override_id: int
    unit_id: int
    unit_code: str
    unit_name: str
    condition_key: str
    effective_from: dt.date
    effective_to: dt.date | None
    legal_basis: str


@dataclass(frozen=True)
class RuleSnapshot:
    """Criteria, variants and exclusions of one award in one rule set, overrides applied.

    Conditions are the plain mappings of awards.yaml (`{"type": ..., ...}`,
    `{"any_of": [...]}`); the snapshot holds its own deep copies.
    """

    award_code: str
    rule_set_id: str
    rule_set_documents: tuple[str, ...]
    rule_set_from: dt.date
    rule_set_to: dt.date | None
    version: int
    criteria: tuple[Condition, ...]
    variants: tuple[Condition, ...]
    exclusions: tuple[Condition, ...]
    special_time_rules: tuple[str, ...]
    legal_basis: tuple[Condition, ...]
    overrides: tuple[AppliedOverride, ...] = ()
    # Overrides whose condition key no longer points at a `delegated` condition (the
    # national rules were edited after the override was set): listed, not applied.
    stale_overrides: tuple[AppliedOverride, ...] = field(default=())

    def as_entry(self) -> dict[str, Any]:
        """Return the rules as one awards.yaml entry (plain dicts and lists)."""
        return {
            "code": self.award_code,
            "criteria": copy.deepcopy(list(self.criteria)),
            "variants": copy.deepcopy(list(self.variants)),
            "exclusions": copy.deepcopy(list(self.exclusions)),
            "special_time_rules": list(self.special_time_rules),
            "legal_basis": copy.deepcopy(list(self.legal_basis)),
        }


def parse_key(key: str) -> list[tuple[str, int | None]]:
    """Split "variants[1].criteria[2]" into [("variants", 1), ("criteria", 2)]."""
    steps: list[tuple[str, int | None]] = []
    for part in key.split("."):
        match = _STEP.match(part)
        if match is None:
            raise KeyError(key)
        steps.append((match.group(1), int(match.group(2)) if match.group(2) else None))
    return steps


def find_condition(rules: Mapping[str, Any], key: str) -> Any:
    """Return the node at `key` in an award's rules; KeyError when there is none."""
    node: Any = rules
    try:
        for name, index in parse_key(key):
            node = node[name]
            if index is not None:
                node = node[index]
    except (IndexError, TypeError) as exc:
        raise KeyError(key) from exc
    return node


def _replace(rules: dict[str, Any], key: str, value: Any) -> None:
    steps = parse_key(key)
    node: Any = rules
    for name, index in steps[:-1]:
        node = node[name] if index is None else node[name][index]
    name, index = steps[-1]
    if index is None:
        node[name] = value
    else:
        node[name][index] = value


def apply_overrides(
    rules: Mapping[str, Any],
    overrides: Sequence[tuple[AppliedOverride, Sequence[Condition]]],
) -> tuple[dict[str, Any], list[AppliedOverride], list[AppliedOverride]]:
    """Return (rules with overrides applied, applied, stale).

    Each override replaces the `delegated` condition at its key by an `all_of` of its
    replacement conditions, so the result stays within the condition vocabulary.
    """
    result = copy.deepcopy(dict(rules))
    applied: list[AppliedOverride] = []
    stale: list[AppliedOverride] = []
    for meta, replacement in overrides:
        try:
            target = find_condition(result, meta.condition_key)
        except KeyError:
            stale.append(meta)
            continue
        if not isinstance(target, Mapping) or target.get("type") != "delegated":
            stale.append(meta)
            continue
        node: dict[str, Any] = {
            "all_of": copy.deepcopy(list(replacement)),
            "note": f"local rule of {meta.unit_name} replacing: {target.get('what', '')}".strip(),
        }
        if meta.legal_basis:
            node["legal_point"] = meta.legal_basis
        _replace(result, meta.condition_key, node)
        applied.append(meta)
    return result, applied, stale
