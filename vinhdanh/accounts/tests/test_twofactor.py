"""TOTP second factor: required for signers and administrators, set up and verified with
real codes computed from the device key."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD
from vinhdanh.accounts.testing import (
    code_for_key,
    login_verified,
    make_totp_device,
    totp_code,
    verified_on_force_login,
)
from vinhdanh.accounts.twofactor import SETUP_KEY_SESSION
from vinhdanh.audit.models import AuditEvent

START = dt.datetime(2026, 3, 2, 8, 0, 5, tzinfo=dt.UTC)
STEP = dt.timedelta(seconds=30)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(START, tick=False)


def password_login(client: Client, username: str) -> Any:
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD,
                                                   "next": "/ca-nhan/"})


def test_officer_needs_no_second_factor(client, commune_officer):
    response = password_login(client, "can_bo_xa")
    assert response["Location"] == "/ca-nhan/"
    assert client.get(reverse("core:home")).status_code == 200


def test_leader_without_device_is_sent_to_setup_everywhere(client, commune_leader):
    response = password_login(client, "chu_tich_xa")
    assert response["Location"].startswith(reverse("accounts:totp_setup"))
    home = client.get(reverse("core:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:totp_setup"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_exempt_pages_stay_reachable(client, commune_admin):
    client.force_login(commune_admin)
    assert client.get(reverse("core:healthz")).status_code == 200
    assert client.get(reverse("accounts:totp_setup")).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_api_by_session_refused_with_json_until_verified(client, commune_admin):
    client.force_login(commune_admin)
    response = client.get("/api/v1/people/persons")
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"


def test_htmx_request_is_told_to_navigate(client, commune_admin):
    client.force_login(commune_admin)
    response = client.get(reverse("core:home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("accounts:totp_setup"))


def test_setup_shows_qr_and_secret_then_confirms_with_a_real_code(client, commune_leader):
    password_login(client, "chu_tich_xa")
    page = client.get(reverse("accounts:totp_setup"), {"next": "/ca-nhan/"})
    html = page.content.decode()
    assert "<svg" in html
    key = client.session[SETUP_KEY_SESSION]
    assert not TOTPDevice.objects.exists()  # nothing stored before the first code

    bad = "000000" if code_for_key(key) != "000000" else "111111"
    wrong = client.post(reverse("accounts:totp_setup"), {"token": bad, "next": "/ca-nhan/"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.exists()

    response = client.post(reverse("accounts:totp_setup"),
                           {"token": code_for_key(key), "next": "/ca-nhan/"})
    assert response.status_code == 302
    assert response["Location"] == "/ca-nhan/"
    device = TOTPDevice.objects.get(user=commune_leader)
    assert device.confirmed
    assert AuditEvent.objects.filter(action="accounts.totp_enabled").exists()
    assert client.get(reverse("core:home")).status_code == 200


def test_secret_shown_is_the_key_stored(client, commune_leader):
    password_login(client, "chu_tich_xa")
    html = client.get(reverse("accounts:totp_setup")).content.decode()
    key = client.session[SETUP_KEY_SESSION]
    client.post(reverse("accounts:totp_setup"), {"token": code_for_key(key)})
    device = TOTPDevice.objects.get()
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert grouped in html


def test_verify_after_password_login(client, commune_leader, time_machine):
    device = make_totp_device(commune_leader)
    response = password_login(client, "chu_tich_xa")
    assert response["Location"].startswith(reverse("accounts:totp_verify"))
    assert client.get(reverse("core:home"))["Location"].startswith(reverse("accounts:totp_verify"))

    response = client.post(reverse("accounts:totp_verify"),
                           {"token": totp_code(device), "next": "/ca-nhan/"})
    assert response["Location"] == "/ca-nhan/"
    assert client.get(reverse("core:home")).status_code == 200


def test_bad_and_replayed_codes_are_refused(client, commune_leader, time_machine):
    device = make_totp_device(commune_leader)
    password_login(client, "chu_tich_xa")
    good = totp_code(device)
    bad = "123456" if good != "123456" else "654321"
    response = client.post(reverse("accounts:totp_verify"), {"token": bad})
    assert "Mã xác thực không đúng" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302

    # Wrong codes slow the next try down (django-otp throttling).
    time_machine.shift(dt.timedelta(seconds=2))
    assert client.post(reverse("accounts:totp_verify"), {"token": good}).status_code == 302
    client.post(reverse("accounts:logout"))

    # The same code, used once already, does not open a second session.
    password_login(client, "chu_tich_xa")
    replay = client.post(reverse("accounts:totp_verify"), {"token": good})
    assert replay.status_code == 200
    time_machine.shift(STEP)
    fresh = client.post(reverse("accounts:totp_verify"), {"token": totp_code(device)})
    assert fresh.status_code == 302


def test_code_from_a_minute_ago_is_refused(client, commune_leader, time_machine):
    device = make_totp_device(commune_leader)
    old = totp_code(device)
    time_machine.shift(3 * STEP)
    password_login(client, "chu_tich_xa")
    response = client.post(reverse("accounts:totp_verify"), {"token": old})
    assert response.status_code == 200
    assert client.get(reverse("core:home")).status_code == 302


def test_volunteer_who_turned_totp_on_is_asked_for_it(client, commune_officer):
    device = make_totp_device(commune_officer)
    response = password_login(client, "can_bo_xa")
    assert response["Location"].startswith(reverse("accounts:totp_verify"))
    assert client.get(reverse("core:home")).status_code == 302
    client.post(reverse("accounts:totp_verify"), {"token": totp_code(device)})
    assert client.get(reverse("core:home")).status_code == 200


def test_login_verified_helper_gives_a_verified_session(client, commune_admin):
    login_verified(client, commune_admin)
    assert client.get(reverse("core:home")).status_code == 200


def test_force_login_of_a_prepared_persona_is_verified(client, commune_admin):
    client.force_login(verified_on_force_login(commune_admin))
    assert client.get(reverse("core:home")).status_code == 200
    assert client.get("/api/v1/openapi.json").status_code == 200
