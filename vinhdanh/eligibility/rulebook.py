"""Build the engine's RuleBook from the catalogue tables.

The catalogue holds the rules administrators edit (new versions of an award's rules) and
the local rules provinces and ministries set for delegated criteria (Law 06/2022 Art 24(4),
27, 28, 75(2)), so eligibility reads them from there. Only when the catalogue has not been
imported does the engine fall back to the bundled awards.yaml, and callers say so on screen.

Three queries build every book a sweep needs: current rule versions with their award and
rule set, every override in force for the units concerned, and the base-salary table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from vinhdanh.catalogue.models import AwardRule, RuleOverride
from vinhdanh.catalogue.models import BaseSalary as SalaryRow
from vinhdanh.catalogue.snapshot import AppliedOverride, apply_overrides
from vinhdanh.eligibility.engine import RuleBook, default_rule_book
from vinhdanh.eligibility.engine.rules import build_rule_set, spec_on
from vinhdanh.eligibility.engine.ruleset import BaseSalary
from vinhdanh.units.models import OrgUnit
from vinhdanh.units.tree import ancestor_paths

MONEY_KEYS = ("individual", "collective", "household")


@dataclass(frozen=True)
class _Override:
    pk: int
    path: str
    depth: int
    award_id: int
    rule_set_id: int
    key: str
    effective_from: dt.date
    meta: AppliedOverride
    replacement: list[Any]


def _award_entry(rule: AwardRule, rules: Mapping[str, Any]) -> dict[str, Any]:
    """Return an awards.yaml-shaped entry from a rule version and its award type."""
    award = rule.award
    entry: dict[str, Any] = {
        "code": award.code,
        "name_vi": award.name_vi,
        "name_en": award.name_en,
        "kind": award.kind,
        "subject": list(award.subjects),
        "frequency": award.frequency or None,
        "classes": award.classes or {},
        **rules,
    }
    for key in MONEY_KEYS:
        if key in award.money_raw:
            entry[f"money_coefficient_{key}"] = award.money_raw[key]
    return entry


@dataclass
class RuleBookSource:
    """Every catalogue row needed to build the rule book of any unit, loaded once.

    `book_for(path)` applies the overrides of the units above `path` and memoises the
    result by the set of overrides chosen, so a sweep over a province builds one book.
    """

    on: dt.date
    rules: list[AwardRule]
    overrides: list[_Override]
    salaries: tuple[BaseSalary, ...]
    from_catalogue: bool
    _books: dict[tuple[int, ...], RuleBook] = field(default_factory=dict)

    def book_for(self, path: str) -> RuleBook:
        if not self.from_catalogue:
            return default_rule_book()
        chosen: dict[tuple[int, int, str], _Override] = {}
        for row in self.overrides:
            if not path.startswith(row.path):
                continue
            slot = (row.award_id, row.rule_set_id, row.key)
            held = chosen.get(slot)
            if held is None or (row.depth, row.effective_from) > (held.depth, held.effective_from):
                chosen[slot] = row
        signature = tuple(sorted(row.pk for row in chosen.values()))
        book = self._books.get(signature)
        if book is None:
            book = self._build(list(chosen.values()))
            self._books[signature] = book
        return book

    def _build(self, chosen: list[_Override]) -> RuleBook:
        by_rule: dict[tuple[int, int], list[_Override]] = {}
        for row in chosen:
            by_rule.setdefault((row.award_id, row.rule_set_id), []).append(row)
        entries: dict[int, list[dict[str, Any]]] = {}
        sets: dict[int, Any] = {}
        for rule in self.rules:
            rules: Mapping[str, Any] = rule.as_rules()
            local = by_rule.get((rule.award_id, rule.rule_set_id))
            if local:
                rules, _applied, _stale = apply_overrides(
                    rules, [(row.meta, row.replacement) for row in local]
                )
            entries.setdefault(rule.rule_set_id, []).append(_award_entry(rule, rules))
            sets[rule.rule_set_id] = rule.rule_set
        rule_sets = []
        for rule_set_id, award_entries in entries.items():
            rule_set = sets[rule_set_id]
            # The version spec carries the general-rule citations and documented
            # amendments of the period (Decree 98/2023 or Decree 152/2025).
            spec = spec_on(rule_set.effective_from)
            if spec is None:
                continue
            rule_sets.append(
                build_rule_set(
                    award_entries,
                    spec,
                    rule_set_id=rule_set.code,
                    effective_from=rule_set.effective_from,
                    effective_to=rule_set.effective_to,
                )
            )
        rule_sets.sort(key=lambda rs: rs.effective_from)
        default = default_rule_book()
        return RuleBook(
            rule_sets=tuple(rule_sets),
            legal_documents=default.legal_documents,
            base_salaries=self.salaries or default.base_salaries,
            household_multiplier=default.household_multiplier,
        )


def load_rule_source(*, units: Iterable[OrgUnit], on: dt.date) -> RuleBookSource:
    """Load the catalogue rules and the overrides that can apply in `units`' subtrees."""
    # 1: current rule versions joined with their award type and rule set.
    rules = list(
        AwardRule.objects.filter(is_current=True)
        .select_related("award", "rule_set")
        .order_by("rule_set__effective_from", "award__position", "award__code")
    )
    if not rules:
        return RuleBookSource(on=on, rules=[], overrides=[], salaries=(), from_catalogue=False)
    scope = Q(pk__in=[])
    for unit in units:
        ancestors = [int(p.strip("/").split("/")[-1]) for p in ancestor_paths(unit.path)]
        scope |= Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path)
    # 2: overrides held by the units' ancestors or by units inside their subtrees.
    override_rows = (
        RuleOverride.objects.filter(scope, withdrawn=False, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("unit")
    )
    overrides = [
        _Override(
            pk=row.pk,
            path=row.unit.path,
            depth=row.unit.depth,
            award_id=row.award_id,
            rule_set_id=row.rule_set_id,
            key=row.condition_key,
            effective_from=row.effective_from,
            meta=AppliedOverride(
                override_id=row.pk,
                unit_id=row.unit_id,
                unit_code=row.unit.code,
                unit_name=row.unit.name,
                condition_key=row.condition_key,
                effective_from=row.effective_from,
                effective_to=row.effective_to,
                legal_basis=row.legal_basis,
            ),
            replacement=list(row.replacement),
        )
        for row in override_rows
    ]
    # 3: the base-salary table (reward money, Decree 152/2025 Art 49).
    salaries = tuple(
        BaseSalary(
            start=row.effective_from,
            end=row.effective_to,
            amount=row.amount,
            legal_basis=row.legal_basis,
        )
        for row in SalaryRow.objects.order_by("effective_from")
    )
    return RuleBookSource(
        on=on, rules=rules, overrides=overrides, salaries=salaries, from_catalogue=True
    )
