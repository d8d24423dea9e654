"""Concurrent writers on PostgreSQL queue on the locked chain head: no fork, no gap."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from vinhdanh.audit.models import AuditEvent
from vinhdanh.audit.services import record_event, verify_chain

WRITERS = 8
EVENTS_EACH = 10


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql",
                    reason="SQLite serialises writers itself; the row lock matters on PostgreSQL")
def test_concurrent_writers_keep_one_unbroken_chain():
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        try:
            barrier.wait()
            for i in range(EVENTS_EACH):
                with transaction.atomic():
                    record_event(actor=None, action="test.concurrent",
                                 data={"worker": worker, "i": i})
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, WRITERS * EVENTS_EACH + 1))
    report = verify_chain()
    assert (report.ok, report.checked) == (True, WRITERS * EVENTS_EACH)
