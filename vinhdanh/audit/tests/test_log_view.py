"""The audit log page: scoped to the reader's subtree, paged by seq, in fixed queries."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from conftest import make_user
from vinhdanh.accounts.models import Role
from vinhdanh.accounts.testing import login_verified
from vinhdanh.audit.models import AuditEvent
from vinhdanh.audit.selectors import list_events
from vinhdanh.audit.services import record_event


def add_events(unit_path: str, count: int, action: str = "test.change") -> None:
    with transaction.atomic():
        for i in range(count):
            record_event(actor=None, action=action, unit_path=unit_path, data={"i": i})


def test_leader_reads_own_subtree_only(client, commune, other_commune):
    leader = make_user("chu_tich", Role.UNIT_LEADER, commune)
    neighbour = make_user("chu_tich_khac", Role.UNIT_LEADER, other_commune)
    add_events(commune.path, 2, "test.mine")
    add_events(other_commune.path, 1, "test.theirs")
    add_events("", 1, "test.global")

    login_verified(client, leader)
    html = client.get(reverse("accounts:audit_log")).content.decode()
    assert "test.mine" in html
    assert "test.theirs" not in html
    assert "test.global" not in html
    assert "Nhật ký hệ thống" in html

    assert {e.action for e in list_events(user=neighbour)} == {"test.theirs"}


def test_officer_without_view_audit_is_refused(client, commune_officer, commune):
    add_events(commune.path, 1)
    client.force_login(commune_officer)
    assert client.get(reverse("accounts:audit_log")).status_code == 403


def test_only_a_whole_tree_administrator_sees_events_without_a_unit(system_admin, commune):
    commune_admin = make_user("quan_tri_xa", Role.SYSTEM_ADMIN, commune)
    add_events(commune.path, 1, "test.commune")
    add_events("", 1, "test.global")
    assert {e.action for e in list_events(user=system_admin)} == {"test.commune", "test.global"}
    assert {e.action for e in list_events(user=commune_admin)} == {"test.commune"}


def test_pages_by_seq_with_fixed_queries(client, system_admin, province, settings,
                                         django_assert_num_queries):
    settings.PAGE_SIZE = 10
    add_events(province.path, 25)
    login_verified(client, system_admin)
    # 1 session, 2 user, 3 OTP device of the session, 4 grants (2FA check and scope),
    # 5 the page of events (one row more than the page, to know whether older ones exist)
    with django_assert_num_queries(5):
        first = client.get(reverse("accounts:audit_log"))
    page = first.context["page"]
    assert [e.seq for e in page.events] == list(range(25, 15, -1))
    assert page.older_than == 16

    with django_assert_num_queries(5):
        last = client.get(reverse("accounts:audit_log"), {"before": 6})
    assert [e.seq for e in last.context["page"].events] == [5, 4, 3, 2, 1]
    assert last.context["page"].older_than is None
    assert AuditEvent.objects.count() == 25
