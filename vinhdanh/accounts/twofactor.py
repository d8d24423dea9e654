"""TOTP second factor: keys being set up, the QR code to scan, and the user's device."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from vinhdanh.accounts.models import User

#: Session key holding the hex key shown on the setup page until a first code confirms it.
SETUP_KEY_SESSION = "vd_totp_setup_key"
#: Session flag: this user has a TOTP device, so the session must pass it (set at login).
TOTP_ENROLLED_SESSION = "vd_totp_enrolled"


@dataclass(frozen=True)
class PendingKey:
    """A TOTP key being set up, in the forms an authenticator app takes."""

    hex_key: str
    base32: str
    otpauth_url: str
    qr_svg: str

    @property
    def base32_grouped(self) -> str:
        """The secret in groups of four, easier to type by hand."""
        return " ".join(self.base32[i : i + 4] for i in range(0, len(self.base32), 4))


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def pending_key(request: HttpRequest, user: User) -> PendingKey:
    """Return the key being set up in this session, making one on the first visit.

    The key lives in the session, not in the database, until a code confirms it, so
    opening the setup page writes nothing.
    """
    hex_key = request.session.get(SETUP_KEY_SESSION)
    if not isinstance(hex_key, str):
        hex_key = default_key()
        request.session[SETUP_KEY_SESSION] = hex_key
    base32 = b32encode(unhexlify(hex_key)).decode("ascii").rstrip("=")
    issuer = str(getattr(settings, "OTP_TOTP_ISSUER", "Vinh Danh")).replace(":", "")
    label = quote(f"{issuer}:{user.get_username()}")
    params = urlencode({"secret": base32, "issuer": issuer, "algorithm": "SHA1",
                        "digits": 6, "period": 30}, quote_via=quote)
    url = f"otpauth://totp/{label}?{params}"
    return PendingKey(hex_key=hex_key, base32=base32, otpauth_url=url, qr_svg=qr_svg(url))


def forget_pending_key(request: HttpRequest) -> None:
    request.session.pop(SETUP_KEY_SESSION, None)


def qr_svg(data: str) -> str:
    """Render `data` as an inline SVG QR code, made on the server (intranets have no internet)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg: str = image.to_string(encoding="unicode")
    return svg


def keep_device_of_login(sender: type, request: HttpRequest, user: User, **kwargs: object) -> None:
    """Persist the device a user object carries into the session it logs in to.

    django-otp does this only when the request already has a `user` attribute; logins
    made without one (the test client's force_login) would otherwise drop the device.
    """
    device = getattr(user, "otp_device", None)
    session = getattr(request, "session", None)
    if device is None or session is None:
        return
    if device.user_id == user.pk and device.confirmed:
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
