"""The hash chain: each event hashes identically when read back, and verifies."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from vinhdanh.audit.models import AuditEvent, ChainHead
from vinhdanh.audit.services import GENESIS_HASH, canonical_time, record_event, verify_chain


def test_events_chain_and_verify_after_reading_back(commune_officer, commune):
    with transaction.atomic():
        first = record_event(actor=commune_officer, action="test.one", target=commune,
                             unit_path=commune.path, data={"tên": "Hà Nam", "n": 3})
        second = record_event(actor=None, action="test.two",
                              data={"when": dt.date(2026, 1, 2), "amount": Decimal("2340000"),
                                    "ratio": 0.1, "big": 1e20, "nested": {"b": [1, 2], "a": None}})
    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert second.actor_label == "system"
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (2, second.hash)
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.data["big"] == "1e+20"  # floats are kept as text, portable across databases
    report = verify_chain()
    assert (report.ok, report.checked) == (True, 2)


def test_microseconds_survive_the_round_trip(db, time_machine):
    moment = dt.datetime(2026, 5, 1, 1, 2, 3, 456789, tzinfo=dt.UTC)
    time_machine.move_to(moment, tick=False)
    with transaction.atomic():
        event = record_event(actor=None, action="test.time")
    stored = AuditEvent.objects.get(pk=event.pk)
    assert canonical_time(stored.occurred_at) == "2026-05-01T01:02:03.456789Z"
    assert verify_chain().ok


def test_record_event_outside_a_transaction_is_refused(transactional_db):
    with pytest.raises(RuntimeError):
        record_event(actor=None, action="test.loose")


def test_a_rolled_back_change_leaves_no_event(db):
    def change_that_fails() -> None:
        with transaction.atomic():
            record_event(actor=None, action="test.rolled_back")
            raise ValueError("boom")

    with pytest.raises(ValueError, match="boom"):
        change_that_fails()
    assert not AuditEvent.objects.exists()
    assert verify_chain().ok


def test_empty_log_verifies(db):
    report = verify_chain()
    assert (report.ok, report.checked) == (True, 0)
