"""Hold signers and administrators at the TOTP step until their session is verified."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import requires_two_factor
from vinhdanh.accounts.twofactor import TOTP_ENROLLED_SESSION, confirmed_device

#: Pages a user between password and second factor may still open, by URL name.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:totp_setup",
        "accounts:totp_verify",
        "core:healthz",
        "set_language",
    }
)
#: The public API documentation (OpenAPI schema and its viewer).
EXEMPT_API_PATHS = ("/api/v1/openapi.json", "/api/v1/docs")


def is_exempt(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((settings.STATIC_URL or "/static/", "/i18n/", "/healthz")):
        return True
    if path.startswith(EXEMPT_API_PATHS):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


class RequireTwoFactorMiddleware:
    """Send signers and administrators to TOTP setup or verification before anything else.

    Users who turned TOTP on by choice are held at verification the same way.

    Must follow OTPMiddleware, which tells whether this session passed the second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not getattr(user, "is_verified", lambda: False)()
            and (request.session.get(TOTP_ENROLLED_SESSION) or requires_two_factor(user))
            and not is_exempt(request)
        ):
            return self._hold(request)
        return self.get_response(request)

    def _hold(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": _("Two-factor authentication is required: verify your code "
                                 "in the web interface first."),
                },
                status=403,
            )
        assert request.user.is_authenticated  # for the type checker: checked by the caller
        name = "accounts:totp_verify" if confirmed_device(request.user) else "accounts:totp_setup"
        target = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            # htmx would swap the whole page into a fragment; make it navigate instead.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
