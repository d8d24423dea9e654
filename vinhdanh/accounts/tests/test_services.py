"""Account services check the policy, refuse out-of-subtree grants and are audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_totp.models import TOTPDevice

from vinhdanh.accounts import services
from vinhdanh.accounts.models import ApiToken, Role, RoleGrant, User
from vinhdanh.accounts.policy import Action, can
from vinhdanh.accounts.testing import make_totp_device
from vinhdanh.audit.models import AuditEvent
from vinhdanh.audit.services import verify_chain
from vinhdanh.core.errors import Conflict, ValidationFailed

STRONG = "Thi-dua-2025!"


def test_admin_creates_user_and_grants_role_audited(system_admin, commune):
    user = services.create_user(actor=system_admin, username="nguyen.van.a",
                                full_name="Nguyễn Văn A", password=STRONG)
    grant = services.grant_role(actor=system_admin, user=user, role=Role.EMULATION_OFFICER,
                                unit=commune)

    assert user.check_password(STRONG)
    assert can(user, Action.CHANGE_PERSON, commune)
    events = list(AuditEvent.objects.order_by("seq").values_list("action", "actor_id",
                                                                 "unit_path"))
    assert events == [
        ("accounts.user_created", system_admin.pk, ""),
        ("accounts.role_granted", system_admin.pk, commune.path),
    ]
    assert grant.unit == commune
    assert verify_chain().ok


def test_commune_admin_cannot_grant_outside_own_subtree(commune_admin, system_admin, commune,
                                                        other_commune, province):
    user = services.create_user(actor=commune_admin, username="moi", full_name="Mới")
    services.grant_role(actor=commune_admin, user=user, role=Role.DATA_ENTRY_CLERK, unit=commune)
    for unit in (other_commune, province):
        with pytest.raises(PermissionDenied):
            services.grant_role(actor=commune_admin, user=user, role=Role.DATA_ENTRY_CLERK,
                                unit=unit)
    # The province's administrator may.
    services.grant_role(actor=system_admin, user=user, role=Role.DATA_ENTRY_CLERK,
                        unit=other_commune)
    assert RoleGrant.objects.filter(user=user).count() == 2
    assert AuditEvent.objects.filter(action="accounts.role_granted").count() == 2


def test_officer_cannot_manage_users(commune_officer, commune):
    with pytest.raises(PermissionDenied):
        services.create_user(actor=commune_officer, username="x", full_name="X")
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=commune_officer, user=commune_officer,
                            role=Role.SYSTEM_ADMIN, unit=commune)
    assert not AuditEvent.objects.exists()


def test_only_an_administrator_over_the_unit_grants_system_admin(commune_admin, system_admin,
                                                                  commune, province):
    user = services.create_user(actor=system_admin, username="ung_vien", full_name="Ứng viên")
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=commune_admin, user=user, role=Role.SYSTEM_ADMIN, unit=province)
    services.grant_role(actor=commune_admin, user=user, role=Role.SYSTEM_ADMIN, unit=commune)
    assert can(user, Action.MANAGE_USERS, commune)


def test_duplicate_grant_is_a_conflict(system_admin, commune_officer, commune):
    with pytest.raises(Conflict):
        services.grant_role(actor=system_admin, user=commune_officer,
                            role=Role.EMULATION_OFFICER, unit=commune)


def test_revoke_role_takes_effect_and_is_audited(system_admin, commune_officer, commune,
                                                 outsider):
    grant = RoleGrant.objects.get(user=commune_officer)
    assert can(commune_officer, Action.VIEW_PERSON, commune)
    with pytest.raises(PermissionDenied):
        services.revoke_role(actor=outsider, grant=grant)
    services.revoke_role(actor=system_admin, grant=grant)
    # The next request loads the user afresh.
    assert not can(User.objects.get(pk=commune_officer.pk), Action.VIEW_PERSON, commune)
    assert AuditEvent.objects.filter(action="accounts.role_revoked").count() == 1


def test_last_system_administrator_stays(system_admin):
    with pytest.raises(Conflict):
        services.revoke_role(actor=system_admin, grant=RoleGrant.objects.get(user=system_admin))


def test_deactivate_user_closes_login_and_tokens(system_admin, commune_officer, commune,
                                                 commune_admin):
    new = services.create_api_token(actor=commune_officer, user=commune_officer, name="script")
    services.deactivate_user(actor=system_admin, user=commune_officer)
    commune_officer.refresh_from_db()
    assert not commune_officer.is_active
    assert not can(commune_officer, Action.VIEW_PERSON, commune)
    assert ApiToken.objects.get(pk=new.token.pk).revoked_at is not None


def test_deactivation_needs_the_users_whole_subtree(commune_admin, province_officer):
    """A commune's administrator cannot close the account of a province officer."""
    with pytest.raises(PermissionDenied):
        services.deactivate_user(actor=commune_admin, user=province_officer)
    province_officer.refresh_from_db()
    assert province_officer.is_active


def test_api_token_raw_value_is_returned_once_and_only_hash_stored(commune_officer):
    new = services.create_api_token(actor=commune_officer, user=commune_officer, name="báo cáo")
    stored = ApiToken.objects.get()
    assert new.raw.startswith("vd_")
    assert new.raw not in {stored.key_hash, stored.prefix, stored.name}
    assert stored.key_hash == services.hash_token(new.raw)
    assert new.raw.startswith(stored.prefix)
    event = AuditEvent.objects.get(action="accounts.api_token_created")
    assert new.raw not in str(event.data)


def test_nobody_else_revokes_a_users_token(commune_officer, outsider, system_admin):
    new = services.create_api_token(actor=commune_officer, user=commune_officer, name="x")
    with pytest.raises(PermissionDenied):
        services.revoke_api_token(actor=outsider, token=new.token)
    services.revoke_api_token(actor=system_admin, token=new.token)
    assert ApiToken.objects.get().revoked_at is not None


def test_system_actor_only_inside_acting_as_system(commune):
    with pytest.raises(PermissionDenied):
        services.create_user(actor=None, username="he_thong", full_name="Hệ thống")
    with services.acting_as_system("demo"):
        user = services.create_user(actor=None, username="he_thong", full_name="Hệ thống",
                                    password=STRONG)
        services.grant_role(actor=None, user=user, role=Role.SYSTEM_ADMIN, unit=commune)
    event = AuditEvent.objects.get(action="accounts.role_granted")
    assert (event.actor_id, event.actor_label, event.data["system"]) == (None, "system", "demo")
    with pytest.raises(PermissionDenied):
        services.grant_role(actor=None, user=user, role=Role.APPRAISER, unit=commune)


def test_weak_password_and_taken_username_are_refused(system_admin):
    with pytest.raises(ValidationFailed) as weak:
        services.create_user(actor=system_admin, username="a", full_name="A", password="123")
    assert weak.value.field == "password"
    with pytest.raises(Conflict):
        services.create_user(actor=system_admin, username="QUAN_TRI", full_name="B")
    assert User.objects.count() == 1


def test_lost_phone_reset_by_an_administrator_of_the_user(system_admin, outsider, commune):
    leader = services.create_user(actor=system_admin, username="ct", full_name="Chủ tịch")
    services.grant_role(actor=system_admin, user=leader, role=Role.UNIT_LEADER, unit=commune)
    make_totp_device(leader)
    with pytest.raises(PermissionDenied):
        services.reset_totp(actor=outsider, user=leader)
    assert services.reset_totp(actor=system_admin, user=leader) == 1
    assert not TOTPDevice.objects.filter(user=leader).exists()
    assert AuditEvent.objects.filter(action="accounts.totp_reset").count() == 1
