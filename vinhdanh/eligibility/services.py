"""Writes of eligibility: starting a sweep and computing it in the background."""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.eligibility.engine import NoRuleSetError, RuleBook, SubjectHistory
from vinhdanh.eligibility.evaluation import AwardCheck, Evaluator
from vinhdanh.eligibility.forked import fork_map
from vinhdanh.eligibility.history import (
    COLLECTIVE,
    HOUSEHOLD,
    INDIVIDUAL,
    SubtreeData,
    load_subtree,
)
from vinhdanh.eligibility.models import SweepResult, SweepRun, SweepStatus
from vinhdanh.eligibility.rulebook import RuleBookSource, load_rule_source
from vinhdanh.eligibility.sweep_rows import (
    RESULT_COLUMNS,
    GroupKey,
    Row,
    group_rows,
    profile_of,
    subject_rows,
)
from vinhdanh.people.models import Household, Person
from vinhdanh.records.bulk import insert_tuples
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

#: Subjects evaluated between two progress updates and two bulk inserts (each batch is
#: one transaction; a province of 100,000 people still updates its bar some 65 times).
BATCH_SIZE = 2000
#: Histories of at most this many entries (and no members) are looked up before being
#: evaluated: new staff and households with a year or two of entries repeat across a
#: province, and hashing a few entries costs far less than thirty award types. Longer
#: records are nearly all distinct (7 repeats among 14,352 subjects with 20-year
#: histories) and hashing them cost more than the whole evaluation saved, so they are not.
SHORT_RECORD = 4
SHORT_LIMIT = 20_000
#: Allocations between two collections of the youngest generation during a sweep.
SWEEP_GC_THRESHOLD = 50_000
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


def compute_sweep(run: SweepRun, *, store: bool = True) -> Counter[str]:
    """Evaluate every subject of the run's subtree and store the rows worth acting on.

    Stored: one row per subject and award that is eligible, awaits a person's
    confirmation, or misses exactly one condition — what the page lists and exports —
    except award types decided by who the subject is alone, whose eligible and
    to-confirm verdicts get one row per group of alike subjects (sweep_rows). Plain
    refusals (two or more conditions missing) are only counted in `run.counts`:
    the page offers no filter that would show them, so its filters and counts stay
    true. Condition texts are written only for the stored rows (engine.outcome.Outcome).

    Queries: the catalogue (3), the subtree (9 streaming), names (3), then per batch of
    BATCH_SIZE subjects one bulk insert and one progress update, and one insert of the
    group rows; none per subject.
    """
    unit = run.unit
    source = load_rule_source(units=[unit], on=dt.date(run.year, 12, 31))
    data = load_subtree(unit, year=run.year, on=run.decision_date)
    # The loaded province (millions of record objects) lives until the end of the sweep;
    # without freezing it, every full collection of the cycle collector walks all of it
    # again while the engine allocates its short-lived verdicts.
    gc.freeze()
    # The engine makes millions of short-lived objects (lines, outcomes) and few cycles:
    # collecting the young generation every 700 allocations took some 5% of a sweep.
    # Workers forked below inherit the setting; memory stays bounded by the threshold.
    thresholds = gc.get_threshold()
    gc.set_threshold(SWEEP_GC_THRESHOLD, *thresholds[1:])
    try:
        return _evaluate_all(run, unit, source, data, store=store)
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


#: What one batch gives back: rows to store, groups counted, results counted.
BatchResult = tuple[list[Row], Counter[GroupKey], Counter[str]]


class _BatchJudge:
    """Evaluate one batch of subjects: the rows to store and the counts of each result.

    Runs in the sweep's process or in a forked worker; it reads only what was loaded
    before (subtree, names, rule books) and keeps its own caches.
    """

    def __init__(self, run: SweepRun, source: RuleBookSource, data: SubtreeData,
                 names: dict[tuple[str, int], str], *, store: bool) -> None:
        self.run_id, self.year, self.decision_date = run.pk, run.year, run.decision_date
        self.root_path = run.unit.path
        self.source, self.data, self.names, self.store = source, data, names, store
        self.evaluators: dict[int, Evaluator] = {}
        self.short: dict[tuple[int, object, object], list[AwardCheck]] = {}

    def evaluator(self, book: RuleBook) -> Evaluator:
        evaluator = self.evaluators.get(id(book))
        if evaluator is None:
            evaluator = Evaluator(book, year=self.year, decision_date=self.decision_date,
                                  sort_only=True)
            self.evaluators[id(book)] = evaluator
        return evaluator

    def check(self, book: RuleBook, history: SubjectHistory) -> list[AwardCheck]:
        """The checks of one history; short member-less records are looked up first."""
        evaluator = self.evaluator(book)
        if len(history.record) > SHORT_RECORD or history.members:
            return evaluator.check(history)
        key = (id(book), replace(history.subject, ref=""), history.record)
        found = self.short.get(key)
        if found is None:
            found = evaluator.check(history)
            if len(self.short) >= SHORT_LIMIT:
                self.short.clear()
            self.short[key] = found
        return found

    def __call__(self, batch: list[tuple[str, int]]) -> BatchResult:
        rows: list[Row] = []
        groups: Counter[GroupKey] = Counter()
        counts: Counter[str] = Counter()
        data, names = self.data, self.names
        for kind, pk in batch:
            book = self.source.book_for(data.subject_paths.get((kind, pk), self.root_path))
            history = data.history(kind, pk)
            checks = self.check(book, history)
            counts.update(check.result for check in checks)
            if self.store:
                rows.extend(subject_rows(
                    self.run_id, kind, pk, names.get((kind, pk), ""), checks,
                    self.evaluator(book).profile_only, profile_of(history.subject), groups,
                ))
        return rows, groups, counts


def sweep_workers(subjects: int) -> int:
    """Processes to evaluate `subjects` with: one per core for a large subtree.

    Forking costs a few milliseconds and every worker warms its own caches, so a
    commune's sweep stays in one process (ELIGIBILITY_SWEEP_WORKERS caps or disables it).
    """
    wanted = settings.ELIGIBILITY_SWEEP_WORKERS or os.cpu_count() or 1
    if subjects < settings.ELIGIBILITY_PARALLEL_FROM:
        return 1
    return max(1, min(wanted, subjects // BATCH_SIZE))


def _evaluate_all(run: SweepRun, unit: OrgUnit, source: RuleBookSource, data: SubtreeData, *,
                  store: bool) -> Counter[str]:
    subjects = list(data.subjects())
    SweepRun.objects.filter(pk=run.pk).update(
        status=SweepStatus.RUNNING, total=len(subjects), processed=0,
        rules_source="catalogue" if source.from_catalogue else "bundled",
    )
    names = _names(unit.path) if store else {}
    batches = [subjects[i:i + BATCH_SIZE] for i in range(0, len(subjects), BATCH_SIZE)]
    judge = _BatchJudge(run, source, data, names, store=store)
    workers = sweep_workers(len(subjects))
    results = (fork_map(batches, judge, workers=workers) if workers > 1
               else map(judge, batches))
    counts: Counter[str] = Counter()
    groups: Counter[GroupKey] = Counter()
    processed = 0
    for batch, (rows, batch_groups, batch_counts) in zip(batches, results, strict=True):
        processed += len(batch)
        counts.update(batch_counts)
        groups.update(batch_groups)
        # One commit per batch: in autocommit every insert statement was its own
        # transaction, and on SQLite each commit waits for the disk.
        with transaction.atomic():
            if rows:
                insert_tuples(SweepResult, RESULT_COLUMNS, rows)
            SweepRun.objects.filter(pk=run.pk).update(processed=processed)
    if groups:
        insert_tuples(SweepResult, RESULT_COLUMNS, group_rows(run.pk, groups))
    counts["subjects"] = len(subjects)
    counts["rows_loaded"] = data.rows_loaded
    counts["workers"] = workers
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
