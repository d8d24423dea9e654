"""Stored eligibility sweeps: one run over a unit's subtree and the rows worth acting on."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class SweepStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ResultKind(models.TextChoices):
    """What a stored row says. A sweep keeps the rows an officer can act on: awards a
    subject can be proposed for, awards awaiting a person's confirmation, and awards
    missed by exactly one condition; the rest are only counted."""

    ELIGIBLE = "eligible", _("Eligible")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Eligible subject to confirmation")
    ALMOST = "almost", _("Missing one condition")


class SweepRun(TimeStampedModel):
    """One sweep of every subject of `unit`'s subtree against every award type."""

    unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="eligibility_sweeps",
        verbose_name=_("unit"),
    )
    year = models.PositiveSmallIntegerField(_("evaluation year"))
    decision_date = models.DateField(_("proposal date"))
    status = models.CharField(
        _("status"), max_length=12, choices=SweepStatus.choices, default=SweepStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("subjects"), default=0)
    processed = models.PositiveIntegerField(_("subjects processed"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    # "catalogue" when the rules came from the catalogue tables, "bundled" when the
    # catalogue was empty and the bundled awards.yaml stood in.
    rules_source = models.CharField(max_length=12, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("started by"),
    )
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility sweep")
        verbose_name_plural = _("eligibility sweeps")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="sweep_processed_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} / {self.year}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.processed * 100 // self.total)

    @property
    def is_finished(self) -> bool:
        return self.status in (SweepStatus.DONE, SweepStatus.FAILED)


class SweepResult(models.Model):
    """One (subject, award) pair of a sweep with its verdict and what is missing."""

    # No index of its own: both indexes below start with the run, and a sweep paid for
    # maintaining a third one on each of its million rows.
    run = models.ForeignKey(SweepRun, on_delete=models.CASCADE, related_name="results",
                            db_index=False)
    subject_kind = models.CharField(_("subject kind"), max_length=12)
    # The subject keys carry no database constraint: a province's sweep writes a million
    # rows in one pass, for subjects it has just read in the same transaction, and
    # checking each key again cost PostgreSQL about 6 s of a 100,000-person sweep
    # (SQLite checks them at commit too). Deleting a subject through the application
    # still deletes its rows (on_delete runs in Django); the row's name is a snapshot.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_index=False, db_constraint=False,
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_index=False, db_constraint=False,
    )
    collective = models.ForeignKey(
        "units.OrgUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        db_index=False, db_constraint=False,
    )
    # Snapshots taken at sweep time: the table and its export show the subject and the
    # award as they were evaluated, without a join per row.
    subject_name = models.CharField(_("subject"), max_length=255)
    # 1 for a subject's own row; for a group row (no subject key: award types decided by
    # who the subject is alone, see sweep_rows) the number of subjects it stands for.
    subjects = models.PositiveIntegerField(_("subjects"), default=1)
    award_code = models.CharField(_("award"), max_length=64)
    award_name = models.CharField(_("award name"), max_length=255)
    kind = models.CharField(_("result"), max_length=20, choices=ResultKind.choices)
    missing = models.TextField(_("missing condition"), blank=True)
    missing_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    to_confirm = models.TextField(_("to confirm"), blank=True)

    class Meta:
        verbose_name = _("sweep result")
        verbose_name_plural = _("sweep results")
        ordering = ["run", "pk"]
        indexes = [
            models.Index(fields=["run", "kind", "award_code"], name="sweep_result_filter_idx"),
            models.Index(fields=["run", "award_code"], name="sweep_result_award_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name}: {self.award_code} ({self.kind})"

    @property
    def is_group(self) -> bool:
        return self.person_id is None and self.household_id is None and self.collective_id is None
