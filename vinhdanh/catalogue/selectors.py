"""Reads of the catalogue: award types, rules in force on a date for a unit, base salary."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, unit_filter
from vinhdanh.catalogue.models import AwardRule, AwardType, BaseSalary, RuleOverride, RuleSet
from vinhdanh.catalogue.snapshot import AppliedOverride, RuleSnapshot, apply_overrides
from vinhdanh.catalogue.vocabulary import iter_delegated
from vinhdanh.core.errors import NotFound
from vinhdanh.core.money import round_up_vnd
from vinhdanh.core.text import fold
from vinhdanh.units.models import OrgUnit, UnitKind

#: Units whose own rules may stand in for delegated criteria: provinces and ministries
#: (Law 06/2022 Art 24(4), 27, 28, 75(2); Decree 86/2023).
OVERRIDING_KINDS = frozenset({UnitKind.PROVINCE, UnitKind.MINISTRY})

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


def _in_force(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}effective_from__lte": day}) & (
        Q(**{f"{prefix}effective_to__isnull": True}) | Q(**{f"{prefix}effective_to__gte": day})
    )


def list_award_types(
    *, kind: str = "", level: str = "", subject: str = "", q: str = ""
) -> QuerySet[AwardType]:
    """Return award types, filtered by kind, level, subject and a folded text search."""
    awards = AwardType.objects.all()
    if kind:
        awards = awards.filter(kind=kind)
    if level:
        awards = awards.filter(level=level)
    if subject:
        # Subjects are a JSON list of codes; matching the quoted code keeps one
        # portable lookup for SQLite and PostgreSQL.
        awards = awards.filter(subjects__icontains=f'"{subject}"')
    for word in fold(q).split():
        awards = awards.filter(name_folded__contains=word)
    return awards.order_by("position", "code")


def get_award_type(code: str) -> AwardType:
    """Return the award type with `code`, with every rule version and its rule set; or 404."""
    versions = AwardRule.objects.select_related("rule_set", "created_by").order_by(
        "rule_set__effective_from", "-version"
    )
    award = (
        AwardType.objects.filter(code=code)
        .prefetch_related(Prefetch("rules", queryset=versions))
        .first()
    )
    if award is None:
        raise Http404(code)
    return award


def list_rule_sets() -> list[RuleSet]:
    """Return every rule set, oldest first."""
    return list(RuleSet.objects.order_by("effective_from"))


def get_rule_set(code: str) -> RuleSet:
    rule_set = RuleSet.objects.filter(code=code).first()
    if rule_set is None:
        raise Http404(code)
    return rule_set


def rule_set_on(day: dt.date) -> RuleSet | None:
    """Return the rule set in force on `day`, if any."""
    return RuleSet.objects.filter(_in_force(day)).order_by("-effective_from").first()


def get_current_rule(*, award: AwardType, rule_set: RuleSet) -> AwardRule | None:
    """Return the current version of `award`'s rules under `rule_set`."""
    return (
        AwardRule.objects.select_related("rule_set")
        .filter(award=award, rule_set=rule_set, is_current=True)
        .first()
    )


def list_rule_versions(*, award: AwardType, rule_set: RuleSet) -> QuerySet[AwardRule]:
    """Return every version of `award`'s rules under `rule_set`, newest first."""
    return (
        AwardRule.objects.select_related("rule_set", "created_by")
        .filter(award=award, rule_set=rule_set)
        .order_by("-version")
    )


def list_overrides(*, award: AwardType) -> QuerySet[RuleOverride]:
    """Return every local override of `award` (withdrawn ones included), with unit and set."""
    return (
        RuleOverride.objects.select_related("unit", "rule_set", "created_by")
        .filter(award=award)
        .order_by("unit__path", "condition_key", "-effective_from")
    )


def list_delegated_keys(rule: AwardRule) -> list[tuple[str, str]]:
    """Return (condition key, description) for each delegated condition of a rule version."""
    return [
        (path, f"{path}: {node.get('to', '')} — {node.get('what', '')}")
        for path, node in iter_delegated(rule.as_rules())
    ]


def _ancestor_ids(unit: OrgUnit) -> list[int]:
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def get_rules(award_code: str, *, on: dt.date, unit: OrgUnit | None) -> RuleSnapshot:
    """Return the rules of an award in force on `on`, with `unit`'s local overrides applied.

    For each delegated condition the override of the nearest ancestor of `unit` (the
    unit itself included) in force on `on` wins.
    """
    rule = (
        AwardRule.objects.select_related("rule_set")
        .filter(award__code=award_code, is_current=True)
        .filter(_in_force(on, "rule_set__"))
        .first()
    )
    if rule is None:
        raise NotFound(
            _("No rules of award %(code)s are in force on %(day)s.")
            % {"code": award_code, "day": on.strftime("%d/%m/%Y")},
            field="award_code",
        )
    rules: Mapping[str, Any] = rule.as_rules()
    applied: list[AppliedOverride] = []
    stale: list[AppliedOverride] = []
    if unit is not None:
        chosen: dict[str, RuleOverride] = {}
        rows = (
            RuleOverride.objects.select_related("unit")
            .filter(
                award_id=rule.award_id, rule_set_id=rule.rule_set_id, withdrawn=False,
                unit_id__in=_ancestor_ids(unit),
            )
            .filter(_in_force(on))
        )
        for row in rows:
            held = chosen.get(row.condition_key)
            if held is None or (row.unit.depth, row.effective_from) > (
                held.unit.depth, held.effective_from
            ):
                chosen[row.condition_key] = row
        rules, applied, stale = apply_overrides(
            rules, [(_meta(row), row.replacement) for row in chosen.values()]
        )
    rule_set = rule.rule_set
    return RuleSnapshot(
        award_code=award_code,
        rule_set_id=rule_set.code,
        rule_set_documents=tuple(rule_set.documents),
        rule_set_from=rule_set.effective_from,
        rule_set_to=rule_set.effective_to,
        version=rule.version,
        criteria=tuple(rules["criteria"]),
        variants=tuple(rules["variants"]),
        exclusions=tuple(rules["exclusions"]),
        special_time_rules=tuple(rules["special_time_rules"]),
        legal_basis=tuple(rules["legal_basis"]),
        overrides=tuple(applied),
        stale_overrides=tuple(stale),
    )


def _meta(row: RuleOverride) -> AppliedOverride:
    return AppliedOverride(
        override_id=row.pk,
        unit_id=row.unit_id,
        unit_code=row.unit.code,
        unit_name=row.unit.name,
        condition_key=row.condition_key,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        legal_basis=row.legal_basis,
    )


def get_base_salary_on(day: dt.date) -> BaseSalary | None:
    """Return the base-salary row in force on `day`, if the table covers it."""
    return (
        BaseSalary.objects.filter(effective_from__lte=day)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=day))
        .order_by("-effective_from")
        .first()
    )


def base_salary_on(day: dt.date) -> int:
    """Return the base salary in VND in force on `day` (Decree 152/2025 Art 49(1))."""
    row = get_base_salary_on(day)
    if row is None:
        raise NotFound(
            _("No base salary is recorded for %(day)s.") % {"day": day.strftime("%d/%m/%Y")},
            field="on",
        )
    return row.amount


def reward_amounts(award: AwardType, salary: int) -> dict[str, int | None]:
    """Return the money per subject at `salary`, rounded up to 10,000 VND (Art 49(2)).

    A capped coefficient ("max:<x>") gives the upper limit.
    """
    amounts: dict[str, int | None] = {}
    for subject in ("individual", "collective", "household"):
        value: Decimal | None = award.coefficient_for(subject)
        amounts[subject] = round_up_vnd(value * salary) if value is not None else None
    return amounts


def list_overriding_units(user: User | AnonymousUser) -> list[OrgUnit]:
    """Return the provinces and ministries where `user` may set local rules."""
    return list(
        OrgUnit.objects.filter(kind__in=OVERRIDING_KINDS)
        .filter(unit_filter(user, Action.MANAGE_CATALOGUE, field=""))
        .order_by("name")
    )
