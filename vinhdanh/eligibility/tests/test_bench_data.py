"""The benchmark's ledger generator: deterministic, idempotent, read by the sweep."""

from __future__ import annotations

from vinhdanh.accounts.models import User
from vinhdanh.eligibility.bench_data import generate_history
from vinhdanh.eligibility.history import load_subtree
from vinhdanh.eligibility.tests.conftest import make_person
from vinhdanh.records.models import Entry
from vinhdanh.units.models import OrgUnit


def test_history_generator_is_idempotent_and_loads_back(
    commune: OrgUnit, commune_officer: User
) -> None:
    for index in range(5):
        make_person(commune, f"Người {index}")
    first = generate_history(root=commune, years=4, seed=3, actor=commune_officer)
    assert first.created
    assert first.entries == Entry.objects.count() > 5 * 4
    again = generate_history(root=commune, years=4, seed=3, actor=commune_officer)
    assert not again.created
    assert Entry.objects.count() == first.entries
    data = load_subtree(commune, year=2025)
    assert data.rows_loaded == first.entries
    assert len(data.persons) == 5
    assert set(data.records["individual"]) == set(data.persons)
