"""Load awards.yaml into the catalogue: all or nothing, and a second run changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.catalogue.models import AwardRule, AwardType, BaseSalary, RuleSet, RuleSource
from vinhdanh.catalogue.source import AWARDS_YAML, award_fields, read_source, rules_for
from vinhdanh.catalogue.vocabulary import RULE_PARTS, validate_rules
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import fold

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User


@dataclass
class ImportReport:
    """Counts of one import run; `changes` is zero when the catalogue was already up to date."""

    awards_total: int = 0
    awards_created: int = 0
    awards_updated: int = 0
    rule_sets_created: int = 0
    rule_sets_updated: int = 0
    rule_versions_created: int = 0
    salaries_total: int = 0
    salaries_created: int = 0
    salaries_updated: int = 0

    @property
    def awards_unchanged(self) -> int:
        return self.awards_total - self.awards_created - self.awards_updated

    @property
    def changes(self) -> int:
        return (
            self.awards_created + self.awards_updated + self.rule_sets_created
            + self.rule_sets_updated + self.rule_versions_created + self.salaries_created
            + self.salaries_updated
        )

    def as_data(self) -> dict[str, int]:
        return {
            "awards_total": self.awards_total,
            "awards_created": self.awards_created,
            "awards_updated": self.awards_updated,
            "rule_sets_created": self.rule_sets_created,
            "rule_sets_updated": self.rule_sets_updated,
            "rule_versions_created": self.rule_versions_created,
            "salaries_created": self.salaries_created,
            "salaries_updated": self.salaries_updated,
            "changes": self.changes,
        }

    def summary(self) -> str:
        return _(
            "Catalogue loaded: %(total)d award types (%(created)d new, %(updated)d updated, "
            "%(unchanged)d unchanged); %(rule_sets)d rule sets new or changed; "
            "%(versions)d new rule versions; %(salaries)d base salaries (%(s_created)d new, "
            "%(s_updated)d updated). Changes: %(changes)d."
        ) % {
            "total": self.awards_total,
            "created": self.awards_created,
            "updated": self.awards_updated,
            "unchanged": self.awards_unchanged,
            "rule_sets": self.rule_sets_created + self.rule_sets_updated,
            "versions": self.rule_versions_created,
            "salaries": self.salaries_total,
            "s_created": self.salaries_created,
            "s_updated": self.salaries_updated,
            "changes": self.changes,
        }


def _check_entries(entries: tuple[Any, ...]) -> None:
    codes = {entry.get("code") for entry in entries}
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        code = entry.get("code")
        if not code or code in seen:
            raise ValidationFailed(
                _("Entry %(row)d of awards.yaml has a missing or repeated code %(code)r.")
                % {"row": index + 1, "code": code},
                field="code",
            )
        seen.add(code)
        problems = validate_rules(
            {key: entry[key] for key in RULE_PARTS if key in entry},
            known_awards={c for c in codes if isinstance(c, str)},
        )
        if problems:
            raise ValidationFailed(
                _("Award %(code)s (entry %(row)d): %(path)s: %(reason)s")
                % {"code": code, "row": index + 1, "path": problems[0].path,
                   "reason": problems[0].message_vi},
                field=problems[0].path,
            )


@transaction.atomic
def import_catalogue(
    *, actor: User | AnonymousUser | None, path: Path = AWARDS_YAML
) -> ImportReport:
    """Load every award type, rule set and base salary of awards.yaml; audit the run."""
    if actor is not None:
        ensure_can(actor, Action.MANAGE_CATALOGUE, None)
    source = read_source(path)
    _check_entries(source.awards)
    report = ImportReport(awards_total=len(source.awards), salaries_total=len(source.salaries))

    rule_sets = _load_rule_sets(source.rule_sets, report)
    existing = {award.code: award for award in AwardType.objects.all()}
    current = {
        (rule.award_id, rule.rule_set_id): rule
        for rule in AwardRule.objects.filter(is_current=True)
    }
    last_versions = {
        (row["award_id"], row["rule_set_id"]): row["last"]
        for row in AwardRule.objects.values("award_id", "rule_set_id").annotate(last=Max("version"))
    }
    superseded: list[int] = []
    new_versions: list[AwardRule] = []
    for position, entry in enumerate(source.awards):
        fields = award_fields(entry, position)
        award = existing.get(entry["code"])
        if award is None:
            award = AwardType(code=entry["code"])
            report.awards_created += 1
        elif award.source_hash == fields["source_hash"]:
            continue
        else:
            report.awards_updated += 1
        for name, value in fields.items():
            setattr(award, name, value)
        award.name_folded = fold_name(award.name_vi, award.name_en, award.code)
        award.save()
        for rule_set_data in source.rule_sets:
            rule_set = rule_sets[rule_set_data.code]
            parts = rules_for(entry, rule_set_data, source.document_dates)
            previous = current.get((award.pk, rule_set.pk))
            if previous is not None:
                if previous.as_rules() == parts:
                    continue
                superseded.append(previous.pk)
            new_versions.append(AwardRule(
                award=award, rule_set=rule_set, is_current=True, source=RuleSource.IMPORT,
                version=last_versions.get((award.pk, rule_set.pk), 0) + 1, **parts,
            ))
    # The old current versions step down before the new ones arrive: one current
    # version per award and rule set is a database constraint.
    AwardRule.objects.filter(pk__in=superseded).update(is_current=False)
    AwardRule.objects.bulk_create(new_versions)
    report.rule_versions_created = len(new_versions)

    _load_salaries(source.salaries, report)
    record_event(actor=actor, action="catalogue.import", data=report.as_data())
    return report


def fold_name(*names: str) -> str:
    """Return the search key of an award: both names and the code, folded."""
    return fold(" ".join(names))[:255]


def _load_rule_sets(rule_sets: Any, report: ImportReport) -> dict[str, RuleSet]:
    rows = {rule_set.code: rule_set for rule_set in RuleSet.objects.all()}
    for data in rule_sets:
        wanted = {
            "name": data.name,
            "documents": list(data.documents),
            "effective_from": data.effective_from,
            "effective_to": data.effective_to,
        }
        row = rows.get(data.code)
        if row is None:
            rows[data.code] = RuleSet.objects.create(code=data.code, **wanted)
            report.rule_sets_created += 1
        elif any(getattr(row, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(row, name, value)
            row.save()
            report.rule_sets_updated += 1
    return rows


def _load_salaries(salaries: Any, report: ImportReport) -> None:
    rows = {row.effective_from: row for row in BaseSalary.objects.all()}
    for data in salaries:
        wanted = {
            "effective_to": data.effective_to,
            "amount": data.amount,
            "legal_basis": data.legal_basis,
            "verification": data.verification,
        }
        row = rows.get(data.effective_from)
        if row is None:
            BaseSalary.objects.create(effective_from=data.effective_from, **wanted)
            report.salaries_created += 1
        elif any(getattr(row, name) != value for name, value in wanted.items()):
            for name, value in wanted.items():
                setattr(row, name, value)
            row.save()
            report.salaries_updated += 1
