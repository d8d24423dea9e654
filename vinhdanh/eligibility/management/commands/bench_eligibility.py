"""`vinhdanh bench eligibility --people N --years Y`: the sweep against loading its rows.

Generates a synthetic province if needed (persons with `vinhdanh generate`, then `years`
of ledger entries), then times, on the database in use, (1) loading the effective ledger
rows of the whole province as the sweep does and (2) the full sweep over every award
type, stored as a SweepRun like one started from the page. Data is kept for later runs.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.eligibility import services
from vinhdanh.eligibility.bench_data import LAST_YEAR, generate_history
from vinhdanh.eligibility.history import INDIVIDUAL, ledger_rows, load_subtree
from vinhdanh.eligibility.models import SweepResult, SweepRun
from vinhdanh.people.generator.run import (
    DEFAULT_PROVINCE,
    ProvinceNotImported,
    find_province,
    generate_province,
)
from vinhdanh.records.models import Entry

BENCH_USER = "bench_eligibility"


class Command(BaseCommand):
    help = "Time an eligibility sweep of a synthetic province against loading its ledger."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--province", default=DEFAULT_PROVINCE)
        parser.add_argument("--year", type=int, default=LAST_YEAR,
                            help="evaluation year (default 2025)")

    def handle(self, *args: Any, **options: Any) -> None:
        people, years, seed = options["people"], options["years"], options["seed"]
        if people < 1 or years < 1:
            raise CommandError(_("--people and --years must be at least 1."))
        try:
            started = time.perf_counter()
            generated = generate_province(people=people, seed=seed,
                                          province_code=options["province"])
            people_seconds = time.perf_counter() - started
            province, _communes = find_province(options["province"])
        except ProvinceNotImported as exc:
            raise CommandError(exc.message) from exc
        actor = _bench_user(province)
        history = generate_history(root=province, years=years, seed=seed, actor=actor)
        if generated.created:
            self.stdout.write(f"people generated: {generated.people:,} in {people_seconds:.1f} s")
        if history.created:
            self.stdout.write(f"ledger generated: {history.entries:,} entries in "
                              f"{history.seconds:.1f} s")
        year = options["year"]

        # (a) the bare ledger rows of the province's persons, streamed, no conversion.
        started = time.perf_counter()
        bare = sum(1 for _row in ledger_rows(
            Entry.objects.filter(unit__path__startswith=province.path), INDIVIDUAL))
        bare_seconds = time.perf_counter() - started
        # (b) LOAD: everything the sweep reads, grouped into engine histories.
        started, cpu = time.perf_counter(), time.process_time()
        data = load_subtree(province, year=year)
        load_seconds = time.perf_counter() - started
        load_cpu = time.process_time() - cpu
        subjects = sum(1 for _ in data.subjects())
        rows = data.rows_loaded
        del data
        # The first lines are printed before the sweep starts: a province-sized sweep runs
        # for minutes, and what it is compared with is already known.
        vendor = connection.vendor
        line = "-" * 64
        self.stdout.write(line)
        self.stdout.write(f"database           {vendor}")
        self.stdout.write(f"people / years     {people:,} / {years}   evaluation year {year}")
        self.stdout.write(f"subjects           {subjects:,} (persons, households, units)")
        self.stdout.write(f"ledger rows        {rows:,} effective rows loaded")
        self.stdout.write(line)
        self.stdout.write(f"{'step':<32}{'wall s':>8}{'x load':>8}{'cpu s':>8}")
        self.stdout.write(f"{'bare person rows (' + format(bare, ',') + ')':<32}"
                          f"{bare_seconds:>8.2f}{bare_seconds / load_seconds:>8.2f}")
        self.stdout.write(f"{'LOAD ledger for the sweep':<32}{load_seconds:>8.2f}{1:>8.2f}"
                          f"{load_cpu:>8.2f}")
        self.stdout.flush()
        # (c) FULL SWEEP: load + evaluate every award type + store, as from the page.
        run = SweepRun.objects.create(unit=province, year=year,
                                      decision_date=dt.date(year, 12, 31), started_by=actor)
        started, cpu = time.perf_counter(), _cpu_seconds()
        services.execute_sweep(run.pk)
        sweep_seconds = time.perf_counter() - started
        # With the forked workers' time: the machine's work, not only this process's.
        sweep_cpu = _cpu_seconds() - cpu
        run.refresh_from_db()
        stored = SweepResult.objects.filter(run=run).count()
        counts = run.counts or {}
        self.stdout.write(f"{'FULL SWEEP (all award types)':<32}{sweep_seconds:>8.2f}"
                          f"{sweep_seconds / load_seconds:>8.2f}{sweep_cpu:>8.2f}")
        per_subject = sweep_seconds * 1000 / max(subjects, 1)
        self.stdout.write(f"{'  per subject (ms)':<32}{per_subject:>8.2f}")
        self.stdout.write(line)
        self.stdout.write(
            f"status {run.status}; stored rows {stored:,}; eligible "
            f"{counts.get('eligible', 0):,}, to confirm {counts.get('needs_confirmation', 0):,}"
            f", one condition short {counts.get('almost', 0):,}, not eligible "
            f"{counts.get('not_eligible', 0):,}; evaluated by "
            f"{counts.get('workers', 1)} process(es)"
        )
        target = "met" if sweep_seconds <= 3 * load_seconds else "NOT met"
        self.stdout.write(f"target sweep <= 3 x load: {target} "
                          f"(ratio {sweep_seconds / load_seconds:.1f})")


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the sweep's workers)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _bench_user(province: Any) -> User:
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(username=BENCH_USER, password=None,
                                        full_name="Benchmark")
        RoleGrant.objects.create(user=user, role=Role.SYSTEM_ADMIN, unit=province)
    return user
