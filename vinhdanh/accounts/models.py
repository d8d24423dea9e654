"""Users and the roles they hold on a subtree of the organisation."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from vinhdanh.core.models import TimeStampedModel


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    EMULATION_OFFICER = "emulation_officer", _("Emulation officer")
    UNIT_LEADER = "unit_leader", _("Unit leader (signer)")
    APPRAISER = "appraiser", _("Appraiser")
    COUNCIL_MEMBER = "council_member", _("Council member")
    COUNCIL_SECRETARY = "council_secretary", _("Council secretary")
    DATA_ENTRY_CLERK = "data_entry_clerk", _("Data-entry clerk")


#: Roles whose holders must pass a TOTP second factor before using the system.
TWO_FACTOR_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.UNIT_LEADER})


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleGrant(TimeStampedModel):
    """`user` holds `role` over `unit` and everything below it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.ForeignKey("units.OrgUnit", on_delete=models.PROTECT, related_name="grants")

    class Meta:
        verbose_name = _("role grant")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} @ {self.unit_id}"


class LoginFailure(models.Model):
    """One failed login, kept for throttling by username and by client address."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, db_index=True)
    occurred_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.username} @ {self.occurred_at:%d/%m/%Y %H:%M}"


class ApiToken(models.Model):
    """A bearer token for scripts and other systems, acting as its user.

    Only the SHA-256 of the token is kept: the raw value is shown once, when created.
    Tokens carry 256 random bits, so a fast hash is enough (no salt or stretching needed).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
