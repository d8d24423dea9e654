"""The history generator: plausible, mostly rule-abiding, idempotent per seed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.records.generator import generate_history
from vinhdanh.records.models import Entry, EntryKind
from vinhdanh.records.tests.conftest import make_person
from vinhdanh.units.models import OrgUnit


def test_generated_history_follows_the_rules_mostly_and_is_idempotent(
    commune_officer: User, outsider: User, commune: OrgUnit
) -> None:
    people = [make_person(commune, f"Người Số {i}", dt.date(1980, 1, 1 + i)) for i in range(20)]
    with pytest.raises(PermissionDenied):
        generate_history(actor=outsider, people=people, years=range(2015, 2025), seed=1)
    result = generate_history(actor=commune_officer, people=people, years=range(2015, 2025),
                              seed=1)
    assert result.created
    assert result.entries == Entry.objects.count() > 200
    ratings = Entry.objects.filter(kind=EntryKind.TASK_RATING).count()
    assert ratings == 20 * 10
    titles = Entry.objects.filter(kind=EntryKind.TITLE).values_list("person_id", "year")
    rating_of = dict(((p, y), r) for p, y, r in Entry.objects.filter(
        kind=EntryKind.TASK_RATING).values_list("person_id", "year", "rating"))
    breaking = [t for t in titles if rating_of[t] not in ("good", "excellent")]
    assert len(breaking) <= 0.15 * len(titles)
    again = generate_history(actor=commune_officer, people=people, years=range(2015, 2025),
                             seed=1)
    assert not again.created
    assert Entry.objects.count() == result.entries
