"""Synthetic achievement histories for demos and benchmarks (`vinhdanh generate --years Y`).

Titles follow the Law's main rules most of the time — Advanced Worker needs a rating of
"good" or better (Law 06/2022 Art. 24), a grassroots emulation fighter also needs an
"excellent" rating or a recognised initiative (Art. 23), nobody is awarded in a year of
discipline (Art. 4(4)) — and break them in about one case in twenty, so that the
eligibility engine has something to find.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.people.models import Person
from vinhdanh.records.bulk import insert_entries
from vinhdanh.records.models import EntryKind, ImportBatch
from vinhdanh.records.rules import EntryData, natural_key
from vinhdanh.units.models import OrgUnit

RULE_BREAK_RATE = 0.05


@dataclass(frozen=True)
class GeneratedHistory:
    batch: ImportBatch
    entries: int
    created: bool


def _ratings(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.25:
        return "excellent"
    if roll < 0.85:
        return "good"
    return "completed" if roll < 0.98 else "not_completed"


def _person_year(rng: random.Random, year: int, previous_fighter: int) -> tuple[
        list[EntryData], int]:
    """Return one person's entries for `year` and their run of fighter titles."""
    out: list[EntryData] = []
    if rng.random() < 0.005:
        start = dt.date(year, rng.randint(1, 10), 1)
        out.append(EntryData(kind=EntryKind.DISCIPLINE, year=year, discipline_level="reprimand",
                             start=start, end=start + dt.timedelta(days=365)))
        out.append(EntryData(kind=EntryKind.TASK_RATING, year=year, rating="not_completed"))
        return out, 0
    rating = _ratings(rng)
    out.append(EntryData(kind=EntryKind.TASK_RATING, year=year, rating=rating))
    initiative = rating == "excellent" and rng.random() < 0.4
    if initiative:
        out.append(EntryData(
            kind=EntryKind.INITIATIVE, year=year, title=f"Sáng kiến cải tiến quy trình {year}",
            scope="grassroots", effect=rng.choice(["recognized", "applied"]),
            recognized_by="Hội đồng sáng kiến cơ sở", date=dt.date(year, 11, 15)))
    breaks_rule = rng.random() < RULE_BREAK_RATE
    good = rating in ("excellent", "good")
    fighter = 0
    if (good or breaks_rule) and rng.random() < 0.9:
        if (rating == "excellent" or initiative) and rng.random() < 0.5:
            out.append(EntryData(kind=EntryKind.TITLE, year=year,
                                 award_code="chien_si_thi_dua_co_so"))
            fighter = previous_fighter + 1
        else:
            out.append(EntryData(kind=EntryKind.TITLE, year=year,
                                 award_code="lao_dong_tien_tien"))
    if fighter == 2 and rng.random() < 0.5:
        # Two consecutive grassroots fighter titles typically lead to a certificate of merit.
        out.append(EntryData(kind=EntryKind.COMMENDATION, year=year + 1,
                             award_code="bang_khen_bo_tinh", date=dt.date(year + 1, 3, 1)))
    elif good and rng.random() < 0.08:
        out.append(EntryData(kind=EntryKind.COMMENDATION, year=year, award_code="giay_khen",
                             date=dt.date(year, 12, 20)))
    return out, fighter


def generate_history(*, actor: User, people: Sequence[Person], years: Sequence[int],
                     seed: int) -> GeneratedHistory:
    """Write a plausible history for `people` over `years`; the same call twice adds nothing."""
    today = timezone.localdate()
    years = [y for y in years if y < today.year]
    fingerprint = hashlib.sha256(
        f"generate:{seed}:{years}:{sorted(p.pk for p in people)}".encode()
    ).hexdigest()
    existing = ImportBatch.objects.filter(sha256=fingerprint).first()
    if existing is not None or not people:
        return GeneratedHistory(existing or ImportBatch(), 0, False)
    rng = random.Random(seed)
    rows: list[dict[str, Any]] = []
    units = OrgUnit.objects.in_bulk({p.unit_id for p in people})
    for each in units.values():
        ensure_can(actor, Action.CHANGE_PERSON, each)
    with transaction.atomic():
        unit = min(units.values(), key=lambda u: u.depth)
        batch = ImportBatch.objects.create(
            file_name=f"generated (seed {seed})", sha256=fingerprint, unit=unit,
            imported_by=actor, imported_at=timezone.now(), options={"generated": True},
        )
        for person in people:
            run = 0
            for year in sorted(years):
                entries, run = _person_year(rng, year, run)
                for data in entries:
                    if data.year >= today.year:
                        continue
                    rows.append({"person_id": person.pk, **data.as_model_fields(),
                                 "unit_id": person.unit_id, "import_batch_id": batch.pk,
                                 "recorded_by_id": actor.pk,
                                 "natural_key": natural_key(f"p:{person.pk}", data)})
        unique = {row["natural_key"]: row for row in rows}
        insert_entries(list(unique.values()))
        batch.summary = {"entries_created": len(unique), "people": len(people)}
        batch.save(update_fields=["summary", "updated_at"])
        record_event(actor=actor, action="records.history_generated", target=batch,
                     unit_path=unit.path, data={"seed": seed, "entries": len(unique)})
    return GeneratedHistory(batch, len(unique), True)
