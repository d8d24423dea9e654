"""Proposals (tờ trình) with nominee lines, dossiers, notices, decisions and recoveries.

One Proposal is one tờ trình from a proposing unit to the level that receives, appraises
and decides it (procedures.md §3.2); each nominee line moves on its own.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class ProposalKind(models.TextChoices):
    """Kinds of commendation (Law 06/2022 Art. 8), the statistical forms' enumeration."""

    ANNUAL = "annual", _("Annual (merit)")
    THEMATIC = "thematic", _("Thematic movement")
    AD_HOC = "ad_hoc", _("Ad-hoc achievement")
    LONG_SERVICE = "long_service", _("Long service")
    SENIORITY = "seniority", _("Seniority")
    FOREIGN_AFFAIRS = "foreign_affairs", _("Foreign affairs")
    RESISTANCE = "resistance", _("Resistance war")


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECEIVED = "received", _("Received")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Supplement requested")
    RETURNED = "returned", _("Returned")
    APPRAISAL = "appraisal", _("Under appraisal")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    AWAITING_DECISION = "awaiting_decision", _("Awaiting decision")
    DECIDED = "decided", _("Decided")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    NOTIFIED = "notified", _("Notified")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class LineStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved by appraisal")
    REJECTED = "rejected", _("Rejected by appraisal")
    HOLD = "hold", _("On hold (under review)")
    ESCALATED = "escalated", _("Escalated to the next level")
    AWARDED = "awarded", _("Awarded")
    NOT_AWARDED = "not_awarded", _("Not awarded")
    REVOKED = "revoked", _("Revoked")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    NEEDS_CONFIRMATION = "needs_confirmation", _("Eligible subject to confirmation")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    UNKNOWN = "unknown", _("Not evaluated")


class Proposal(TimeStampedModel):
    """A tờ trình: from a proposing unit to the unit that receives and decides it."""

    unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="proposals_sent",
        verbose_name=_("proposing unit"),
    )
    to_unit = models.ForeignKey(
        "units.OrgUnit", on_delete=models.PROTECT, related_name="proposals_received",
        verbose_name=_("deciding unit"),
    )
    kind = models.CharField(_("kind"), max_length=24, choices=ProposalKind.choices,
                            default=ProposalKind.ANNUAL)
    year = models.PositiveSmallIntegerField(_("year of achievement"))
    title = models.CharField(_("title"), max_length=255)
    letter_number = models.CharField(_("letter number"), max_length=64, blank=True)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=ProposalStatus.choices,
                              default=ProposalStatus.DRAFT)
    # The clock of the appraisal starts on the day a complete dossier is received
    # (procedures.md §3.2: "kể từ ngày nhận đủ hồ sơ theo quy định").
    received_complete_on = models.DateField(_("complete dossier received on"), null=True,
                                            blank=True)
    appraisal_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    due_on = models.DateField(_("appraisal due on"), null=True, blank=True)
    # Dossiers are processed under the rules in force when received (Decree 152/2025 Art 60(3)).
    rule_set = models.CharField(_("rule set"), max_length=64, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="escalations",
        verbose_name=_("escalated from"),
    )
    decision = models.ForeignKey(
        "records.Decision", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("decision"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="proposal_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class NomineeLine(TimeStampedModel):
    """One nominee of a proposal: exactly one of a person, a household or a collective."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey("people.Person", null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey("people.Household", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    collective = models.ForeignKey("units.OrgUnit", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    nominee_name = models.CharField(_("nominee"), max_length=255)
    award_code = models.CharField(_("award"), max_length=64)
    award_name = models.CharField(_("award name"), max_length=255)
    achievement = models.TextField(_("achievement summary"))
    # Snapshot of the eligibility verdict when the line was added (procedures.md §3.2:
    # the appraiser sees what the proposing unit saw).
    verdict = models.CharField(_("verdict"), max_length=24, choices=Verdict.choices,
                               default=Verdict.UNKNOWN)
    verdict_lines = models.JSONField(_("conditions"), default=list)
    verdict_rule_set = models.CharField(_("rule set"), max_length=64, blank=True)
    not_eligible_reason = models.TextField(_("reason for proposing despite the verdict"),
                                           blank=True)
    status = models.CharField(_("status"), max_length=16, choices=LineStatus.choices,
                              default=LineStatus.PROPOSED)
    status_before_hold = models.CharField(max_length=16, choices=LineStatus.choices,
                                          blank=True)
    appraisal_comment = models.TextField(_("appraisal comment"), blank=True)
    origin = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="escalations",
        verbose_name=_("escalated from"),
    )
    position = models.PositiveIntegerField(default=0)
    amount_vnd = models.BigIntegerField(_("reward money (VND)"), null=True, blank=True)
    base_salary_vnd = models.BigIntegerField(_("base salary used (VND)"), null=True,
                                             blank=True)
    decision_line = models.ForeignKey("records.DecisionLine", null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("nominee line")
        verbose_name_plural = _("nominee lines")
        ordering = ["proposal", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, household__isnull=True,
                            collective__isnull=True)
                | Q(person__isnull=True, household__isnull=False, collective__isnull=True)
                | Q(person__isnull=True, household__isnull=True, collective__isnull=False),
                name="nominee_line_one_subject",
            ),
            models.CheckConstraint(
                condition=~Q(verdict="not_eligible") | ~Q(not_eligible_reason=""),
                name="nominee_line_not_eligible_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_name}: {self.award_name}"

    @property
    def subject_kind(self) -> str:
        if self.person_id is not None:
            return "individual"
        if self.household_id is not None:
            return "household"
        return "collective"


class DossierItem(TimeStampedModel):
    """One component of a nominee's dossier (procedures.yaml `dossier_requirements`)."""

    line = models.ForeignKey(NomineeLine, on_delete=models.CASCADE, related_name="items")
    component = models.CharField(_("component"), max_length=64)
    label = models.CharField(_("label"), max_length=255)
    required = models.BooleanField(_("required"), default=True)
    attachment = models.FileField(_("file"), upload_to="nominations/%Y/%m/", blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("dossier item")
        verbose_name_plural = _("dossier items")
        ordering = ["line", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["line", "component"], name="dossier_item_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class TransitionLog(models.Model):
    """Every status change of a proposal or a line: who, when, why (procedures.md §3.2)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="log")
    line = models.ForeignKey(NomineeLine, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="log")
    from_status = models.CharField(max_length=24)
    to_status = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                              related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("transition")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

    @staticmethod
    def _label(value: str) -> str:
        for choices in (ProposalStatus, LineStatus):
            if value in choices.values:
                return str(choices(value).label)
        return value

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)


class PublicNotice(TimeStampedModel):
    """The list of nominees posted for public comment (Decree 152/2025 Art 44(2))."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="notices")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    intro = models.TextField(_("introduction"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("public notice")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")),
                                   name="notice_ends_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} ({self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y})"


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden")


class PublicComment(models.Model):
    """A comment from the public on a notice; kept in the dossier whatever its status."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.PROTECT, related_name="comments")
    name = models.CharField(_("name"), max_length=255)
    contact = models.CharField(_("contact"), max_length=255)
    text = models.TextField(_("comment"))
    # A keyed hash of the client address: enough to rate-limit, not an address to keep.
    client_key = models.CharField(max_length=64, db_index=True)
    status = models.CharField(max_length=16, choices=CommentStatus.choices,
                              default=CommentStatus.PENDING)
    answer = models.TextField(_("answer"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("public comment")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["client_key", "created_at"], name="comment_rate_idx")]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:40]}"


class DecisionCounter(models.Model):
    """The last decision number an issuing body used in a year, locked while numbering."""

    issuer = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year"], name="decision_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.issuer_id}/{self.year}: {self.last_number}"


class IssuedDecision(TimeStampedModel):
    """What the workflow adds to a ledger decision: its proposal, sequence and legal basis."""

    decision = models.OneToOneField("records.Decision", on_delete=models.PROTECT,
                                    related_name="issued")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="decisions")
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    legal_basis = models.TextField(_("legal basis"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")

    class Meta:
        verbose_name = _("issued decision")
        ordering = ["-year", "-sequence"]

    def __str__(self) -> str:
        return str(self.decision_id)


class RecoveryRecord(TimeStampedModel):
    """Money and items taken back after a revocation (Law 06/2022 Art 93)."""

    line = models.ForeignKey(NomineeLine, on_delete=models.PROTECT, related_name="recoveries")
    revocation_entry = models.ForeignKey("records.Entry", on_delete=models.PROTECT,
                                         related_name="+")
    reason = models.TextField(_("reason"))
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    amount_recovered_vnd = models.BigIntegerField(_("money recovered (VND)"), default=0)
    items_returned = models.CharField(_("items returned"), max_length=255, blank=True)
    recovered_on = models.DateField(_("recovered on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("recovery record")
        constraints = [
            models.CheckConstraint(condition=Q(amount_recovered_vnd__gte=0),
                                   name="recovery_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount_recovered_vnd}"


class SignedDecisionPdf(TimeStampedModel):
    """The signed PDF of an issued decision, kept only once its signature has verified."""

    issued = models.OneToOneField(IssuedDecision, on_delete=models.PROTECT,
                                  related_name="signed_pdf")
    file = models.FileField(_("signed PDF"), upload_to="decisions/signed/%Y/")
    signer_subject = models.CharField(_("certificate holder"), max_length=255)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("signed decision")

    def __str__(self) -> str:
        return self.signer_subject


class AwardCertificate(models.Model):
    """The printed certificate of one awarded line, found again by its QR token."""

    line = models.OneToOneField(NomineeLine, on_delete=models.PROTECT,
                                related_name="certificate")
    # secrets.token_urlsafe(24): 192 random bits, so the public page cannot be enumerated.
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("award certificate")

    def __str__(self) -> str:
        return self.token


class ChecklistOverride(TimeStampedModel):
    """A province's or ministry's own dossier checklist for one award type.

    procedures.yaml gives the national list of dossier components per award; a province
    or ministry may ask for more or other papers in its own regulation (procedures.md §3.1,
    "overridable per province/ministry"). Lines proposed within its subtree then get this
    list instead (procedure.components_for).
    """

    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("province or ministry"))
    award_code = models.CharField(_("award"), max_length=100)
    # [{"code": "to_trinh", "label": "Tờ trình đề nghị khen thưởng", "required": true}, ...]
    items = models.JSONField(_("components"), default=list)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("dossier checklist override")
        ordering = ["unit_id", "award_code"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "award_code"],
                                    name="checklist_override_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.award_code}"
