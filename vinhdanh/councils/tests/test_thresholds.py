"""Thresholds are shares of the whole membership, counted exactly (Decree 98/2023 Art 30(7))."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import given
from hypothesis import strategies as st

from vinhdanh.accounts.models import User
from vinhdanh.councils.models import Comparison, ThresholdRule
from vinhdanh.councils.services import setup
from vinhdanh.councils.tests.conftest import CouncilSetup
from vinhdanh.councils.thresholds import DEFAULT_RULE, required_yes, rules_from_catalogue

AT_LEAST, MORE_THAN = Comparison.AT_LEAST, Comparison.MORE_THAN


@pytest.mark.parametrize(("members", "pct", "comparison", "needed"), [
    (9, "80", AT_LEAST, 8),      # 7.2 → 8
    (5, "80", AT_LEAST, 4),      # exactly 4: no float drift to 4.000001 → 5
    (7, "90", AT_LEAST, 7),      # 6.3 → 7
    (10, "90", AT_LEAST, 9),     # exactly 9
    (10, "70", AT_LEAST, 7),     # 0.7 * 10 is 7.000000000000001 in floats
    (3, "70", AT_LEAST, 3),      # 2.1 → 3
    (10, "50", MORE_THAN, 6),    # more than half of 10
    (9, "50", MORE_THAN, 5),     # more than 4.5
    (1, "90", AT_LEAST, 1),
])
def test_required_yes_over_whole_membership(members: int, pct: str, comparison: str,
                                            needed: int) -> None:
    assert required_yes(members=members, pct=Decimal(pct), comparison=comparison) == needed


@given(members=st.integers(min_value=1, max_value=500),
       pct=st.decimals(min_value=0, max_value=100, places=2))
def test_required_yes_is_the_smallest_passing_count(members: int, pct: Decimal) -> None:
    needed = required_yes(members=members, pct=pct, comparison=AT_LEAST)
    # Integer cross-multiplication: yes / members >= pct / 100
    assert needed * 100 >= pct * members
    assert needed == 0 or (needed - 1) * 100 < pct * members


def test_catalogue_rules_are_seeded_as_editable_data(db: None) -> None:
    """The migration loads awards.yaml approval_rules; an administrator edits the rows."""
    rules = {r.award_code: r for r in ThresholdRule.objects.all()}
    assert rules["chien_si_thi_dua_bo_tinh"].min_pct == Decimal(90)
    assert rules["anh_hung_lao_dong"].min_pct == Decimal(90)
    assert rules["chien_si_thi_dua_co_so"].min_pct == Decimal(80)
    assert rules["co_thi_dua_chinh_phu"].written_opinions_count is True
    assert {r.award_code for r in rules_from_catalogue()} == set(rules)
    assert "bang_khen_chu_tich_tinh" not in rules
    assert DEFAULT_RULE.comparison == MORE_THAN
    assert "UNVERIFIED" in DEFAULT_RULE.basis


def test_administrator_corrects_a_threshold_and_new_items_use_it(
    council9: CouncilSetup, system_admin: User
) -> None:
    from vinhdanh.councils.tests.conftest import make_poll

    with pytest.raises(PermissionDenied):
        setup.set_threshold_rule(actor=council9.secretary, award_code="bang_khen_chu_tich_tinh",
                                 min_pct=Decimal(90), comparison=AT_LEAST,
                                 written_opinions_count=True, basis="Quy chế Hội đồng")
    setup.set_threshold_rule(actor=system_admin, award_code="bang_khen_chu_tich_tinh",
                             min_pct=Decimal("66.67"), comparison=AT_LEAST,
                             written_opinions_count=False, basis="Quy chế Hội đồng 2026")
    poll = make_poll(council9, items=(("Trường THCS Hà Nam — Bằng khen",
                                       "bang_khen_chu_tich_tinh"),))
    item = poll.items.get()
    assert (item.threshold_pct, item.count_written_opinions) == (Decimal("66.67"), False)
    assert required_yes(members=9, pct=item.threshold_pct, comparison=AT_LEAST) == 7
