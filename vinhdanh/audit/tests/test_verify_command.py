"""`vinhdanh audit verify` passes on an intact log and names the first broken row."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from vinhdanh.audit.models import AuditEvent
from vinhdanh.audit.services import record_event


@pytest.fixture
def five_events(db) -> list[AuditEvent]:
    events = []
    for i in range(5):
        with transaction.atomic():
            events.append(record_event(actor=None, action=f"test.step{i}", data={"i": i}))
    return events


def run_verify() -> str:
    out = StringIO()
    call_command("audit_verify", "--chunk-size", "2", stdout=out)
    return out.getvalue()


def failure() -> str:
    with pytest.raises(CommandError) as caught:
        run_verify()
    assert caught.value.returncode == 1
    return str(caught.value)


def sql(statement: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_untouched_log_passes(five_events):
    assert "Chuỗi nhật ký toàn vẹn: 5 sự kiện" in run_verify()


def test_updated_middle_row_is_named(five_events):
    middle = five_events[2]
    sql("UPDATE audit_auditevent SET action = %s WHERE id = %s", ["test.forged", middle.pk])
    message = failure()
    assert f"seq 3 (id {middle.pk})" in message
    assert "bị sửa" in message


def test_updated_middle_row_with_recomputed_hash_breaks_the_next_link(five_events):
    middle = five_events[2]
    sql("UPDATE audit_auditevent SET hash = %s WHERE id = %s", ["f" * 64, middle.pk])
    message = failure()
    assert f"seq 3 (id {middle.pk})" in message


def test_deleted_middle_row_is_named(five_events):
    sql("DELETE FROM audit_auditevent WHERE id = %s", [five_events[2].pk])
    message = failure()
    assert "seq 3" in message
    assert "bị mất" in message
    assert f"id {five_events[3].pk}" in message


def test_deleted_newest_row_is_caught_by_the_head(five_events):
    sql("DELETE FROM audit_auditevent WHERE id = %s", [five_events[4].pk])
    message = failure()
    assert "seq 5" in message
    assert "bị mất" in message
    assert f"id {five_events[3].pk}" in message


def test_head_rewound_together_with_the_deleted_row(five_events):
    sql("DELETE FROM audit_auditevent WHERE id = %s", [five_events[4].pk])
    sql("UPDATE audit_chainhead SET last_seq = 4, last_hash = %s WHERE id = 1", ["0" * 64])
    message = failure()
    assert "seq 4" in message


def test_row_slipped_in_behind_the_head_is_named(five_events):
    sql(
        "INSERT INTO audit_auditevent (seq, occurred_at, actor_label, action, target_type, "
        "target_id, unit_path, data, prev_hash, hash) VALUES (6, %s, 'x', 'test.forged', '', '', "
        "'', '{}', %s, %s)",
        [five_events[4].occurred_at, five_events[4].hash, "e" * 64],
    )
    assert "seq 6" in failure()
