"""Helpers for tests and browser tests: TOTP devices and real codes, verified sessions.

Codes are computed from the device key exactly as an authenticator app would, so tests
exercise the real verification path (no mocks). Each TOTP code is accepted once per
30-second step: to verify twice, move the clock on (time_machine) between the two.
"""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vinhdanh.accounts.models import User


def make_totp_device(user: User) -> TOTPDevice:
    """Give `user` a confirmed TOTP device (as if set up through the setup page)."""
    device: TOTPDevice = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    return device


def totp_code(device: TOTPDevice) -> str:
    """Return the code the device's authenticator app shows right now."""
    code: int = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                     drift=device.drift)
    return f"{code:0{device.digits}d}"


def code_for_key(hex_key: str) -> str:
    """Return the current code for a key not yet saved as a device (the setup page's key)."""
    code: int = totp(bytes.fromhex(hex_key), step=30, t0=0, digits=6)
    return f"{code:06d}"


def verified_on_force_login(user: User) -> User:
    """Make `client.force_login(user)` open a TOTP-verified session for this user object.

    django-otp marks the session verified when the logged-in user object carries an
    `otp_device`; this gives it a confirmed one. For persona fixtures of 2FA roles.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    user.otp_device = device if device is not None else make_totp_device(user)  # type: ignore[attr-defined]
    return user


def login_verified(client: Client, user: User) -> TOTPDevice:
    """Log `client` in as `user` with a session that passed TOTP, creating a device if needed.

    For browser tests, log in through the pages instead and type `totp_code(device)`.
    """
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    )
    if device is None:
        device = make_totp_device(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
