"""Self-scoring with evidence, cross-review by the head, and a ranking frozen on publication."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.movements import services
from vinhdanh.movements.models import Cluster, ClusterScore, Movement
from vinhdanh.units.models import OrgUnit


@pytest.fixture
def cluster(movement: Movement, province_officer: User, commune: OrgUnit,
            other_commune: OrgUnit) -> Cluster:
    return services.create_cluster(actor=province_officer, movement=movement,
                                   name="Cụm thi đua các phường", head=commune,
                                   members=[commune, other_commune])


def test_head_must_be_a_member(movement: Movement, province_officer: User, province: OrgUnit,
                               commune: OrgUnit, other_commune: OrgUnit) -> None:
    with pytest.raises(ValidationFailed):
        services.create_cluster(actor=province_officer, movement=movement, name="Cụm",
                                head=province, members=[commune, other_commune])


def test_member_scores_itself_with_evidence_and_not_another_member(
    cluster: Cluster, commune: OrgUnit, other_commune: OrgUnit, outsider: User,
    commune_officer: User,
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        services.score_self(actor=outsider, cluster=cluster, unit=other_commune, score="90",
                            evidence="  ")
    assert caught.value.field == "evidence"
    with pytest.raises(ValidationFailed):
        services.score_self(actor=outsider, cluster=cluster, unit=other_commune, score="101",
                            evidence="Báo cáo")
    row = services.score_self(actor=outsider, cluster=cluster, unit=other_commune,
                              score="92,5", evidence="Báo cáo tổng kết số 12/BC-UBND")
    assert row.self_score == Decimal("92.50")
    # The head's officer may not score a fellow member in its place.
    with pytest.raises(PermissionDenied):
        services.score_self(actor=commune_officer, cluster=cluster, unit=other_commune,
                            score="60", evidence="Theo cụm trưởng")
    assert AuditEvent.objects.filter(action="movements.cluster_self_score").count() == 1


def test_head_reviews_members_and_the_organiser_reviews_the_head(
    cluster: Cluster, commune: OrgUnit, other_commune: OrgUnit, outsider: User,
    commune_officer: User, province_officer: User,
) -> None:
    services.score_self(actor=outsider, cluster=cluster, unit=other_commune, score="92",
                        evidence="Báo cáo")
    services.score_self(actor=commune_officer, cluster=cluster, unit=commune, score="95",
                        evidence="Báo cáo")
    # A member does not review itself nor the head; the head does not review itself.
    with pytest.raises(PermissionDenied):
        services.review_score(actor=outsider, cluster=cluster, unit=other_commune, score="92")
    with pytest.raises(PermissionDenied):
        services.review_score(actor=commune_officer, cluster=cluster, unit=commune, score="95")
    with pytest.raises(ValidationFailed) as caught:
        services.review_score(actor=commune_officer, cluster=cluster, unit=other_commune,
                              score="88")
    assert caught.value.field == "note"
    services.review_score(actor=commune_officer, cluster=cluster, unit=other_commune,
                          score="88", note="Thiếu biên bản kiểm tra")
    services.review_score(actor=province_officer, cluster=cluster, unit=commune, score="95")
    # Changing the self-score after review sends it back for review.
    row = services.score_self(actor=outsider, cluster=cluster, unit=other_commune,
                              score="90", evidence="Bổ sung biên bản")
    assert row.reviewed_score is None


def test_published_ranking_is_frozen(
    cluster: Cluster, commune: OrgUnit, other_commune: OrgUnit, outsider: User,
    commune_officer: User, province_officer: User,
) -> None:
    services.score_self(actor=outsider, cluster=cluster, unit=other_commune, score="92",
                        evidence="Báo cáo")
    with pytest.raises(ValidationFailed):  # members without a reviewed score
        services.publish_ranking(actor=province_officer, cluster=cluster)
    services.score_self(actor=commune_officer, cluster=cluster, unit=commune, score="95",
                        evidence="Báo cáo")
    services.review_score(actor=commune_officer, cluster=cluster, unit=other_commune,
                          score="92")
    services.review_score(actor=province_officer, cluster=cluster, unit=commune, score="95")
    with pytest.raises(PermissionDenied):
        services.publish_ranking(actor=commune_officer, cluster=cluster)
    services.publish_ranking(actor=province_officer, cluster=cluster)

    with pytest.raises(Conflict):
        services.score_self(actor=outsider, cluster=cluster, unit=other_commune, score="99",
                            evidence="Sửa sau công bố")
    with pytest.raises(Conflict):
        services.review_score(actor=commune_officer, cluster=cluster, unit=other_commune,
                              score="99", note="Sửa")
    client = Client()
    assert client.login(username=outsider.username, password=PASSWORD)
    url = reverse("movements:cluster_self_score",
                  args=[cluster.movement_id, cluster.pk, other_commune.pk])
    response = client.post(url, {"score": "99", "evidence": "Gửi thẳng"}, follow=True)
    assert "không thể thay đổi" in response.content.decode()
    assert ClusterScore.objects.get(unit=other_commune).self_score == Decimal("92.00")
    event = AuditEvent.objects.get(action="movements.cluster_publish")
    assert event.data["ranking"] == [[commune.code, "95.00", 1], [other_commune.code, "92.00", 2]]
