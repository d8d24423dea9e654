"""A synthetic, deterministic ledger for the eligibility benchmark.

The people generator (`vinhdanh generate`) makes persons, households and units; this adds
`years` of achievement records to them with bulk inserts, shaped like a real ledger: each
person has a steady performance level, so ratings and titles run in streaks, a few hold
initiatives, commendations or a discipline. Rows come from one import batch, so a second
run with the same parameters finds them and adds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from vinhdanh.accounts.models import User
from vinhdanh.people.models import Household, Person
from vinhdanh.records.bulk import insert_rows
from vinhdanh.records.models import Entry, EntryKind, ImportBatch
from vinhdanh.units.models import OrgUnit

LAST_YEAR = 2025
BATCH = 5000

# Probability of each rating for a person of each performance level.
LEVELS = (
    (("excellent", 0.70), ("good", 0.28), ("completed", 0.02)),
    (("excellent", 0.15), ("good", 0.75), ("completed", 0.10)),
    (("good", 0.45), ("completed", 0.50), ("not_completed", 0.05)),
)


@dataclass(frozen=True)
class HistoryResult:
    created: bool
    entries: int
    seconds: float


def _pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    roll = rng.random()
    for value, weight in table:
        roll -= weight
        if roll < 0:
            return value
    return table[-1][0]


def _person_rows(rng: random.Random, pk: int, unit_id: int, years: range
                 ) -> Iterator[dict[str, object]]:
    level = LEVELS[0 if rng.random() < 0.2 else 1 if rng.random() < 0.85 else 2]
    base = {"person_id": pk, "unit_id": unit_id}
    for year in years:
        rating = _pick(rng, level)
        yield {**base, "kind": EntryKind.TASK_RATING, "year": year, "rating": rating}
        if rating in ("excellent", "good") and rng.random() < 0.9:
            yield {**base, "kind": EntryKind.TITLE, "year": year,
                   "award_code": "lao_dong_tien_tien"}
            if rating == "excellent" and rng.random() < 0.5:
                yield {**base, "kind": EntryKind.TITLE, "year": year,
                       "award_code": "chien_si_thi_dua_co_so"}
        if rating == "excellent" and rng.random() < 0.15:
            yield {**base, "kind": EntryKind.INITIATIVE, "year": year,
                   "title": "Sáng kiến cải tiến", "date": dt.date(year, 11, 15),
                   "scope": rng.choice(("grassroots", "grassroots", "ministry_province")),
                   "effect": rng.choice(("applied", "applied_and_replicable"))}
        if rng.random() < 0.04:
            yield {**base, "kind": EntryKind.COMMENDATION, "year": year,
                   "award_code": "giay_khen", "date": dt.date(year, 12, 20)}
        if rng.random() < 0.005:
            yield {**base, "kind": EntryKind.DISCIPLINE, "year": year,
                   "discipline_level": "reprimand", "start": dt.date(year, 3, 1),
                   "end": dt.date(year + 1, 2, 28)}


def _household_rows(rng: random.Random, pk: int, unit_id: int, years: range
                    ) -> Iterator[dict[str, object]]:
    for year in years:
        if rng.random() < 0.8:
            yield {"household_id": pk, "unit_id": unit_id, "kind": EntryKind.TITLE,
                   "year": year, "award_code": "gia_dinh_van_hoa"}


def _unit_rows(rng: random.Random, pk: int, years: range) -> Iterator[dict[str, object]]:
    for year in years:
        rating = _pick(rng, LEVELS[1])
        yield {"collective_id": pk, "unit_id": pk, "kind": EntryKind.TASK_RATING,
               "year": year, "rating": rating}
        if rating != "completed":
            yield {"collective_id": pk, "unit_id": pk, "kind": EntryKind.TITLE, "year": year,
                   "award_code": "tap_the_lao_dong_tien_tien"}


def generate_history(*, root: OrgUnit, years: int, seed: int, actor: User) -> HistoryResult:
    """Add `years` of ledger entries (ending in 2025) to every subject under `root`."""
    key = hashlib.sha256(f"bench-eligibility:{root.pk}:{years}:{seed}".encode()).hexdigest()
    if ImportBatch.objects.filter(sha256=key).exists():
        return HistoryResult(created=False, entries=0, seconds=0.0)
    started = time.perf_counter()
    span = range(LAST_YEAR - years + 1, LAST_YEAR + 1)
    rng = random.Random(seed)
    count = 0
    with transaction.atomic():
        batch_row = ImportBatch.objects.create(
            file_name=f"bench-{years}y-seed{seed}.xlsx", sha256=key, unit=root,
            imported_by=actor, imported_at=timezone.now(), options={"bench": True},
        )
        common = {"import_batch_id": batch_row.pk, "recorded_by_id": actor.pk,
                  "operation": "record"}
        pending: list[dict[str, object]] = []

        def flush() -> None:
            insert_rows(Entry, pending)
            pending.clear()

        sources: list[Iterator[dict[str, object]]] = []
        people = Person.objects.filter(unit__path__startswith=root.path).order_by("pk")
        for pk, unit_id in people.values_list("pk", "unit_id").iterator(chunk_size=BATCH):
            sources.append(_person_rows(rng, pk, unit_id, span))
            if len(sources) >= 500:
                count += _drain(sources, pending, common, flush)
        households = Household.objects.filter(unit__path__startswith=root.path).order_by("pk")
        for pk, unit_id in households.values_list("pk", "unit_id").iterator(chunk_size=BATCH):
            sources.append(_household_rows(rng, pk, unit_id, span))
            if len(sources) >= 500:
                count += _drain(sources, pending, common, flush)
        units = OrgUnit.objects.filter(path__startswith=root.path).order_by("pk")
        for (pk,) in units.values_list("pk").iterator(chunk_size=BATCH):
            sources.append(_unit_rows(rng, pk, span))
        count += _drain(sources, pending, common, flush)
        flush()
    return HistoryResult(created=True, entries=count, seconds=time.perf_counter() - started)


def _drain(sources: list[Iterator[dict[str, object]]], pending: list[dict[str, object]],
           common: dict[str, object], flush: Callable[[], None]) -> int:
    count = 0
    for source in sources:
        for row in source:
            pending.append({**common, **row})
            count += 1
            if len(pending) >= BATCH:
                flush()
    sources.clear()
    return count
