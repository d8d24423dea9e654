"""The achievement ledger (sổ thành tích): append-only entries and their sources.

One table holds every kind of entry (see docs/adr/0002-ledger-shape.md): a subject's
whole history is one indexed query, and the table partitions by `year` on PostgreSQL.
Rows are never updated: a correction or a revocation is a new row pointing at the one
it replaces (`supersedes`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class SubjectKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    HOUSEHOLD = "household", _("Household")


class EntryKind(models.TextChoices):
    TITLE = "title", _("Emulation title")
    COMMENDATION = "commendation", _("Commendation form")
    TASK_RATING = "task_rating", _("Annual task rating")
    INITIATIVE = "initiative", _("Initiative")
    SCIENCE_WORK = "science_work", _("Science work")
    DISCIPLINE = "discipline", _("Discipline")
    PENDING_REVIEW = "pending_review", _("Pending review")
    MOVEMENT_ACHIEVEMENT = "movement_achievement", _("Movement achievement")
    CLUSTER_LEADERSHIP = "cluster_leadership", _("Cluster leadership")


class Operation(models.TextChoices):
    RECORD = "record", _("Recorded")
    CORRECTION = "correction", _("Correction")
    REVOCATION = "revocation", _("Revocation")


class TaskRating(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently completed tasks")
    GOOD = "good", _("Well completed tasks")
    COMPLETED = "completed", _("Completed tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete tasks")


class Scope(models.TextChoices):
    UNIT = "unit", _("Unit")
    GRASSROOTS = "grassroots", _("Grassroots")
    DISTRICT_EQUIVALENT = "district_equivalent", _("District level or equivalent")
    MINISTRY_PROVINCE = "ministry_province", _("Ministry, branch or province")
    NATIONAL = "national", _("National")


class Effect(models.TextChoices):
    RECOGNIZED = "recognized", _("Recognised")
    APPLIED = "applied", _("Applied")
    APPLIED_AND_REPLICABLE = "applied_and_replicable", _("Applied and replicable")


class ScienceState(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    ACCEPTED_AND_APPLIED = "accepted_and_applied", _("Accepted and applied")


class DisciplineLevel(models.TextChoices):
    """Levels of Decree 112/2020 (officials) and the Labour Code 2019 Art. 124."""

    REPRIMAND = "reprimand", _("Reprimand")
    WARNING = "warning", _("Warning")
    SALARY_DEMOTION = "salary_demotion", _("Salary demotion")
    DEMOTION = "demotion", _("Demotion")
    DISMISSAL_FROM_POST = "dismissal_from_post", _("Dismissal from post")
    DISMISSAL = "dismissal", _("Forced dismissal")
    OTHER = "other", _("Other")


class ReviewKind(models.TextChoices):
    """Procedures during which no award may be proposed (Law 06/2022 Art. 4(4))."""

    INVESTIGATION = "investigation", _("Investigation")
    INSPECTION = "inspection", _("Inspection")
    COMPLAINT = "complaint", _("Complaint verification")


class CommendationType(models.TextChoices):
    """Kinds of commendation of Law 06/2022 Art. 8; ad-hoc awards feed no merit chain."""

    MERIT = "merit", _("For merit")
    AD_HOC = "ad_hoc", _("Ad-hoc achievement")
    MOVEMENT = "movement", _("Movement or thematic")
    SERVICE = "service", _("Long service")
    SENIORITY = "seniority", _("Seniority")
    FOREIGN = "foreign", _("Foreign relations")


class Decision(TimeStampedModel):
    """A commendation decision (quyết định khen thưởng), the legal source of entries."""

    number = models.CharField(_("number"), max_length=64)
    date = models.DateField(_("date"))
    issuer = models.ForeignKey(
        "units.OrgUnit",
        on_delete=models.PROTECT,
        related_name="issued_decisions",
        verbose_name=_("issuing body"),
    )
    signer_name = models.CharField(_("signer"), max_length=255, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255, blank=True)
    commendation_type = models.CharField(
        _("commendation type"),
        max_length=16,
        choices=CommendationType.choices,
        default=CommendationType.MERIT,
    )
    number_folded = models.CharField(max_length=64, db_index=True, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "date"], name="decision_issuer_number_date_unique"
            ),
        ]
        indexes = [models.Index(fields=["issuer", "date"], name="decision_issuer_date_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.date:%d/%m/%Y})"


class ImportBatch(TimeStampedModel):
    """One imported spreadsheet; its hash makes a second import of the same file a no-op."""

    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(max_length=64, unique=True)
    unit = models.ForeignKey(
        "units.OrgUnit",
        on_delete=models.PROTECT,
        related_name="import_batches",
        verbose_name=_("unit"),
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="ledger_imports",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported at"))
    clean_rows_only = models.BooleanField(_("clean rows only"), default=False)
    options = models.JSONField(default=dict)
    summary = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name


class Subject(models.Model):
    """Exactly one of person, household, collective; shared by entries and decision lines."""

    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective = models.ForeignKey(
        "units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def subject_kind(self) -> SubjectKind:
        if self.person_id is not None:
            return SubjectKind.INDIVIDUAL
        if self.household_id is not None:
            return SubjectKind.HOUSEHOLD
        return SubjectKind.COLLECTIVE


def _one_subject(name: str) -> models.CheckConstraint:
    one = Q(person__isnull=False, household__isnull=True, collective__isnull=True)
    two = Q(person__isnull=True, household__isnull=False, collective__isnull=True)
    three = Q(person__isnull=True, household__isnull=True, collective__isnull=False)
    return models.CheckConstraint(condition=one | two | three, name=name)


class DecisionLine(Subject):
    """One awardee of a decision, with the money computed for them."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="lines")
    award_code = models.CharField(_("award"), max_length=64)
    amount_vnd = models.BigIntegerField(_("reward money (VND)"), default=0)
    base_salary_vnd = models.BigIntegerField(_("base salary used (VND)"), default=0)
    # A snapshot: the register is searched by the awardee's name as written on the decision.
    awardee_name = models.CharField(_("awardee"), max_length=255)
    awardee_folded = models.CharField(max_length=255, db_index=True, editable=False)

    class Meta:
        verbose_name = _("decision line")
        verbose_name_plural = _("decision lines")
        ordering = ["decision", "pk"]
        constraints = [
            _one_subject("decision_line_one_subject"),
            models.CheckConstraint(
                condition=Q(amount_vnd__gte=0) & Q(base_salary_vnd__gte=0),
                name="decision_line_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.awardee_name}: {self.award_code}"


class Entry(Subject):
    """One ledger entry. Typed columns are filled according to `kind` (checked by services)."""

    # The (subject, year) and (unit, year, kind) indexes below lead with these columns, so
    # single-column indexes would only slow down inserts into a table of tens of millions.
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    household = models.ForeignKey(
        "people.Household", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )
    collective = models.ForeignKey(
        "units.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        db_index=False,
    )

    kind = models.CharField(_("kind"), max_length=24, choices=EntryKind.choices)
    operation = models.CharField(
        _("operation"), max_length=12, choices=Operation.choices, default=Operation.RECORD
    )
    # The period the achievement belongs to; partition key on PostgreSQL.
    year = models.PositiveSmallIntegerField(_("year"))
    # The unit whose records hold the entry; scopes access like Person.unit.
    unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="ledger_entries", db_index=False
    )
    supersedes = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        verbose_name=_("replaces entry"),
    )
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    decision_line = models.ForeignKey(
        DecisionLine, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    import_batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    award_code = models.CharField(_("award"), max_length=64, blank=True)
    rating = models.CharField(_("rating"), max_length=16, choices=TaskRating.choices, blank=True)
    title = models.CharField(_("title / content"), max_length=500, blank=True)
    authors = models.CharField(_("authors"), max_length=500, blank=True)
    scope = models.CharField(_("scope"), max_length=24, choices=Scope.choices, blank=True)
    effect = models.CharField(_("effect"), max_length=24, choices=Effect.choices, blank=True)
    science_state = models.CharField(
        _("acceptance"), max_length=24, choices=ScienceState.choices, blank=True
    )
    recognized_by = models.CharField(_("recognised by"), max_length=255, blank=True)
    discipline_level = models.CharField(
        _("discipline level"), max_length=24, choices=DisciplineLevel.choices, blank=True
    )
    review_kind = models.CharField(
        _("review"), max_length=16, choices=ReviewKind.choices, blank=True
    )
    date = models.DateField(_("date"), null=True, blank=True)
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("to"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The decision an imported row cites, as written in the spreadsheet: the source of an
    # imported entry is its ImportBatch, since nobody has checked the cited decision.
    ref_number = models.CharField(_("cited decision number"), max_length=64, blank=True)
    ref_date = models.DateField(_("cited decision date"), null=True, blank=True)
    ref_issuer = models.CharField(_("cited issuing body"), max_length=255, blank=True)
    # Natural key of an imported or recorded fact; makes re-imports idempotent.
    natural_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["year", "pk"]
        constraints = [
            _one_subject("entry_one_subject"),
            models.CheckConstraint(
                condition=Q(decision__isnull=False, import_batch__isnull=True)
                | Q(decision__isnull=True, import_batch__isnull=False),
                name="entry_one_source",
            ),
            models.CheckConstraint(
                condition=Q(operation="record", supersedes__isnull=True)
                | (~Q(operation="record") & Q(supersedes__isnull=False)),
                name="entry_correction_references_original",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True)
                | Q(start__isnull=True)
                | Q(end__gte=models.F("start")),
                name="entry_end_after_start",
            ),
        ]
        indexes = [
            # Each history read is one range scan on one of these.
            models.Index(fields=["person", "year"], name="entry_person_year_idx"),
            models.Index(fields=["household", "year"], name="entry_household_year_idx"),
            models.Index(fields=["collective", "year"], name="entry_collective_year_idx"),
            models.Index(fields=["unit", "year", "kind"], name="entry_unit_year_kind_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Checking")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Refused")


class ImportJob(TimeStampedModel):
    """An uploaded workbook waiting for or going through the importer in the background."""

    file_name = models.CharField(_("file name"), max_length=255)
    # The upload is kept only until the import finishes (then emptied).
    data = models.BinaryField(editable=False)
    clean_rows_only = models.BooleanField(_("clean rows only"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ledger_import_jobs"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=JobStatus.choices, default=JobStatus.PENDING
    )
    rows_read = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    result = models.JSONField(default=dict)
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("import job")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.file_name

    @property
    def percent(self) -> int:
        if self.status in (JobStatus.DONE, JobStatus.FAILED):
            return 100
        if not self.rows_total:
            return 0
        return min(99, self.rows_read * 100 // self.rows_total)
