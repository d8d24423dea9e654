"""Writes to the catalogue: rule edits as new versions, local overrides of delegated criteria."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.catalogue.errors import CatalogueErrorCode, RuleValidationFailed
from vinhdanh.catalogue.models import (
    AwardRule,
    AwardType,
    RuleOverride,
    RuleSet,
    RuleSource,
)
from vinhdanh.catalogue.selectors import OVERRIDING_KINDS
from vinhdanh.catalogue.snapshot import find_condition
from vinhdanh.catalogue.vocabulary import validate_criteria, validate_rules
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User



def parse_rules_text(text: str | Sequence[Any] | Mapping[str, Any], *, field: str) -> Any:
    """Return the data of a YAML or JSON text (JSON is YAML); data passes through."""
    if not isinstance(text, str):
        return text
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = (
            _(" (line %(line)d, column %(column)d)")
            % {"line": mark.line + 1, "column": mark.column + 1}
            if mark is not None else ""
        )
        raise ValidationFailed(
            _("The text is not valid YAML or JSON%(where)s.") % {"where": where},
            field=field, code=CatalogueErrorCode.UNREADABLE_RULES,
        ) from exc


def _known_awards() -> set[str]:
    return set(AwardType.objects.values_list("code", flat=True))


@transaction.atomic
def update_award_rule(
    *,
    actor: User | AnonymousUser,
    award: AwardType,
    rule_set: RuleSet,
    criteria_yaml_or_json: str | Sequence[Any] | Mapping[str, Any],
    reason: str,
) -> AwardRule:
    """Validate edited rules against the vocabulary and store them as the next version.

    The text is either a list (the new `criteria`) or a mapping of rule parts
    (criteria, variants, exclusions, special_time_rules, legal_basis); parts left out
    keep their current value. National rules are edited by system administrators only.
    """
    ensure_can(actor, Action.MANAGE_CATALOGUE, None)
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Give the reason for the change."), field="reason")
    data = parse_rules_text(criteria_yaml_or_json, field="criteria")
    if isinstance(data, list):
        edited: dict[str, Any] = {"criteria": data}
    elif isinstance(data, Mapping):
        edited = dict(data)
    else:
        raise ValidationFailed(
            _("Enter a list of conditions or a mapping of rule parts (criteria, variants, "
              "exclusions)."),
            field="criteria", code=CatalogueErrorCode.INVALID_RULES,
        )
    problems = validate_rules(edited, known_awards=_known_awards())
    if problems:
        raise RuleValidationFailed(problems)

    previous = (
        AwardRule.objects.select_for_update()
        .filter(award=award, rule_set=rule_set, is_current=True)
        .first()
    )
    base = previous.as_rules() if previous is not None else {
        "criteria": [], "variants": [], "exclusions": [], "special_time_rules": [],
        "legal_basis": list(award.legal_basis),
    }
    parts = {**base, **edited}
    if previous is not None and parts == base:
        raise ValidationFailed(_("The rules are unchanged."), field="criteria")
    last = (
        AwardRule.objects.filter(award=award, rule_set=rule_set)
        .order_by("-version").values_list("version", flat=True).first()
    )
    if previous is not None:
        previous.is_current = False
        previous.save(update_fields=["is_current"])
    rule = AwardRule.objects.create(
        award=award, rule_set=rule_set, version=(last or 0) + 1, is_current=True,
        source=RuleSource.EDIT, reason=reason, created_by=actor if actor.is_authenticated
        else None, **parts,
    )
    record_event(
        actor=actor,
        action="catalogue.rule_updated",
        target=rule,
        data={
            "award": award.code,
            "rule_set": rule_set.code,
            "version": rule.version,
            "previous_version": previous.version if previous is not None else None,
            "parts": sorted(edited),
            "reason": reason,
        },
    )
    return rule


@transaction.atomic
def set_rule_override(
    *,
    actor: User | AnonymousUser,
    unit: OrgUnit,
    award: AwardType,
    condition_key: str,
    replacement: str | Sequence[Any],
    effective_from: dt.date,
    effective_to: dt.date | None = None,
    legal_basis: str = "",
    reason: str = "",
) -> RuleOverride:
    """Replace a delegated condition of `award` by `unit`'s own conditions in its subtree.

    The rule set is the one in force on `effective_from`. An earlier override of the
    same condition by the same unit ends the day before; one starting on or after
    `effective_from` is withdrawn (kept, not deleted).
    """
    ensure_can(actor, Action.MANAGE_CATALOGUE, unit)
    if unit.kind not in OVERRIDING_KINDS:
        raise ValidationFailed(
            _("Only a province or a ministry may set its own rules for delegated criteria."),
            field="unit", code=CatalogueErrorCode.NOT_OVERRIDABLE_UNIT,
        )
    if effective_to is not None and effective_to < effective_from:
        raise ValidationFailed(
            _("The end date is before the start date."), field="effective_to"
        )
    rule_set = (
        RuleSet.objects.filter(effective_from__lte=effective_from)
        .order_by("-effective_from").first()
    )
    if rule_set is None or not rule_set.in_force_on(effective_from):
        raise ValidationFailed(
            _("No rule set is in force on %(day)s.")
            % {"day": effective_from.strftime("%d/%m/%Y")},
            field="effective_from", code=CatalogueErrorCode.NO_RULE_SET,
        )
    current = AwardRule.objects.filter(award=award, rule_set=rule_set, is_current=True).first()
    try:
        target = find_condition(current.as_rules(), condition_key) if current else None
    except KeyError:
        target = None
    if not isinstance(target, Mapping) or target.get("type") != "delegated":
        raise ValidationFailed(
            _("%(key)s is not a condition the law delegates to ministries or provinces in "
              "the rules of %(award)s.") % {"key": condition_key, "award": award.code},
            field="condition_key", code=CatalogueErrorCode.NOT_DELEGATED,
        )
    conditions = parse_rules_text(replacement, field="replacement")
    problems = validate_criteria(conditions, known_awards=_known_awards(), path="replacement")
    if not problems and not conditions:
        raise ValidationFailed(_("Enter at least one condition."), field="replacement")
    if problems:
        raise RuleValidationFailed(problems)

    earlier = RuleOverride.objects.select_for_update().filter(
        unit=unit, award=award, rule_set=rule_set, condition_key=condition_key, withdrawn=False
    )
    for row in earlier:
        if row.effective_from >= effective_from:
            row.withdrawn = True
            row.save(update_fields=["withdrawn"])
        elif row.effective_to is None or row.effective_to >= effective_from:
            row.effective_to = effective_from - dt.timedelta(days=1)
            row.save(update_fields=["effective_to"])
    override = RuleOverride.objects.create(
        unit=unit, award=award, rule_set=rule_set, condition_key=condition_key,
        replacement=conditions, legal_basis=legal_basis.strip(), effective_from=effective_from,
        effective_to=effective_to, reason=reason.strip(),
        created_by=actor if actor.is_authenticated else None,
    )
    record_event(
        actor=actor,
        action="catalogue.override_set",
        target=override,
        unit_path=unit.path,
        data={
            "award": award.code,
            "rule_set": rule_set.code,
            "condition_key": condition_key,
            "effective_from": effective_from,
            "effective_to": effective_to,
            "replacement": conditions,
            "legal_basis": override.legal_basis,
        },
    )
    return override
