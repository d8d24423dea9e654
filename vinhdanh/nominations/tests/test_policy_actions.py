"""Each side of the workflow asks the policy for its own action (accounts/policy.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.nominations.models import Proposal, ProposalStatus
from vinhdanh.nominations.workflow import Side, ensure_transition, may_act
from vinhdanh.units.models import OrgUnit

P = ProposalStatus


def test_board_appraises_leader_decides_each_in_their_own_unit(
        proposal: Proposal, province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
        province_officer: User, commune_officer: User) -> None:
    appraiser = make_user("tham_dinh_tinh", Role.APPRAISER, province)
    leader = make_user("chu_tich_tinh", Role.UNIT_LEADER, province)
    secretary = make_user("thu_ky_tinh", Role.COUNCIL_SECRETARY, province)
    neighbour_leader = make_user("chu_tich_xa_khac", Role.UNIT_LEADER, other_commune)
    commune_leader = make_user("chu_tich_xa", Role.UNIT_LEADER, commune)

    # The proposing side: the commune's officer and leader (who signs the tờ trình).
    assert may_act(commune_officer, proposal, Side.SENDER)
    assert may_act(commune_leader, proposal, Side.SENDER)
    assert not may_act(neighbour_leader, proposal, Side.SENDER)
    assert not may_act(appraiser, proposal, Side.SENDER)
    # The receiving desk: the province's officer and appraiser, not its leader or secretary.
    for user, allowed in ((province_officer, True), (appraiser, True), (leader, False),
                          (secretary, False), (commune_officer, False)):
        assert may_act(user, proposal, Side.RECEIVER) is allowed, user
    # The decision: the province's leader only.
    proposal.status = P.AWAITING_DECISION
    ensure_transition(proposal, to=P.DECIDED, actor=leader)
    for refused in (province_officer, appraiser, commune_leader, neighbour_leader):
        with pytest.raises(PermissionDenied):
            ensure_transition(proposal, to=P.DECIDED, actor=refused)
