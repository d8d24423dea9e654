"""Login, logout, two-factor and profile pages: parse, call one service, render."""

from __future__ import annotations

import math
from typing import cast

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vinhdanh.accounts import selectors, services, throttle
from vinhdanh.accounts.forms import ApiTokenCreateForm, LoginForm, TotpCodeForm
from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, granted_paths, requires_two_factor
from vinhdanh.accounts.twofactor import (
    TOTP_ENROLLED_SESSION,
    confirmed_device,
    forget_pending_key,
    pending_key,
)
from vinhdanh.core.errors import DomainError


def _user(request: HttpRequest) -> User:
    # Only called behind login_required, where request.user is the logged-in User.
    return cast(User, request.user)


def _next_url(request: HttpRequest) -> str:
    """Return the page to go on to: `next` when it is on this site, else the home page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _second_factor_step(request: HttpRequest, user: User, next_url: str) -> str | None:
    """Return the TOTP page a user must pass next, or None when they are done.

    A user who turned TOTP on by choice is asked for it too; the session remembers that,
    so the middleware holds them without a device query on every request.
    """
    if getattr(request.user, "is_verified", lambda: False)():
        return None
    device = confirmed_device(user)
    if device is not None:
        request.session[TOTP_ENROLLED_SESSION] = True
        return _with_next("accounts:totp_verify", next_url)
    if requires_two_factor(user):
        return _with_next("accounts:totp_setup", next_url)
    return None


def lockout_message(lockout: throttle.Lockout) -> str:
    minutes = max(1, math.ceil(lockout.seconds_left / 60))
    return _(
        "Too many failed login attempts. For your security, logging in is paused: "
        "try again in %(minutes)d minutes."
    ) % {"minutes": minutes}


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.user.is_authenticated and request.method == "GET":
        step = _second_factor_step(request, _user(request), next_url)
        return redirect(step or next_url)
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = request.META.get("REMOTE_ADDR") or None
        lockout = throttle.current_lockout(username=username, ip_address=address)
        if lockout is not None:
            form.add_error(None, lockout_message(lockout))
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                lockout = throttle.register_failure(username=username, ip_address=address)
                if lockout is not None:
                    form.add_error(None, lockout_message(lockout))
                    status = 429
                else:
                    # Same words whether or not the username exists.
                    form.add_error(None, _("The username or password is not correct."))
            else:
                throttle.clear_failures(username=username)
                auth_login(request, user)
                return redirect(_second_factor_step(request, user, next_url) or next_url)
    return render(request, "accounts/login.html", {"form": form, "next": next_url},
                  status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_setup(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = _next_url(request)
    if confirmed_device(user) is not None:
        if getattr(request.user, "is_verified", lambda: False)():
            messages.info(request, _("Two-factor authentication is already turned on."))
            return redirect("accounts:profile")
        return redirect(_with_next("accounts:totp_verify", next_url))
    key = pending_key(request, user)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.confirm_totp_device(
                actor=user, key=key.hex_key, token=form.cleaned_data["token"]
            )
        except DomainError as exc:
            form.add_error("token", exc.message)
        else:
            django_otp.login(request, device)
            forget_pending_key(request)
            messages.success(request, _("Two-factor authentication is now turned on."))
            return HttpResponseRedirect(next_url)
    return render(request, "accounts/totp_setup.html", {
        "form": form, "key": key, "next": next_url, "required": requires_two_factor(user),
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def totp_verify(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    next_url = _next_url(request)
    device = confirmed_device(user)
    if device is None:
        return redirect(_with_next("accounts:totp_setup", next_url))
    if getattr(request.user, "is_verified", lambda: False)():
        return HttpResponseRedirect(next_url)
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _detail = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a few seconds and try again."))
        elif device.verify_token(form.cleaned_data["token"]):
            django_otp.login(request, device)
            return HttpResponseRedirect(next_url)
        else:
            form.add_error("token", _("The code is not correct. Check the time on your phone "
                                      "and enter the current code."))
    return render(request, "accounts/totp_verify.html", {"form": form, "next": next_url})


def _profile(request: HttpRequest, *, token_form: ApiTokenCreateForm,
             new_token: services.NewApiToken | None = None, status: int = 200) -> HttpResponse:
    user = _user(request)
    context = {
        "grants": list(selectors.list_grants(user=user)),
        "tokens": list(selectors.list_api_tokens(user=user)),
        "has_totp": selectors.has_totp(user=user),
        "totp_required": requires_two_factor(user),
        "may_view_audit": bool(granted_paths(user, Action.VIEW_AUDIT)),
        "token_form": token_form,
        "new_token": new_token,
    }
    return render(request, "accounts/profile.html", context, status=status)


@never_cache
@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    return _profile(request, token_form=ApiTokenCreateForm())


@never_cache
@login_required
@require_POST
def token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenCreateForm(request.POST)
    if form.is_valid():
        try:
            new = services.create_api_token(
                actor=_user(request), user=_user(request), name=form.cleaned_data["name"]
            )
        except DomainError as exc:
            form.add_error("name", exc.message)
        else:
            # Rendered, not redirected: the raw token must not travel through the session.
            return _profile(request, token_form=ApiTokenCreateForm(), new_token=new, status=201)
    return _profile(request, token_form=form, status=400)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_own_api_token(user=_user(request), pk=pk)
    services.revoke_api_token(actor=_user(request), token=token)
    messages.success(request, _("The token %(prefix)s… was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:profile")
