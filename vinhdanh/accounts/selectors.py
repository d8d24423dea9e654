"""Reads for the account pages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django_otp.plugins.otp_totp.models import TOTPDevice

from vinhdanh.accounts.models import ApiToken, RoleGrant, User


def list_grants(*, user: User) -> QuerySet[RoleGrant]:
    """Return the user's role grants with their units, outermost unit first."""
    return RoleGrant.objects.filter(user=user).select_related("unit").order_by("unit__path", "role")


def list_api_tokens(*, user: User) -> QuerySet[ApiToken]:
    """Return the user's API tokens, newest first, revoked ones included for the record."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def has_totp(*, user: User) -> bool:
    found: bool = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return found


def get_own_api_token(*, user: User, pk: int) -> ApiToken:
    """Return one of the user's own tokens; anyone else's is reported as missing."""
    token = ApiToken.objects.filter(user=user, pk=pk).select_related("user").first()
    if token is None:
        raise Http404
    return token
