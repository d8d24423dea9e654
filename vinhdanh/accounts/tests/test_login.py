"""Login page: Vietnamese form, CSRF, and lockout after repeated failures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from vinhdanh.accounts.models import LoginFailure
from vinhdanh.accounts.services import deactivate_user
from vinhdanh.audit.models import AuditEvent

START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
LOCKED = "Bạn đã đăng nhập sai quá nhiều lần"
WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."


@pytest.fixture(autouse=True)
def _limits(settings, time_machine):
    settings.LOGIN_MAX_FAILURES = 3
    settings.LOGIN_FAILURE_WINDOW_SECONDS = 600
    settings.LOGIN_LOCKOUT_SECONDS = 900
    time_machine.move_to(START, tick=False)


def attempt(client: Client, username: str, password: str, ip: str = "10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password},
                       REMOTE_ADDR=ip)


def is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_is_vietnamese(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    for text in ("Tên đăng nhập", "Mật khẩu", "Đăng nhập", 'class="vd-header"',
                 'name="csrfmiddlewaretoken"'):
        assert text in page


def test_good_password_logs_in_and_goes_on(client, commune_officer):
    response = client.post(reverse("accounts:login"),
                           {"username": "can_bo_xa", "password": PASSWORD, "next": "/ca-nhan/"})
    assert response.status_code == 302
    assert response["Location"] == "/ca-nhan/"
    assert is_logged_in(client)


def test_next_to_another_site_is_ignored(client, commune_officer):
    response = client.post(reverse("accounts:login"), {
        "username": "can_bo_xa", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == reverse("core:home")


def test_wrong_password_message_does_not_reveal_the_username(client, commune_officer):
    known = attempt(client, "can_bo_xa", "sai").content.decode()
    unknown = attempt(client, "khong_ton_tai", "sai", ip="10.0.0.2").content.decode()
    assert WRONG in known
    assert WRONG in unknown


def test_lockout_by_username(client, commune_officer, time_machine):
    for i in range(3):
        attempt(client, "can_bo_xa", "sai", ip=f"10.0.1.{i}")
    response = attempt(client, "can_bo_xa", PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "15 phút" in response.content.decode()
    assert not is_logged_in(client)
    # Refused attempts are not counted as failures.
    assert LoginFailure.objects.count() == 3
    event = AuditEvent.objects.get(action="accounts.login_locked")
    assert event.data["username"] == "can_bo_xa"
    assert event.data["by_username"] is True

    time_machine.shift(dt.timedelta(seconds=899))
    assert attempt(client, "can_bo_xa", PASSWORD).status_code == 429

    time_machine.shift(dt.timedelta(seconds=2))
    response = attempt(client, "can_bo_xa", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)
    assert not LoginFailure.objects.filter(username="can_bo_xa").exists()


def test_lockout_by_address(client, commune_officer, outsider):
    for name in ("a", "b", "c"):
        attempt(client, name, "sai", ip="10.9.9.9")
    # Right password, locked address: refused; the same user from elsewhere gets in.
    assert LOCKED in attempt(client, "can_bo_xa", PASSWORD, ip="10.9.9.9").content.decode()
    assert not is_logged_in(client)
    assert attempt(client, "can_bo_xa", PASSWORD, ip="10.1.1.1").status_code == 302
    event = AuditEvent.objects.get(action="accounts.login_locked")
    assert (event.data["by_address"], event.data["ip_address"]) == (True, "10.9.9.9")


def test_unknown_usernames_lock_out_alike(client, db):
    for i in range(3):
        attempt(client, "khong_ai", "sai", ip=f"10.0.3.{i}")
    assert LOCKED in attempt(client, "khong_ai", "sai", ip="10.0.4.1").content.decode()


def test_failures_outside_the_window_do_not_add_up(client, commune_officer, time_machine):
    attempt(client, "can_bo_xa", "sai")
    attempt(client, "can_bo_xa", "sai")
    time_machine.shift(dt.timedelta(seconds=601))
    attempt(client, "can_bo_xa", "sai")
    assert attempt(client, "can_bo_xa", PASSWORD).status_code == 302


def test_success_clears_the_usernames_failures(client, commune_officer):
    attempt(client, "can_bo_xa", "sai", ip="10.0.5.1")
    attempt(client, "can_bo_xa", "sai", ip="10.0.5.2")
    assert attempt(client, "can_bo_xa", PASSWORD, ip="10.0.5.3").status_code == 302
    client.post(reverse("accounts:logout"))
    attempt(client, "can_bo_xa", "sai", ip="10.0.5.4")
    attempt(client, "can_bo_xa", "sai", ip="10.0.5.5")
    assert attempt(client, "can_bo_xa", PASSWORD, ip="10.0.5.6").status_code == 302


def test_after_a_lockout_the_count_starts_afresh(client, commune_officer, time_machine):
    for _ in range(3):
        attempt(client, "can_bo_xa", "sai")
    time_machine.shift(dt.timedelta(seconds=901))
    response = attempt(client, "can_bo_xa", "sai")
    assert WRONG in response.content.decode()
    assert LOCKED not in response.content.decode()


def test_login_form_needs_the_csrf_token(commune_officer):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:login"),
                           {"username": "can_bo_xa", "password": PASSWORD})
    assert response.status_code == 403


def test_logout_is_post_only(client, commune_officer):
    client.force_login(commune_officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert is_logged_in(client)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert not is_logged_in(client)


def test_deactivated_account_cannot_log_in(client, commune_officer, system_admin):
    deactivate_user(actor=system_admin, user=commune_officer)
    response = attempt(client, "can_bo_xa", PASSWORD)
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


def test_pages_need_a_login(client, db):
    for name in ("accounts:profile", "accounts:audit_log", "accounts:totp_setup"):
        response = client.get(reverse(name))
        assert response["Location"].startswith(reverse("accounts:login"))
