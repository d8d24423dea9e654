"""The policy answers from the grants' subtrees, with one query per user object."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from conftest import make_user
from vinhdanh.accounts.models import Role, RoleGrant
from vinhdanh.accounts.policy import (
    Action,
    can,
    ensure_can,
    granted_paths,
    requires_two_factor,
    unit_filter,
)
from vinhdanh.units.models import OrgUnit


def test_province_grant_covers_its_communes(province_officer, province, commune, other_commune):
    for unit in (province, commune, other_commune):
        assert can(province_officer, Action.CHANGE_PERSON, unit)


def test_commune_grant_covers_nothing_outside(commune_officer, province, commune, other_commune):
    assert can(commune_officer, Action.CHANGE_PERSON, commune)
    assert not can(commune_officer, Action.CHANGE_PERSON, other_commune)
    assert not can(commune_officer, Action.CHANGE_PERSON, province)


def test_inactive_user_may_do_nothing(province_officer, commune):
    province_officer.is_active = False
    province_officer.save()
    assert not can(province_officer, Action.VIEW_UNIT, commune)
    assert granted_paths(province_officer, Action.VIEW_UNIT) == []


def test_anonymous_may_do_nothing(commune):
    anonymous = AnonymousUser()
    assert not can(anonymous, Action.VIEW_UNIT, commune)
    assert not can(anonymous, Action.VIEW_UNIT, None)
    assert not OrgUnit.objects.filter(unit_filter(anonymous, Action.VIEW_UNIT, field="")).exists()


def test_role_gives_only_its_actions(commune_officer, commune):
    """An officer manages data but not users, and cannot read the audit log."""
    assert can(commune_officer, Action.MANAGE_MOVEMENT, commune)
    assert not can(commune_officer, Action.MANAGE_USERS, commune)
    assert not can(commune_officer, Action.VIEW_AUDIT, commune)


def test_global_rows_are_for_administrators_only(system_admin, province_officer):
    assert can(system_admin, Action.MANAGE_CATALOGUE, None)
    assert not can(province_officer, Action.VIEW_CATALOGUE, None)


def test_unit_filter_keeps_the_subtree(commune_officer, province, commune, other_commune):
    visible = set(OrgUnit.objects.filter(unit_filter(commune_officer, Action.VIEW_UNIT, field="")))
    assert visible == {commune}


def test_nested_grants_collapse_to_the_outermost(province, commune):
    user = make_user("hai_cap", Role.EMULATION_OFFICER, province)
    RoleGrant.objects.create(user=user, role=Role.APPRAISER, unit=commune)
    assert granted_paths(user, Action.VIEW_UNIT) == [province.path]


def test_ensure_can_refuses_the_neighbour(commune_officer, outsider, commune):
    ensure_can(commune_officer, Action.VIEW_PERSON, commune)
    with pytest.raises(PermissionDenied):
        ensure_can(outsider, Action.VIEW_PERSON, commune)


def test_grants_load_once_per_user_object(
    province_officer, commune, other_commune, django_assert_num_queries
):
    # 1: the user's grants with their unit paths; every later question is answered from it
    with django_assert_num_queries(1):
        assert can(province_officer, Action.VIEW_UNIT, commune)
        assert can(province_officer, Action.CHANGE_PERSON, other_commune)
        assert not can(province_officer, Action.MANAGE_USERS, commune)
        assert not requires_two_factor(province_officer)


def test_two_factor_roles(system_admin, province_officer, commune):
    leader = make_user("lanh_dao", Role.UNIT_LEADER, commune)
    assert requires_two_factor(system_admin)
    assert requires_two_factor(leader)
    assert not requires_two_factor(province_officer)


def test_menu_filter_answers_from_the_policy(commune_officer, commune):
    from django.template import Context, Template

    leader = make_user("lanh_dao_xa", Role.UNIT_LEADER, commune)
    menu = Template('{% load policy_tags %}{% if u|may_somewhere:"view_audit" %}NK{% endif %}')
    assert menu.render(Context({"u": leader})) == "NK"
    assert menu.render(Context({"u": commune_officer})) == ""
    assert menu.render(Context({"u": AnonymousUser()})) == ""


def test_nomination_and_council_actions_follow_the_users_of_design(
        province, commune, other_commune, commune_officer):
    """The board prepares and appraises, the leader decides and signs, the secretary runs
    the council's polls; each only in their own subtree."""
    leader = make_user("chu_tich_xa_1", Role.UNIT_LEADER, commune)
    appraiser = make_user("tham_dinh_xa", Role.APPRAISER, commune)
    secretary = make_user("thu_ky_xa", Role.COUNCIL_SECRETARY, commune)
    member = make_user("uy_vien_xa", Role.COUNCIL_MEMBER, commune)
    expected = {
        commune_officer: {Action.VIEW_NOMINATION, Action.PREPARE_NOMINATION,
                          Action.APPRAISE_NOMINATION, Action.MODERATE_NOTICE,
                          Action.MANAGE_COUNCIL},
        leader: {Action.VIEW_NOMINATION, Action.PREPARE_NOMINATION, Action.ISSUE_DECISION,
                 Action.SIGN_DECISION},
        appraiser: {Action.VIEW_NOMINATION, Action.APPRAISE_NOMINATION,
                    Action.MODERATE_NOTICE},
        secretary: {Action.VIEW_NOMINATION, Action.MANAGE_COUNCIL,
                    Action.RECORD_BALLOT_TALLY},
        member: set(),
    }
    workflow = {Action.VIEW_NOMINATION, Action.PREPARE_NOMINATION, Action.APPRAISE_NOMINATION,
                Action.MODERATE_NOTICE, Action.ISSUE_DECISION, Action.SIGN_DECISION,
                Action.MANAGE_COUNCIL, Action.RECORD_BALLOT_TALLY}
    for user, allowed in expected.items():
        for action in workflow:
            assert can(user, action, commune) is (action in allowed), (user, action)
            # Nothing of the kind reaches the neighbouring commune or the province above.
            assert not can(user, action, other_commune), (user, action)
            assert not can(user, action, province), (user, action)
