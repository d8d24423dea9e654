"""Writes of eligibility: starting a sweep and computing it in the background."""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.eligibility.bulk import insert_rows
from vinhdanh.eligibility.engine import NoRuleSetError, SubjectHistory
from vinhdanh.eligibility.evaluation import NOT_ELIGIBLE, AwardCheck, Evaluator
from vinhdanh.eligibility.history import (
    COLLECTIVE,
    HOUSEHOLD,
    INDIVIDUAL,
    SubtreeData,
    load_subtree,
)
from vinhdanh.eligibility.models import ResultKind, SweepResult, SweepRun, SweepStatus
from vinhdanh.eligibility.rulebook import RuleBookSource, load_rule_source
from vinhdanh.people.models import Household, Person
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

#: Subjects evaluated between two progress updates and two bulk inserts (each batch is
#: one transaction; a province of 100,000 people still updates its bar some 65 times).
BATCH_SIZE = 2000
CACHE_LIMIT = 20_000
EARLIEST_YEAR = 2024  # the first year a catalogued rule set covers (Decree 98/2023)


def run_sweep(
    *, actor: User | AnonymousUser, unit: OrgUnit, year: int,
    decision_date: dt.date | None = None,
) -> SweepRun:
    """Start a sweep of `unit`'s subtree for `year`; the work runs as a background task."""
    ensure_can(actor, Action.CHECK_ELIGIBILITY, unit)
    if not isinstance(actor, User):
        raise PermissionDenied
    today = timezone.localdate()
    if not EARLIEST_YEAR <= year <= today.year + 1:
        raise ValidationFailed(
            _("Year: %(year)s is outside %(low)s–%(high)s, the years the rule sets cover.")
            % {"year": year, "low": EARLIEST_YEAR, "high": today.year + 1},
            field="year",
        )
    with transaction.atomic():
        run = SweepRun.objects.create(
            unit=unit, year=year, decision_date=decision_date or dt.date(year, 12, 31),
            started_by=actor,
        )
        record_event(actor=actor, action="eligibility.sweep_started", target=run,
                     unit_path=unit.path, data={"unit": unit.pk, "year": year})
    # The database backend's task row commits with (or after) the run row, so a worker
    # always finds the run; the immediate backend (tests) computes it right here. The
    # task module imports this one, hence the local import.
    from vinhdanh.eligibility.tasks import sweep_task

    sweep_task.enqueue(run.pk)
    run.refresh_from_db()
    return run


def _names(prefix: str) -> dict[tuple[str, int], str]:
    """Display names of every subject of a subtree, read with three streaming queries."""
    names: dict[tuple[str, int], str] = {}
    for pk, name in Person.objects.filter(unit__path__startswith=prefix).values_list(
        "pk", "full_name"
    ).iterator(chunk_size=5000):
        names[(INDIVIDUAL, pk)] = name
    for pk, code, head in Household.objects.filter(unit__path__startswith=prefix).values_list(
        "pk", "code", "head__full_name"
    ).iterator(chunk_size=5000):
        names[(HOUSEHOLD, pk)] = f"{code} — {head}"
    for pk, name in OrgUnit.objects.filter(path__startswith=prefix).values_list(
        "pk", "name"
    ).iterator(chunk_size=5000):
        names[(COLLECTIVE, pk)] = name
    return names


def result_rows(run_id: int, kind: str, pk: int, name: str,
                checks: list[AwardCheck]) -> Iterator[dict[str, object]]:
    """Yield the rows worth storing for one subject: eligible, to confirm, missing one."""
    subject_fk = {INDIVIDUAL: "person_id", HOUSEHOLD: "household_id",
                  COLLECTIVE: "collective_id"}[kind]
    for check in checks:
        if check.result == NOT_ELIGIBLE:
            continue
        missing = check.missing_line
        yield {
            "run_id": run_id, "subject_kind": kind, "subject_name": name[:255],
            "award_code": check.award_code, "award_name": check.award_name[:255],
            "kind": check.result,
            "missing": missing.text_vi if missing else "",
            "missing_basis": missing.legal_basis[:255] if missing else "",
            "to_confirm": check.to_confirm_vi
            if check.result == ResultKind.NEEDS_CONFIRMATION else "",
            subject_fk: pk,
        }


class VerdictCache:
    """Reuse the checks of an identical history: subjects with the same attributes and
    the same counted record get the same verdicts, and ledgers repeat a lot."""

    def __init__(self, evaluator: Evaluator) -> None:
        self.evaluator = evaluator
        self.cache: dict[SubjectHistory, list[AwardCheck]] = {}
        self.hits = 0

    def check(self, history: SubjectHistory) -> list[AwardCheck]:
        subject = history.subject
        key = SubjectHistory(
            subject=type(subject)(kind=subject.kind, category=subject.category,
                                  unit_type=subject.unit_type,
                                  employment_start=subject.employment_start,
                                  gender=subject.gender),
            record=history.record, members=history.members,
        )
        found = self.cache.get(key)
        if found is not None:
            self.hits += 1
            return found
        checks = self.evaluator.check(history)
        if len(self.cache) >= CACHE_LIMIT:
            # Bounded memory over a province: a fresh cache keeps the common histories.
            self.cache.clear()
        self.cache[key] = checks
        return checks


def compute_sweep(run: SweepRun, *, store: bool = True) -> Counter[str]:
    """Evaluate every subject of the run's subtree and store the rows worth acting on.

    Stored: one row per subject and award that is eligible, awaits a person's
    confirmation, or misses exactly one condition — what the page lists and exports.
    Plain refusals (two or more conditions missing) are only counted in `run.counts`:
    the page offers no filter that would show them, so its filters and counts stay
    true. Condition texts are written only for the stored rows (engine.outcome.Outcome).

    Queries: the catalogue (3), the subtree (9 streaming), names (3), then per batch of
    BATCH_SIZE subjects one bulk insert and one progress update; none per subject.
    """
    unit = run.unit
    source = load_rule_source(units=[unit], on=dt.date(run.year, 12, 31))
    data = load_subtree(unit, year=run.year, on=run.decision_date)
    # The loaded province (millions of record objects) lives until the end of the sweep;
    # without freezing it, every full collection of the cycle collector walks all of it
    # again while the engine allocates its short-lived verdicts.
    gc.freeze()
    try:
        return _evaluate_all(run, unit, source, data, store=store)
    finally:
        gc.unfreeze()


def _evaluate_all(run: SweepRun, unit: OrgUnit, source: RuleBookSource, data: SubtreeData, *,
                  store: bool) -> Counter[str]:
    subjects = list(data.subjects())
    SweepRun.objects.filter(pk=run.pk).update(
        status=SweepStatus.RUNNING, total=len(subjects), processed=0,
        rules_source="catalogue" if source.from_catalogue else "bundled",
    )
    names = _names(unit.path) if store else {}
    counts: Counter[str] = Counter()
    caches: dict[int, VerdictCache] = {}
    batch: list[dict[str, object]] = []
    for index, (kind, pk) in enumerate(subjects, start=1):
        book = source.book_for(data.subject_paths.get((kind, pk), unit.path))
        cache = caches.get(id(book))
        if cache is None:
            cache = VerdictCache(Evaluator(book, year=run.year, decision_date=run.decision_date))
            caches[id(book)] = cache
        checks = cache.check(data.history(kind, pk))
        counts.update(check.result for check in checks)
        if store:
            batch.extend(result_rows(run.pk, kind, pk, names.get((kind, pk), ""), checks))
        if index % BATCH_SIZE == 0 or index == len(subjects):
            # One commit per batch: in autocommit every insert statement was its own
            # transaction, and on SQLite each commit waits for the disk.
            with transaction.atomic():
                if batch:
                    insert_rows(SweepResult, batch)
                    batch = []
                SweepRun.objects.filter(pk=run.pk).update(processed=index)
    counts["subjects"] = len(subjects)
    counts["cache_hits"] = sum(cache.hits for cache in caches.values())
    counts["rows_loaded"] = data.rows_loaded
    return counts


def execute_sweep(run_id: int) -> None:
    """Compute a queued sweep; a failure is recorded on the run, never lost."""
    run = SweepRun.objects.select_related("unit").get(pk=run_id)
    try:
        counts = compute_sweep(run)
    except NoRuleSetError:
        SweepRun.objects.filter(pk=run.pk).update(
            status=SweepStatus.FAILED, finished_at=timezone.now(),
            error=_("No rule set is in force for %(year)s.") % {"year": run.year},
        )
        return
    except Exception as exc:
        SweepRun.objects.filter(pk=run.pk).update(
            status=SweepStatus.FAILED, finished_at=timezone.now(), error=str(exc)[:2000],
        )
        raise
    SweepRun.objects.filter(pk=run.pk).update(
        status=SweepStatus.DONE, finished_at=timezone.now(), counts=dict(counts),
    )
