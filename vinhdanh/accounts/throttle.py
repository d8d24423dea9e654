"""Login throttling: too many failures for a username or a client address lock both out.

Settings: LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW_SECONDS lock further
attempts out for LOGIN_LOCKOUT_SECONDS. Attempts refused during a lockout are not
counted, and a lockout that has run out starts a fresh count, so a user who waits gets
the full number of attempts again. Unknown usernames are throttled exactly like known
ones, so the lockout reveals nothing about which accounts exist.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vinhdanh.accounts.models import LoginFailure
from vinhdanh.audit.services import record_event


@dataclass(frozen=True)
class Lockout:
    until: dt.datetime
    by_username: bool
    by_address: bool

    @property
    def seconds_left(self) -> int:
        return max(0, math.ceil((self.until - timezone.now()).total_seconds()))


def normalize_username(username: str) -> str:
    return username.strip().casefold()[:150]


def _limits() -> tuple[int, dt.timedelta, dt.timedelta]:
    return (
        int(settings.LOGIN_MAX_FAILURES),
        dt.timedelta(seconds=int(settings.LOGIN_FAILURE_WINDOW_SECONDS)),
        dt.timedelta(seconds=int(settings.LOGIN_LOCKOUT_SECONDS)),
    )


def _locked_until(times: Iterable[dt.datetime]) -> dt.datetime | None:
    """Replay failures in time order and return the end of the last lockout they caused."""
    limit, window, lockout = _limits()
    recent: list[dt.datetime] = []
    until: dt.datetime | None = None
    for moment in sorted(times):
        if until is not None and moment < until:
            continue  # recorded through the other key while this one was locked
        if until is not None:
            recent = [t for t in recent if t >= until]
        recent = [t for t in recent if t > moment - window]
        recent.append(moment)
        if len(recent) >= limit:
            until, recent = moment + lockout, []
    return until


def current_lockout(*, username: str, ip_address: str | None) -> Lockout | None:
    """Return the lockout in force for this username or address, if any (one query)."""
    _limit, window, lockout = _limits()
    now = timezone.now()
    key = normalize_username(username)
    match = Q(username=key)
    if ip_address:
        match |= Q(ip_address=ip_address)
    rows = list(
        LoginFailure.objects.filter(match, occurred_at__gt=now - window - lockout).values_list(
            "username", "ip_address", "occurred_at"
        )
    )
    by_user = _locked_until(t for name, _ip, t in rows if name == key)
    by_ip = _locked_until(t for _name, ip, t in rows if ip_address and ip == ip_address)
    user_locked = by_user is not None and by_user > now
    ip_locked = by_ip is not None and by_ip > now
    if not (user_locked or ip_locked):
        return None
    ends = [end for end, locked in ((by_user, user_locked), (by_ip, ip_locked)) if locked]
    return Lockout(until=max(e for e in ends if e is not None), by_username=user_locked,
                   by_address=ip_locked)


@transaction.atomic
def register_failure(*, username: str, ip_address: str | None) -> Lockout | None:
    """Record a failed login; return the lockout it started, auditing it, if it did."""
    _limit, window, lockout_length = _limits()
    # Failures older than a window plus a lockout can no longer matter: keep the table small.
    LoginFailure.objects.filter(occurred_at__lt=timezone.now() - window - lockout_length).delete()
    LoginFailure.objects.create(
        username=normalize_username(username), ip_address=ip_address or None,
        occurred_at=timezone.now(),
    )
    lockout = current_lockout(username=username, ip_address=ip_address)
    if lockout is not None:
        record_event(
            actor=None,
            action="accounts.login_locked",
            data={
                "username": normalize_username(username),
                "ip_address": ip_address or "",
                "by_username": lockout.by_username,
                "by_address": lockout.by_address,
                "until": lockout.until.isoformat(),
            },
        )
    return lockout


def clear_failures(*, username: str) -> None:
    """Forget a username's failures after it logged in successfully."""
    LoginFailure.objects.filter(username=normalize_username(username)).delete()
