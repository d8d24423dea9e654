"""Councils, their members and sessions, polls over nominee lines and secret ballots.

Secrecy (DESIGN.md invariant, docs/adr/0003-secret-ballot.md): `VoterRoll` says who voted,
`BallotChoice` what was chosen and `ReceiptHash` which receipts were issued. The three tables
share only the poll: no foreign key, key, sequence or timestamp joins a choice or a receipt
to a voter. Their keys are random UUID4 values so that key order carries no insertion order.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class CouncilKind(models.TextChoices):
    EMULATION = "emulation_council", _("Emulation and commendation council")
    INITIATIVE = "initiative_council", _("Initiative council")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class SessionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Absent with leave")


class PollMode(models.TextChoices):
    # A per-item poll holds exactly one item; one ballot may list many nominees.
    PER_ITEM = "per_item", _("One poll per item")
    ONE_BALLOT = "one_ballot_over_many_items", _("One ballot over many items")


class VotingMethod(models.TextChoices):
    ELECTRONIC = "electronic", _("Electronic secret ballot")
    PAPER = "paper", _("Paper ballot")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Choice(models.TextChoices):
    YES = "yes", _("Agree")
    NO = "no", _("Disagree")
    ABSTAIN = "abstain", _("Abstain")


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least")
    MORE_THAN = "more_than", _("more than")


class VotedVia(models.TextChoices):
    NOT_YET = "", _("Not yet")
    ELECTRONIC = "electronic", _("Electronic ballot")
    WRITTEN = "written", _("Written opinion")


class Council(TimeStampedModel):
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="councils")
    kind = models.CharField(_("kind"), max_length=32, choices=CouncilKind.choices)
    name = models.CharField(_("name"), max_length=255)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Term(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="terms")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"), null=True, blank=True)

    class Meta:
        verbose_name = _("term")
        ordering = ["council_id", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="council_term_range",
            )
        ]

    def __str__(self) -> str:
        end = f"{self.ends_on:%d/%m/%Y}" if self.ends_on else "…"
        return f"{self.starts_on:%d/%m/%Y} – {end}"


class Membership(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="memberships")
    term = models.ForeignKey(Term, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="council_memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("council membership")
        ordering = ["term_id", "role", "user__full_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["term", "user"], name="council_member_once_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Session(TimeStampedModel):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="sessions")
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sessions")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    attendees: models.ManyToManyField[Membership, Attendance] = models.ManyToManyField(
        Membership, through="Attendance", related_name="+"
    )

    class Meta:
        verbose_name = _("council session")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.council} — {self.date:%d/%m/%Y}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("attendance"), max_length=16, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "membership"], name="attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.status}"


class AgendaItem(models.Model):
    """A nominee line put before a session; polls are built from the agenda's lines."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    line = models.ForeignKey("nominations.NomineeLine", on_delete=models.PROTECT,
                             related_name="+")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("agenda item")
        ordering = ["session_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["session", "line"], name="agenda_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.line_id}"


class ThresholdRule(TimeStampedModel):
    """The pass threshold for one award type, as data an administrator can correct.

    Seeded from `approval_rules` of awards.yaml (Decree 98/2023 Art 30(7)); award types
    without a rule fall back to `DEFAULT_RULE` in thresholds.py.
    """

    award_code = models.CharField(_("award code"), max_length=100, unique=True)
    min_pct = models.DecimalField(
        _("threshold, percent of all members"), max_digits=5, decimal_places=2
    )
    comparison = models.CharField(
        _("comparison"), max_length=16, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    written_opinions_count = models.BooleanField(
        _("absent members' written opinions count"), default=True
    )
    basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    verified = models.BooleanField(_("verified"), default=False)

    class Meta:
        verbose_name = _("threshold rule")
        ordering = ["award_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_pct__gte=0) & Q(min_pct__lte=100), name="threshold_pct_range"
            )
        ]

    def __str__(self) -> str:
        return f"{self.award_code}: {self.get_comparison_display()} {self.min_pct}%"


class Poll(TimeStampedModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="polls")
    title = models.CharField(_("title"), max_length=255)
    mode = models.CharField(_("mode"), max_length=32, choices=PollMode.choices)
    voting_method = models.CharField(
        _("voting method"), max_length=16, choices=VotingMethod.choices,
        default=VotingMethod.ELECTRONIC,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    #: Active members of the session's term when the poll opened: the threshold's denominator.
    membership_size = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        ordering = ["session_id", "id"]

    def __str__(self) -> str:
        return self.title


class PollItem(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("label"), max_length=500)
    award_code = models.CharField(_("award code"), max_length=100)
    # The nominee line voted on. It points at the nominee, never at a member: ballots
    # join it only through the item, as every ballot of the poll does. Empty for an item
    # the secretary typed in (a matter that is not a nominee line).
    line = models.ForeignKey("nominations.NomineeLine", on_delete=models.PROTECT,
                             null=True, blank=True, related_name="+")
    # Copied from the ThresholdRule when the item is added, so a later rule change does
    # not alter a poll already held.
    threshold_pct = models.DecimalField(max_digits=5, decimal_places=2)
    threshold_comparison = models.CharField(max_length=16, choices=Comparison.choices)
    count_written_opinions = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("poll item")
        ordering = ["poll_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "line"], name="poll_item_line_once")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def threshold(self) -> tuple[Decimal, str]:
        return self.threshold_pct, self.threshold_comparison


class VoterRoll(models.Model):
    """Who may vote in a poll and whether they have: never what they chose."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voter_roll")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    has_voted = models.BooleanField(default=False)
    voted_via = models.CharField(max_length=16, choices=VotedVia.choices, blank=True, default="")

    class Meta:
        verbose_name = _("voter roll entry")
        constraints = [
            models.UniqueConstraint(fields=["poll", "membership"], name="voter_once_per_poll")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.membership_id}"


class BallotChoice(models.Model):
    """One choice on one item of one secret ballot; deliberately anonymous.

    No voter column, no timestamp, a random key. Rows are written and reshuffled by
    services/ballots.py only, below Django's SQL logging.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll_item = models.ForeignKey(PollItem, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("ballot choice")
        # A random key: listing order says nothing about casting order.
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.id)


class ReceiptHash(models.Model):
    """The SHA-256 of a receipt handed to a voter; joined to neither voter nor choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("receipt hash")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.digest[:12]


class WrittenOpinion(TimeStampedModel):
    """An absent member's signed written opinion on an item: open, not secret, by law.

    Absent members give their opinion in writing and it counts toward the total
    (Decree 98/2023 Art 30(7), procedures.md §5.2) when the item's rule says so.
    """

    poll_item = models.ForeignKey(PollItem, on_delete=models.CASCADE, related_name="opinions")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("opinion"), max_length=8, choices=Choice.choices)

    class Meta:
        verbose_name = _("written opinion")
        constraints = [
            models.UniqueConstraint(
                fields=["poll_item", "membership"], name="written_opinion_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_id}: {self.choice}"


class PaperTally(TimeStampedModel):
    """The counting committee's totals for one item of a paper poll."""

    poll_item = models.OneToOneField(PollItem, on_delete=models.CASCADE, related_name="paper")
    ballots_cast = models.PositiveIntegerField(_("ballots cast"))
    yes = models.PositiveIntegerField(_("agree"))
    no = models.PositiveIntegerField(_("disagree"))
    abstain = models.PositiveIntegerField(_("abstain"))
    invalid = models.PositiveIntegerField(_("invalid"))

    class Meta:
        verbose_name = _("paper tally")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    ballots_cast=models.F("yes") + models.F("no") + models.F("abstain")
                    + models.F("invalid")
                ),
                name="paper_tally_adds_up",
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll_item_id}: {self.yes}/{self.ballots_cast}"
