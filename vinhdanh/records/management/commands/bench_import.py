"""`vinhdanh bench import --rows N`: our import speed against a bare openpyxl read."""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from vinhdanh.accounts.models import User
from vinhdanh.records.spreadsheet.bench import bare_read, make_bench_file
from vinhdanh.records.spreadsheet.importer import import_ledger
from vinhdanh.units.models import OrgUnit


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the ledger import of a synthetic workbook; nothing is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--user", required=True, help="an officer of the unit")
        parser.add_argument("--unit", required=True, help="code of the unit the rows belong to")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = User.objects.filter(username=options["user"]).first()
        unit = OrgUnit.objects.filter(code=options["unit"], valid_to__isnull=True).first()
        if actor is None or unit is None:
            raise CommandError("Unknown user or unit.")
        data = make_bench_file(rows=options["rows"], unit_code=unit.code)
        rows, bare_seconds = bare_read(data)
        # CPU time, not wall time: a shared server's load would otherwise decide the ratio.
        start = time.process_time()
        wall = time.perf_counter()
        try:
            with transaction.atomic():
                result = import_ledger(actor=actor, file_name="bench.xlsx", data=data)
                raise Rollback
        except Rollback:
            pass
        ours = time.process_time() - start
        wall = time.perf_counter() - wall
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(
            f"rows={rows} problems={len(result.problems)} entries={result.entries_created}\n"
            f"openpyxl: {rows / bare_seconds:,.0f} rows/s ({bare_seconds:.1f} s)\n"
            f"import:   {rows / ours:,.0f} rows/s ({ours:.1f} s CPU, {wall:.1f} s wall), "
            f"ratio {bare_seconds / ours:.2f}, peak memory {peak_mb:,.0f} MB"
        )
