"""Clusters and blocs: members ranked by capped percentage of target, in constant queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.movements import services
from vinhdanh.movements.clusters import rank_cluster
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit


@pytest.fixture
def targeted(movement: Movement, province_officer: User) -> Movement:
    services.define_indicator(actor=province_officer, movement=movement, code="done",
                              name="Nhà đã hoàn thành", aggregation="sum", period_type="month",
                              target=Decimal(10), target_scope="per_unit")
    return movement


def _members(
    province: OrgUnit, officer: User, movement: Movement, done: list[int]
) -> list[OrgUnit]:
    units = []
    for n, count in enumerate(done):
        unit = insert_unit(code=f"K{len(done)}-{n}", name=f"Xã {len(done)}-{n}",
                           kind=UnitKind.COMMUNE, parent=province,
                           valid_from=dt.date(2025, 1, 1))
        services.enter_values(actor=officer, movement=movement, unit=unit, period="2025-03",
                              values={"done": count})
        units.append(unit)
    return units


def test_members_are_ranked_by_capped_percentage_of_target(
    targeted: Movement, province: OrgUnit, province_officer: User, commune_officer: User,
) -> None:
    units = _members(province, province_officer, targeted, [4, 15, 10, 7])
    with pytest.raises(PermissionDenied):
        services.create_cluster(actor=commune_officer, movement=targeted, name="Cụm 1",
                                members=units)
    cluster = services.create_cluster(actor=province_officer, movement=targeted,
                                      name="Cụm thi đua số 1", members=units)
    ranking = rank_cluster(cluster, dt.date(2025, 3, 31))
    # 15 of 10 and 10 of 10 both count as 100%: they share first place.
    assert [(m.unit.name, m.score, m.rank) for m in ranking] == [
        ("Xã 4-1", Decimal("100.00"), 1), ("Xã 4-2", Decimal("100.00"), 1),
        ("Xã 4-3", Decimal("70.00"), 3), ("Xã 4-0", Decimal("40.00"), 4)]


def test_cluster_ranking_takes_constant_queries(
    targeted: Movement, province: OrgUnit, province_officer: User,
    django_assert_num_queries: Any,
) -> None:
    client = Client()
    client.force_login(province_officer)
    for size in (2, 8):
        cluster = services.create_cluster(
            actor=province_officer, movement=targeted, name=f"Cụm {size}",
            members=_members(province, province_officer, targeted, list(range(size))))
        url = reverse("movements:cluster", args=[targeted.pk, cluster.pk]) + "?as_of=2025-03-31"
        client.get(url)
        # 1 session, 2 user, 3 grants, 4 movement, 5 cluster with its head; ranking:
        # 6 indicators, 7 members, 8 lineage links, 9 streamed values; 10 the members'
        # self-scores with their units
        with django_assert_num_queries(10):
            page = client.get(url)
        assert len(page.context["ranking"]) == size
        assert len(page.context["assessment"]) == size


def test_member_sees_only_its_own_row_and_strangers_get_404(
    targeted: Movement, province: OrgUnit, province_officer: User, commune: OrgUnit,
    commune_officer: User, outsider: User,
) -> None:
    services.enter_values(actor=commune_officer, movement=targeted, unit=commune,
                          period="2025-08", values={"done": 9})
    others = _members(province, province_officer, targeted, [4, 15])
    cluster = services.create_cluster(actor=province_officer, movement=targeted,
                                      name="Cụm phường", members=[commune, *others])
    url = reverse("movements:cluster", args=[targeted.pk, cluster.pk]) + "?as_of=2025-08-31"
    member = Client()
    member.force_login(commune_officer)
    rows = member.get(url).context["ranking"]
    assert [(r.unit.pk, r.rank) for r in rows] == [(commune.pk, 2)]
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(url).status_code == 404
