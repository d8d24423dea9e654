"""Writes on users, their role grants, API tokens and TOTP devices; each checked and audited.

`actor=None` means "the system". It is accepted only inside `acting_as_system()`, which
management commands (the demo, imports) enter explicitly; a view or API endpoint never
does, so a missing actor there is refused instead of silently running with full power.
"""

from __future__ import annotations

import contextvars
import hashlib
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from vinhdanh.accounts.models import ApiToken, Role, RoleGrant, User
from vinhdanh.accounts.policy import (
    Action,
    can,
    clear_policy_cache,
    covers,
    granted_paths,
    is_system_admin,
)
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed

if TYPE_CHECKING:
    from vinhdanh.units.models import OrgUnit

_system_reason: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "vinhdanh_system_actor", default=None
)

#: Raw tokens look like "vd_<43 url-safe characters>"; the prefix shown is "vd_" + 8.
TOKEN_PREFIX = "vd_"  # noqa: S105 (a marker, not a secret)
TOKEN_DISPLAY_LENGTH = len(TOKEN_PREFIX) + 8


@contextmanager
def acting_as_system(reason: str) -> Iterator[None]:
    """Let services run with `actor=None` (no acting user) inside this block.

    For management commands only; `reason` (e.g. "demo", "import") goes into the audit data.
    """
    token = _system_reason.set(reason)
    try:
        yield
    finally:
        _system_reason.reset(token)


def _system_data() -> dict[str, str]:
    reason = _system_reason.get()
    if reason is None:
        raise PermissionDenied("actor=None is allowed only inside acting_as_system()")
    return {"system": reason}


def _ensure_manages(actor: User | None, unit: OrgUnit) -> dict[str, str]:
    """Check that `actor` may manage users on `unit`; return extra audit data."""
    if actor is None:
        return _system_data()
    if not can(actor, Action.MANAGE_USERS, unit):
        raise PermissionDenied
    return {}


def _ensure_manages_user(actor: User | None, user: User) -> dict[str, str]:
    """Check that every grant `user` holds lies in the subtree `actor` manages.

    A user without grants may be managed by anyone who manages users somewhere.
    """
    if actor is None:
        return _system_data()
    scope = granted_paths(actor, Action.MANAGE_USERS)
    if not scope:
        raise PermissionDenied
    # An inactive user's grants still decide who may manage them, so they are read
    # directly rather than through the policy (which gives the inactive nothing).
    paths = RoleGrant.objects.filter(user=user).values_list("unit__path", flat=True)
    if not all(covers(scope, path) for path in paths):
        raise PermissionDenied
    return {}


@transaction.atomic
def create_user(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str | None = None,
    email: str = "",
) -> User:
    """Create an account; it can do nothing until a role is granted."""
    extra = _system_data() if actor is None else {}
    if actor is not None and not granted_paths(actor, Action.MANAGE_USERS):
        raise PermissionDenied
    username = username.strip()
    if not username:
        raise ValidationFailed(_("Enter a username."), field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The username %(username)s is already taken.") % {"username": username},
                       field="username")
    user = User(username=username, full_name=full_name.strip(), email=email.strip())
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(" ".join(exc.messages), field="password") from exc
        user.set_password(password)
    user.save()
    record_event(actor=actor, action="accounts.user_created", target=user,
                 data={"username": user.username, **extra})
    return user


@transaction.atomic
def grant_role(*, actor: User | None, user: User, role: Role, unit: OrgUnit) -> RoleGrant:
    """Give `user` `role` over `unit` and its subtree."""
    extra = _ensure_manages(actor, unit)
    # Only an administrator creates another: managing users is not enough.
    if role == Role.SYSTEM_ADMIN and actor is not None and not is_system_admin(actor, unit):
        raise PermissionDenied
    if RoleGrant.objects.filter(user=user, role=role, unit=unit).exists():
        raise Conflict(
            _("%(user)s already holds the role %(role)s on %(unit)s.")
            % {"user": user, "role": role.label, "unit": unit.name}
        )
    grant = RoleGrant.objects.create(user=user, role=role, unit=unit)
    clear_policy_cache(user)
    record_event(actor=actor, action="accounts.role_granted", target=user, unit_path=unit.path,
                 data={"role": role.value, "unit_id": unit.pk, **extra})
    return grant


@transaction.atomic
def revoke_role(*, actor: User | None, grant: RoleGrant) -> None:
    """Withdraw a role grant."""
    unit = grant.unit
    extra = _ensure_manages(actor, unit)
    if grant.role == Role.SYSTEM_ADMIN:
        if actor is not None and not is_system_admin(actor, unit):
            raise PermissionDenied
        others = RoleGrant.objects.filter(role=Role.SYSTEM_ADMIN, user__is_active=True).exclude(
            pk=grant.pk
        )
        if not others.exists():
            raise Conflict(_("The last system administrator cannot be removed."))
    user = grant.user
    grant.delete()
    clear_policy_cache(user)
    record_event(actor=actor, action="accounts.role_revoked", target=user, unit_path=unit.path,
                 data={"role": grant.role, "unit_id": unit.pk, **extra})


@transaction.atomic
def deactivate_user(*, actor: User | None, user: User) -> User:
    """Close an account: it can no longer log in and its API tokens stop working."""
    extra = _ensure_manages_user(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationFailed(_("You cannot deactivate your own account."))
    if not user.is_active:
        return user
    now = timezone.now()
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=now)
    clear_policy_cache(user)
    record_event(actor=actor, action="accounts.user_deactivated", target=user,
                 data={"tokens_revoked": revoked, **extra})
    return user


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewApiToken:
    """A token just created; `raw` is shown once and never stored."""

    token: ApiToken
    raw: str


@transaction.atomic
def create_api_token(*, actor: User | None, user: User, name: str) -> NewApiToken:
    """Issue a bearer token acting as `user` (a user's own, or one an administrator manages)."""
    own = actor is not None and actor.pk == user.pk
    extra = {} if own else _ensure_manages_user(actor, user)
    if not user.is_active:
        raise ValidationFailed(_("The account is deactivated."))
    name = name.strip()
    if not name:
        raise ValidationFailed(_("Give the token a name, e.g. the script that will use it."),
                               field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name[:100], key_hash=hash_token(raw), prefix=raw[:TOKEN_DISPLAY_LENGTH]
    )
    record_event(actor=actor, action="accounts.api_token_created", target=token,
                 data={"user_id": user.pk, "name": token.name, "prefix": token.prefix, **extra})
    return NewApiToken(token=token, raw=raw)


@transaction.atomic
def revoke_api_token(*, actor: User | None, token: ApiToken) -> ApiToken:
    """Stop a token from working; its row stays for the record."""
    own = actor is not None and actor.pk == token.user_id
    extra = {} if own else _ensure_manages_user(actor, token.user)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, action="accounts.api_token_revoked", target=token,
                 data={"user_id": token.user_id, "prefix": token.prefix, **extra})
    return token


@transaction.atomic
def confirm_totp_device(*, actor: User, key: str, token: str) -> TOTPDevice:
    """Turn on two-factor login for `actor` once a first code from the new key checks out."""
    if TOTPDevice.objects.filter(user=actor, confirmed=True).exists():
        raise Conflict(_("Two-factor authentication is already turned on."))
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    device = TOTPDevice(user=actor, name="default", key=key, confirmed=False)
    device.save()
    if not device.verify_token(token):
        # Raising rolls the unconfirmed device back with the transaction.
        raise ValidationFailed(_("The code is not correct. Check the time on your phone and "
                                 "enter the current code."), field="token")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    record_event(actor=actor, action="accounts.totp_enabled", target=actor,
                 data={"device_id": device.pk})
    return device


@transaction.atomic
def reset_totp(*, actor: User | None, user: User) -> int:
    """Remove a user's TOTP devices (lost phone); they set up a new one at next login."""
    extra = _ensure_manages_user(actor, user)
    deleted: int = TOTPDevice.objects.filter(user=user).delete()[0]
    record_event(actor=actor, action="accounts.totp_reset", target=user,
                 data={"devices_removed": deleted, **extra})
    return deleted
