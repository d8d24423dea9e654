"""The profile page lists the user's roles, TOTP status and API tokens in fixed queries."""

from __future__ import annotations

from django.urls import reverse

from vinhdanh.accounts import services
from vinhdanh.accounts.models import ApiToken, Role, RoleGrant
from vinhdanh.accounts.testing import login_verified


def test_profile_shows_roles_totp_and_tokens(client, commune_officer, province):
    RoleGrant.objects.create(user=commune_officer, role=Role.APPRAISER, unit=province)
    services.create_api_token(actor=commune_officer, user=commune_officer, name="xuất báo cáo")
    client.force_login(commune_officer)
    html = client.get(reverse("accounts:profile")).content.decode()
    for text in ("Phường Hà Nam", "Tỉnh Ninh Bình", "xuất báo cáo", "Tắt"):
        assert text in html


def test_profile_query_count_does_not_grow_with_rows(client, system_admin, commune,
                                                     django_assert_num_queries):
    login_verified(client, system_admin)
    RoleGrant.objects.create(user=system_admin, role=Role.APPRAISER, unit=commune)
    for i in range(5):
        services.create_api_token(actor=system_admin, user=system_admin, name=f"t{i}")
    # 1 session, 2 user, 3 OTP device of the session, 4 grants for the policy (2FA check),
    # 5 grants with units, 6 tokens, 7 TOTP status
    with django_assert_num_queries(7):
        response = client.get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert response.content.decode().count("t4") == 1


def test_token_created_from_the_profile_is_shown_once(client, commune_officer):
    client.force_login(commune_officer)
    response = client.post(reverse("accounts:token_create"), {"name": "kịch bản"})
    assert response.status_code == 201
    token = ApiToken.objects.get()
    raw = response.context["new_token"].raw
    assert raw in response.content.decode()
    assert services.hash_token(raw) == token.key_hash
    assert raw not in client.get(reverse("accounts:profile")).content.decode()


def test_tokens_are_revoked_by_their_owner_only(client, commune_officer, outsider):
    token = services.create_api_token(actor=commune_officer, user=commune_officer, name="x").token
    client.force_login(outsider)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(commune_officer)
    assert client.post(reverse("accounts:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
