"""Award types, the legal regimes they are judged under, versioned rules and local overrides.

See docs/adr/0001-rule-set-versioning.md for how rule sets, versions and overrides relate.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class AwardKind(models.TextChoices):
    EMULATION_TITLE = "emulation_title", _("Emulation title")
    COMMENDATION_FORM = "commendation_form", _("Commendation form")


class AwardLevel(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT = "government", _("Government")
    MINISTRY_PROVINCE = "ministry_province", _("Ministry, branch, province")
    UNIT = "unit", _("Unit")
    COMMUNE = "commune", _("Commune")
    ARMED_FORCES = "armed_forces", _("Armed forces")


class Subject(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")
    ENTERPRISE = "enterprise", _("Enterprise")


class Frequency(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    AD_HOC = "ad_hoc", _("Ad hoc")
    FIVE_YEARLY = "five_yearly", _("Every five years")
    ON_EVENT = "on_event", _("On occasion")


class Verification(models.TextChoices):
    VERIFIED = "verified", _("Verified")
    PARTIALLY_VERIFIED = "partially_verified", _("Partially verified")
    UNVERIFIED = "unverified", _("Unverified")


def _joined(value: object) -> str:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


class AwardType(TimeStampedModel):
    """An emulation title or commendation form, as listed in awards.yaml.

    Money coefficients are kept twice: `money_raw` holds the source values exactly (a
    number, "max:<x>" for a cap, null for none/unknown; a key absent when the source is
    silent) and the decimal columns hold the number for sorting and computing.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("Vietnamese name"), max_length=255)
    name_en = models.CharField(_("English name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=AwardKind.choices)
    subjects = models.JSONField(_("subjects"), default=list)
    level = models.CharField(_("level"), max_length=32, choices=AwardLevel.choices)
    frequency = models.CharField(
        _("frequency"), max_length=16, choices=Frequency.choices, blank=True
    )
    decided_by = models.JSONField(_("decided by"), null=True, blank=True)
    proposed_by = models.JSONField(_("proposed by"), null=True, blank=True)
    approval = models.JSONField(_("approval"), null=True, blank=True)
    money_coefficient_individual = models.DecimalField(
        _("coefficient (individual)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    money_coefficient_collective = models.DecimalField(
        _("coefficient (collective)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    money_coefficient_household = models.DecimalField(
        _("coefficient (household)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    money_raw = models.JSONField(_("coefficients as in the source"), default=dict)
    items = models.JSONField(_("items"), default=list)
    classes = models.JSONField(_("classes"), default=dict, blank=True)
    legal_basis = models.JSONField(_("legal basis"), default=list)
    verification = models.CharField(
        _("verification"), max_length=24, choices=Verification.choices
    )
    unverified = models.JSONField(_("open points"), default=list)
    # Informative keys of the source entry (notes, money_note, dossier, quota, ...).
    extra = models.JSONField(default=dict, blank=True)
    position = models.PositiveIntegerField(default=0)
    source_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("award type")
        verbose_name_plural = _("award types")
        ordering = ["position", "code"]
        indexes = [models.Index(fields=["kind", "level"], name="award_kind_level_idx")]

    def __str__(self) -> str:
        return self.name_vi

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def subject_labels(self) -> list[str]:
        labels = dict(Subject.choices)
        return [str(labels.get(code, code)) for code in self.subjects]

    @property
    def decided_by_text(self) -> str:
        return _joined(self.decided_by)

    @property
    def proposed_by_text(self) -> str:
        return _joined(self.proposed_by)

    def coefficient_for(self, subject: str) -> Decimal | None:
        value: Decimal | None = getattr(self, f"money_coefficient_{subject}", None)
        return value

    def coefficient_is_cap(self, subject: str) -> bool:
        """Answer whether the coefficient is an upper limit ("max:<x>"), not a fixed amount."""
        raw = self.money_raw.get(subject)
        return isinstance(raw, str) and raw.startswith("max:")


class RuleSet(TimeStampedModel):
    """A legal regime in force between two dates (both inclusive; an open end is current).

    The code names the regime, `documents` the legal documents (awards.yaml
    `legal_documents` ids) that make it up.
    """

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    documents = models.JSONField(_("legal documents"), default=list)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until (inclusive)"), null=True, blank=True)

    class Meta:
        verbose_name = _("rule set")
        verbose_name_plural = _("rule sets")
        ordering = ["effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="ruleset_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def in_force_on(self, day: dt.date) -> bool:
        ended = self.effective_to is not None and day > self.effective_to
        return self.effective_from <= day and not ended


class RuleSource(models.TextChoices):
    IMPORT = "import", _("Imported from awards.yaml")
    EDIT = "edit", _("Edited by an administrator")


class AwardRule(models.Model):
    """One version of an award's criteria under one rule set.

    Versions are never changed: an edit adds the next version and marks it current; the
    old ones stay readable for decisions already taken under them.
    """

    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="rules")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="rules")
    version = models.PositiveIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    criteria = models.JSONField(_("criteria"), default=list)
    variants = models.JSONField(_("variants"), default=list)
    exclusions = models.JSONField(_("exclusions"), default=list)
    special_time_rules = models.JSONField(_("special time rules"), default=list)
    legal_basis = models.JSONField(_("legal basis"), default=list)
    source = models.CharField(_("source"), max_length=16, choices=RuleSource.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award rule version")
        verbose_name_plural = _("award rule versions")
        ordering = ["award", "rule_set", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["award", "rule_set", "version"], name="awardrule_version_unique"
            ),
            models.UniqueConstraint(
                fields=["award", "rule_set"],
                condition=Q(is_current=True),
                name="awardrule_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award.code} / {self.rule_set.code} v{self.version}"

    def as_rules(self) -> dict[str, object]:
        """Return the rule parts as plain data, shaped like an awards.yaml entry."""
        return {
            "criteria": self.criteria,
            "variants": self.variants,
            "exclusions": self.exclusions,
            "special_time_rules": self.special_time_rules,
            "legal_basis": self.legal_basis,
        }


class RuleOverride(models.Model):
    """A province's or ministry's own rule for a condition the law delegates to it.

    `condition_key` is the path of a `delegated` condition in the national rules
    (e.g. "criteria[6]" or "variants[1].criteria[2]"); `replacement` is the list of
    conditions that stand in for it in the unit's subtree from `effective_from`
    (inclusive) to `effective_to` (inclusive; open when null). A newer override for the
    same key ends the older one; a withdrawn override is kept, never deleted.
    """

    unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="rule_overrides"
    )
    award = models.ForeignKey(AwardType, on_delete=models.PROTECT, related_name="overrides")
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="overrides")
    condition_key = models.CharField(_("condition"), max_length=255)
    replacement = models.JSONField(_("replacement conditions"), default=list)
    legal_basis = models.CharField(_("local legal basis"), max_length=255, blank=True)
    effective_from = models.DateField(_("in force from"))
    effective_to = models.DateField(_("in force until (inclusive)"), null=True, blank=True)
    withdrawn = models.BooleanField(_("withdrawn"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("local rule override")
        verbose_name_plural = _("local rule overrides")
        ordering = ["award", "unit", "condition_key", "-effective_from"]
        indexes = [
            models.Index(fields=["award", "rule_set", "unit"], name="override_lookup_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="override_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award.code} {self.condition_key} @ {self.unit_id}"


class BaseSalary(TimeStampedModel):
    """The base salary (mức lương cơ sở) in force from a date; money = coefficient x this."""

    effective_from = models.DateField(_("in force from"), unique=True)
    effective_to = models.DateField(_("in force until (inclusive)"), null=True, blank=True)
    amount = models.PositiveBigIntegerField(_("amount (VND per month)"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    verification = models.CharField(
        _("verification"), max_length=24, choices=Verification.choices,
        default=Verification.VERIFIED,
    )

    class Meta:
        verbose_name = _("base salary")
        verbose_name_plural = _("base salaries")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.amount} ({self.effective_from:%d/%m/%Y})"
