"""The organisation tree: administrative divisions and the bodies below them, through time."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class UnitKind(models.TextChoices):
    PROVINCE = "province", _("Province / centrally-run city")
    DISTRICT = "district", _("District (before 1 July 2025)")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    TOWNSHIP = "township", _("Township (before 1 July 2025)")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    VILLAGE = "village", _("Village / residential group")
    DEPARTMENT = "department", _("Provincial department")
    AGENCY = "agency", _("Agency")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Public service unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    SCHOOL = "school", _("School")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    ARMED_FORCES_UNIT = "armed_forces_unit", _("Armed forces unit")
    MINISTRY = "ministry", _("Ministry / central body")
    OTHER = "other", _("Other")


#: Kinds that are administrative divisions carrying statistics-office codes.
ADMINISTRATIVE_KINDS = frozenset(
    {
        UnitKind.PROVINCE,
        UnitKind.DISTRICT,
        UnitKind.COMMUNE,
        UnitKind.WARD,
        UnitKind.TOWNSHIP,
        UnitKind.SPECIAL_ZONE,
    }
)


class OrgUnit(TimeStampedModel):
    """A node of the tree, valid over [valid_from, valid_to) (open ends mean unbounded).

    `path` is the materialised path of primary keys ("/12/345/"), so a subtree is
    one indexed prefix query. Codes are unique among units valid at the same time
    only: the new Ninh Bình (37) reuses the code of the old one.
    """

    code = models.CharField(_("code"), max_length=32, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # db_index also gives PostgreSQL a varchar_pattern_ops index for prefix LIKE.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to (exclusive)"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="unit_code_from_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
                name="unit_valid_range",
            ),
        ]
        indexes = [
            models.Index(fields=["valid_from", "valid_to"], name="unit_validity_idx"),
            models.Index(fields=["kind", "code"], name="unit_kind_code_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: dt.date) -> bool:
        starts = self.valid_from is None or self.valid_from <= day
        ends = self.valid_to is None or day < self.valid_to
        return starts and ends


class ChangeKind(models.TextChoices):
    MERGE = "merge", _("Merge")
    SPLIT = "split", _("Split")
    RENAME = "rename", _("Rename")
    TRANSFER = "transfer", _("Transfer")
    ESTABLISH = "establish", _("Establish")
    DISSOLVE = "dissolve", _("Dissolve")
    # A unit carried over unchanged into a new tree (the 11 provinces the 2025
    # reform kept, Resolution 202/2025/QH15), recorded so lineage is unbroken.
    CONTINUE = "continue", _("Continuation")


#: Changes after which the predecessors no longer exist as such.
ENDING_KINDS = frozenset({ChangeKind.MERGE, ChangeKind.SPLIT, ChangeKind.DISSOLVE})


class UnitChange(TimeStampedModel):
    """A lineage event: predecessors became successors on `effective_date`."""

    kind = models.CharField(_("kind"), max_length=16, choices=ChangeKind.choices)
    effective_date = models.DateField(_("effective date"))
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The package mapping keeps one successor per split commune; an administrator
    # completes the rest, and until then the event is flagged as incomplete.
    successors_incomplete = models.BooleanField(_("successors incomplete"), default=False)
    natural_key = models.CharField(max_length=255, unique=True)

    class Meta:
        verbose_name = _("lineage event")
        ordering = ["effective_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}"


class LinkRole(models.TextChoices):
    PREDECESSOR = "predecessor", _("Predecessor")
    SUCCESSOR = "successor", _("Successor")


class UnitChangeLink(models.Model):
    change = models.ForeignKey(UnitChange, on_delete=models.CASCADE, related_name="links")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="lineage_links")
    role = models.CharField(max_length=16, choices=LinkRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["change", "unit", "role"], name="unit_link_unique")
        ]
        indexes = [models.Index(fields=["unit", "role"], name="unit_link_unit_role_idx")]

    def __str__(self) -> str:
        return f"{self.role}: {self.unit_id}"
