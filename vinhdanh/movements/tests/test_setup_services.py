"""Rules the set-up services enforce whatever page or script calls them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.eligibility.tests.conftest import make_person
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement
from vinhdanh.movements.services import cluster_setup
from vinhdanh.movements.services.initiatives import recognise_initiative, register_initiative
from vinhdanh.units.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_cluster_year_and_scoring_table_rules(
    movement: Movement, commune: OrgUnit, other_commune: OrgUnit, province_officer: User,
    outsider: User,
) -> None:
    cluster = services.create_cluster(actor=province_officer, movement=movement, name="Cụm 1",
                                      members=[commune, other_commune], head=commune)
    with pytest.raises(PermissionDenied):
        cluster_setup.set_cluster_year(actor=outsider, cluster=cluster, year=2025,
                                       members=[commune, other_commune], head=None,
                                       deputy=None)
    with pytest.raises(ValidationFailed, match="2030"):
        cluster_setup.set_cluster_year(actor=province_officer, cluster=cluster, year=2030,
                                       members=[commune, other_commune], head=None,
                                       deputy=None)
    line_up = cluster_setup.set_cluster_year(
        actor=province_officer, cluster=cluster, year=2025, members=[commune, other_commune],
        head=commune, deputy=other_commune, pact="Giao ước")
    again = cluster_setup.set_cluster_year(
        actor=province_officer, cluster=cluster, year=2025, members=[commune, other_commune],
        head=other_commune, deputy=commune)
    assert again.pk == line_up.pk  # one line-up per year, rotated in place
    assert (again.head, again.deputy) == (other_commune, commune)

    group = cluster_setup.add_criteria_group(actor=province_officer, cluster=cluster,
                                             name="Nhiệm vụ")
    with pytest.raises(ValidationFailed):
        cluster_setup.add_criterion(actor=province_officer, group=group, name="Âm",
                                    max_points=Decimal(0))
    cluster_setup.add_criterion(actor=province_officer, group=group, name="Nhà ở",
                                max_points=Decimal(100), evidence_required=True)
    services.score_self(actor=province_officer, cluster=cluster, unit=commune, score="90",
                        evidence="Biên bản")
    services.score_self(actor=province_officer, cluster=cluster, unit=other_commune,
                        score="80", evidence="Biên bản")
    services.review_score(actor=province_officer, cluster=cluster, unit=commune, score="90")
    services.review_score(actor=province_officer, cluster=cluster, unit=other_commune,
                          score="80")
    services.publish_ranking(actor=province_officer, cluster=cluster)
    with pytest.raises(Conflict):
        cluster_setup.add_criteria_group(actor=province_officer, cluster=cluster, name="Khác")
    assert AuditEvent.objects.filter(action="movements.criterion").count() == 1


def test_initiative_rules(
    commune: OrgUnit, other_commune: OrgUnit, commune_officer: User, province_officer: User,
    outsider: User,
) -> None:
    author = make_person(commune)
    with pytest.raises(PermissionDenied):
        register_initiative(actor=outsider, unit=commune, title="Sáng kiến", scope="grassroots",
                            effect="applied", authors=[author])
    with pytest.raises(ValidationFailed, match=r"Tác giả|Authors"):
        register_initiative(actor=province_officer, unit=other_commune, title="Sáng kiến",
                            scope="grassroots", effect="applied", authors=[author])
    initiative = register_initiative(actor=commune_officer, unit=commune, title="Sáng kiến",
                                     scope="grassroots", effect="applied", authors=[author])
    with pytest.raises(ValidationFailed):
        recognise_initiative(actor=province_officer, initiative=initiative, number="1/QĐ",
                             date=dt.date(2025, 5, 1), body=other_commune)
    with pytest.raises(PermissionDenied):
        recognise_initiative(actor=outsider, initiative=initiative, number="1/QĐ",
                             date=dt.date(2025, 5, 1), body=commune)
    first = recognise_initiative(actor=commune_officer, initiative=initiative, number="1/QĐ",
                                 date=dt.date(2025, 5, 1), body=commune)
    second = register_initiative(actor=commune_officer, unit=commune, title="Sáng kiến 2",
                                 scope="grassroots", effect="applied", authors=[author])
    second = recognise_initiative(actor=commune_officer, initiative=second, number="1/QĐ",
                                  date=dt.date(2025, 5, 1), body=commune)
    assert first.decision_id == second.decision_id  # one council decision, two initiatives
