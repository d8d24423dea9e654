"""Bearer-token authentication for the API: `Authorization: Bearer <token>`."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from vinhdanh.accounts.models import ApiToken, User
from vinhdanh.accounts.services import TOKEN_PREFIX, hash_token

#: last_used_at is refreshed at most this often, so a busy script does not write every call.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def user_for_token(raw: str) -> User | None:
    """Return the active user a live token acts as, or None (unknown, revoked, deactivated)."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


class TokenAuth(HttpBearer):
    """Bearer-token authentication for scripts and other systems.

    The token's user becomes `request.user`, so the policy answers for it exactly as for
    a logged-in session. Unknown and revoked tokens get 401.
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user
