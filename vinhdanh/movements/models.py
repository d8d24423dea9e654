"""Emulation movements (phong trào thi đua), their indicators and the values units report.

The shape follows DHIS2's data sets: an indicator (data element) has a period type; a unit
reports one value per indicator and period; a unit's report for a period is submitted,
then approved by the level above, which locks it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel
from vinhdanh.movements.periods import PeriodType
from vinhdanh.records.models import Effect, Scope


class MovementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LAUNCHED = "launched", _("Launched")
    IN_PROGRESS = "in_progress", _("In progress")
    INTERIM_REVIEW = "interim_review", _("Interim review")
    FINAL_REVIEW = "final_review", _("Final review")
    CLOSED = "closed", _("Closed")


class Movement(TimeStampedModel):
    """A movement launched by a unit for its subtree over [start, end]."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=500)
    launched_by = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="launched_movements",
        verbose_name=_("launched by"),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=16, choices=MovementStatus.choices, default=MovementStatus.DRAFT
    )
    plan_document = models.FileField(_("plan document"), upload_to="movements/plans/", blank=True)
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    # Days after a period ends within which a report is on time (DHIS2's "timely days").
    submission_days = models.PositiveSmallIntegerField(_("days to submit"), default=10)
    # Off by default: registration is practice, not law, since the 2022 Law (Art 7).
    registration_required = models.BooleanField(_("registration required"), default=False)

    class Meta:
        verbose_name = _("emulation movement")
        verbose_name_plural = _("emulation movements")
        ordering = ["-start", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")),
                                   name="movement_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.name


class Participation(models.Model):
    """A unit taking part in a movement, alone or with every unit below it."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="participations")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    include_subtree = models.BooleanField(_("with units below"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit"], name="participation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}: {self.unit_id}"


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    SHARE_TRUE = "share_true", _("Share of units answering yes (%)")
    RATIO = "ratio", _("Ratio of two indicators (%)")


class Direction(models.TextChoices):
    HIGHER_BETTER = "higher_better", _("Higher is better")
    LOWER_BETTER = "lower_better", _("Lower is better")


class TargetScope(models.TextChoices):
    OVERALL = "overall", _("For the whole movement")
    PER_UNIT = "per_unit", _("For each unit")


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    BOOLEAN = "boolean", _("Yes / no")


class Indicator(TimeStampedModel):
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="indicators")
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=500)
    measure_unit = models.CharField(_("unit of measure"), max_length=64, blank=True)
    period_type = models.CharField(
        _("period type"), max_length=16, choices=PeriodType.choices, default=PeriodType.YEAR
    )
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True,
                                 blank=True)
    target_scope = models.CharField(
        _("target scope"), max_length=16, choices=TargetScope.choices, default=TargetScope.OVERALL
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.HIGHER_BETTER
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=16, choices=Aggregation.choices, default=Aggregation.SUM
    )
    numerator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    denominator = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    value_type = models.CharField(
        _("value type"), max_length=16, choices=ValueType.choices, default=ValueType.NUMBER
    )
    min_value = models.DecimalField(_("minimum"), max_digits=20, decimal_places=4, null=True,
                                    blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=20, decimal_places=4, null=True,
                                    blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicator")
        ordering = ["movement_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "code"], name="indicator_code_unique"),
            models.CheckConstraint(
                condition=~Q(aggregation="ratio")
                | (Q(numerator__isnull=False) & Q(denominator__isnull=False)),
                name="indicator_ratio_has_terms",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        """A ratio is computed from two other indicators; nobody enters it."""
        return self.aggregation == Aggregation.RATIO


class RuleKind(models.TextChoices):
    BOUNDS = "bounds", _("Value within bounds")
    SUM_EQUALS = "sum_equals", _("Sum equals another indicator")


class ValidationRule(models.Model):
    """A check over a unit's values for a period (DHIS2's validation rules).

    `bounds`: left_codes[0] lies in [min_value, max_value].
    `sum_equals`: the sum of left_codes equals right_code (started + not started = planned).
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE,
                                 related_name="validation_rules")
    kind = models.CharField(_("kind"), max_length=16, choices=RuleKind.choices)
    left_codes = models.JSONField(_("left-hand indicators"), default=list)
    right_code = models.CharField(_("right-hand indicator"), max_length=64, blank=True)
    min_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    message = models.CharField(_("message"), max_length=500)

    class Meta:
        ordering = ["movement_id", "pk"]

    def __str__(self) -> str:
        return self.message


class DataValue(models.Model):
    """One unit's value of one indicator for one period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    # Derived from `period` when written, so roll-ups filter by date in SQL.
    period_start = models.DateField()
    period_end = models.DateField()
    value_number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    value_bool = models.BooleanField(null=True, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "unit", "period"],
                                    name="datavalue_unique"),
        ]
        indexes = [
            models.Index(fields=["indicator", "period_end"], name="datavalue_ind_end_idx"),
            models.Index(fields=["unit", "period"], name="datavalue_unit_period_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.unit_id}/{self.period}"

    @property
    def value(self) -> object:
        return self.value_bool if self.value_number is None else self.value_number


class SubmissionStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Submission(TimeStampedModel):
    """A unit's report for one period of a movement; approval locks its values."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="submissions")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    status = models.CharField(_("status"), max_length=16, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.NOT_SUBMITTED)
    reason = models.TextField(_("reason for return"), blank=True)
    explanation = models.TextField(_("explanation of rule violations"), blank=True)
    violations = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "period"],
                                    name="submission_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}/{self.unit_id}/{self.period}: {self.status}"

    @property
    def is_locked(self) -> bool:
        return self.status == SubmissionStatus.APPROVED


class RegistrationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class Registration(TimeStampedModel):
    """A unit's emulation registration (đăng ký thi đua): the goals it commits to.

    The 2022 Law on Emulation and Commendation (Art 7) no longer makes registration a
    basis for titles; agencies still run it at the start of the year as practice. Whether
    it is required is the movement's `registration_required` flag (default off), and an
    unregistered participant is flagged, never silently excluded (procedures.md §1.3).
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE,
                                 related_name="registrations")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    goals = models.TextField(_("goals and titles registered"))
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices,
                              default=RegistrationStatus.SUBMITTED)
    reason = models.TextField(_("reason for return"), blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("emulation registration")
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "year"],
                                    name="registration_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}/{self.unit_id}/{self.year}: {self.status}"


class ClusterKind(models.TextChoices):
    CLUSTER = "cluster", _("Emulation cluster")
    BLOC = "bloc", _("Emulation bloc")


class Cluster(TimeStampedModel):
    """A cluster (cụm, by territory) or bloc (khối, by sector) of units competing together.

    Clusters and blocs are organised by the council at each level (Law on Emulation and
    Commendation 2022, Art 16(2)(c)); the leader of a provincial cluster may receive the
    provincial emulation flag (procedures.md §1.4).
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=ClusterKind.choices,
                            default=ClusterKind.CLUSTER)
    members = models.ManyToManyField("units.OrgUnit", related_name="+",
                                     verbose_name=_("members"))
    # The head (cụm trưởng) reviews the other members' self-scores; the organising level
    # reviews the head's own score and publishes the ranking, which then stays as published.
    head = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("cluster head"))
    published_at = models.DateTimeField(_("ranking published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("emulation cluster or bloc")
        ordering = ["movement_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "name"], name="cluster_name_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ClusterScore(TimeStampedModel):
    """A member's self-assessed score with its evidence, and the score given on review.

    Members score themselves against the cluster's criteria, the head (or, for the head's
    own score, the organising level) reviews each score — cross-review — and the organising
    level publishes the ranking of the reviewed scores (procedures.md §1.4).
    """

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="scores")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    self_score = models.DecimalField(_("self-assessed score"), max_digits=5, decimal_places=2)
    evidence = models.TextField(_("evidence"))
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, blank=True, related_name="+")
    reviewed_score = models.DecimalField(_("reviewed score"), max_digits=5, decimal_places=2,
                                         null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("cluster score")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "unit"], name="cluster_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id}/{self.unit_id}: {self.self_score}"


class ExemplaryStage(models.TextChoices):
    """How far an example has come: found, supported, written up, copied elsewhere."""

    DISCOVERED = "discovered", _("Discovered")
    NURTURED = "nurtured", _("Nurtured")
    SUMMARISED = "summarised", _("Summarised")
    REPLICATED = "replicated", _("Replicated")


class ExemplaryModel(TimeStampedModel):
    """An advanced example (điển hình tiên tiến) a movement brought out, for replication.

    Recorded by the level above the unit; published ones feed the public portal.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE,
                                 related_name="exemplary_models")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    title = models.CharField(_("title"), max_length=500)
    subject_name = models.CharField(_("person or collective"), max_length=255)
    is_collective = models.BooleanField(_("collective"), default=False)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    recognised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                      null=True, blank=True, related_name="+")
    stage = models.CharField(_("stage"), max_length=16, choices=ExemplaryStage.choices,
                             default=ExemplaryStage.DISCOVERED)

    class Meta:
        verbose_name = _("exemplary model")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


# --- Reviews (sơ kết, tổng kết) and reminders to late units ---------------------------------


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review")
    FINAL = "final", _("Final review")


class MovementReview(TimeStampedModel):
    """A review (sơ kết or tổng kết) of a movement at one level, as of a date.

    Holding it is where the movement's outstanding collectives are singled out: their
    achievements go into the ledger, citing the decision that recognised them, and they
    may be proposed for commendation (Law 06/2022 Art 8(3), thematic commendation).
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="reviews")
    kind = models.CharField(_("kind"), max_length=16, choices=ReviewKind.choices)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("reviewing unit"))
    as_of = models.DateField(_("figures as of"))
    decision = models.ForeignKey("records.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+", verbose_name=_("decision"))
    proposal = models.ForeignKey("nominations.Proposal", on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="+", verbose_name=_("proposal"))
    held_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("movement review")
        ordering = ["movement_id", "-as_of", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "kind", "unit", "as_of"],
                                    name="movement_review_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.movement_id}/{self.kind}/{self.as_of}"


class ReviewHonour(models.Model):
    """A collective or an individual singled out by a review, with its ledger entry and
    proposal line. For an individual, `unit` is the unit the person belongs to."""

    review = models.ForeignKey(MovementReview, on_delete=models.CASCADE, related_name="honours")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("individual"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    entry = models.ForeignKey("records.Entry", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    line = models.ForeignKey("nominations.NomineeLine", on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")

    class Meta:
        ordering = ["review_id", "rank", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["review", "unit"], condition=Q(person__isnull=True),
                                    name="review_honour_unit_unique"),
            models.UniqueConstraint(fields=["review", "person"],
                                    condition=Q(person__isnull=False),
                                    name="review_honour_person_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.review_id}: {self.person_id or self.unit_id}"


class ReminderBatch(models.Model):
    """One sending of reminders to the late units below `root` for a period."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE,
                                 related_name="reminder_batches")
    root = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="+")
    via_command = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.movement_id}/{self.period}/{self.sent_at:%d/%m/%Y}"


class UnitReminder(models.Model):
    """A reminder one late unit received; at most one per unit, period and day."""

    batch = models.ForeignKey(ReminderBatch, on_delete=models.CASCADE, related_name="reminders")
    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("period"), max_length=10)
    sent_on = models.DateField(_("sent on"))
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-sent_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "unit", "period", "sent_on"],
                                    name="unit_reminder_once_a_day"),
        ]
        indexes = [models.Index(fields=["movement", "period"], name="unit_reminder_period_idx")]

    def __str__(self) -> str:
        return f"{self.movement_id}/{self.unit_id}/{self.period}/{self.sent_on}"


class ExemplaryPhoto(TimeStampedModel):
    """A photo of an exemplary model, stored re-encoded (see movements.uploads)."""

    exemplary = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE,
                                  related_name="photos")
    image = models.FileField(_("photo"), upload_to="movements/examples/")
    content_type = models.CharField(max_length=32)
    caption = models.CharField(_("caption"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("photo of an exemplary model")
        ordering = ["exemplary_id", "pk"]

    def __str__(self) -> str:
        return self.caption or self.image.name


class Initiative(TimeStampedModel):
    """An initiative (sáng kiến) of one or more people, applied in `unit`.

    It counts for emulation titles only once an initiative council has recognised it (a
    recognised initiative is a condition of the Chiến sĩ thi đua titles, Law 06/2022
    Art 21–23); recognition writes one ledger entry per author.
    """

    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("unit"))
    movement = models.ForeignKey(Movement, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="initiatives", verbose_name=_("movement"))
    title = models.CharField(_("title"), max_length=500)
    scope = models.CharField(_("scope"), max_length=24, choices=Scope.choices)
    effect = models.CharField(_("effect"), max_length=24, choices=Effect.choices)
    description = models.TextField(_("description"), blank=True)
    decision = models.ForeignKey("records.Decision", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("recognition decision"))
    recognised_at = models.DateTimeField(_("recognised at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("initiative")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recognised(self) -> bool:
        return self.decision_id is not None


class InitiativeAuthor(models.Model):
    """An author of an initiative and, once recognised, the ledger entry written for them."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("author"))
    entry = models.ForeignKey("records.Entry", on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")

    class Meta:
        ordering = ["initiative_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "person"],
                                    name="initiative_author_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.person_id}"


class ClusterYear(models.Model):
    """A cluster's line-up for one year: members, the head and deputy (who rotate yearly),
    and the emulation pact they sign (giao ước thi đua, procedures.md §1.4)."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(_("year"))
    members = models.ManyToManyField("units.OrgUnit", related_name="+",
                                     verbose_name=_("members"))
    head = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                             related_name="+", verbose_name=_("cluster head"))
    deputy = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("deputy head"))
    pact = models.TextField(_("emulation pact"), blank=True)

    class Meta:
        ordering = ["cluster_id", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="cluster_year_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.cluster_id}/{self.year}"


class CriteriaGroup(models.Model):
    """A group of criteria of a cluster's scoring table (e.g. "Thực hiện nhiệm vụ")."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE,
                                related_name="criteria_groups")
    name = models.CharField(_("criteria group"), max_length=255)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["cluster_id", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    """One line of a scoring table, with its maximum points and whether evidence is due."""

    group = models.ForeignKey(CriteriaGroup, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=500)
    max_points = models.DecimalField(_("maximum points"), max_digits=6, decimal_places=2)
    evidence_required = models.BooleanField(_("evidence required"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["group_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(max_points__gt=0),
                                   name="criterion_max_points_positive"),
        ]

    def __str__(self) -> str:
        return self.name
