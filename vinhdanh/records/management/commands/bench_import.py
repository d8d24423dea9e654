"""`vinhdanh bench import --rows N`: our import speed against a bare openpyxl read.

Without --user/--unit the bench creates a throwaway province and an emulation officer
inside its transaction; everything, including the imported rows, is rolled back.

The bare read is openpyxl's read-only mode iterating every value of every sheet. The
import opens the workbook with openpyxl too, but reads the rows of its sheets with
records.spreadsheet.fastrows, which returns the values openpyxl would (tested) faster.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.records.spreadsheet.bench import bare_read, make_bench_file
from vinhdanh.records.spreadsheet.importer import ImportResult, import_ledger
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

BENCH_CODE = "BENCH-IMPORT"


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the ledger import of a synthetic workbook; nothing is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--user", help="an officer of the unit (default: a throwaway one)")
        parser.add_argument("--unit", help="code of the unit the rows belong to "
                                           "(default: a throwaway province)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["rows"] < 1:
            raise CommandError(_("--rows must be at least 1."))
        timings: dict[str, float] = {}
        try:
            with transaction.atomic():
                actor, unit = _actor_and_unit(options["user"], options["unit"])
                data = make_bench_file(rows=options["rows"], unit_code=unit.code)
                rows, bare_cpu, bare_wall = bare_read(data)
                # CPU time as well as wall time: a shared server's load would otherwise
                # decide the ratio.
                cpu, wall = time.process_time(), time.perf_counter()
                result: ImportResult = import_ledger(actor=actor, file_name="bench.xlsx",
                                                     data=data)
                timings = {"cpu": time.process_time() - cpu, "wall": time.perf_counter() - wall}
                raise Rollback
        except Rollback:
            pass
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        ours_cpu, ours_wall = timings["cpu"], timings["wall"]
        self.stdout.write(
            f"rows={rows} problems={len(result.problems)} entries={result.entries_created} "
            f"database={connection.vendor}\n"
            f"openpyxl: {rows / bare_cpu:,.0f} rows/s ({bare_cpu:.1f} s CPU, "
            f"{bare_wall:.1f} s wall)\n"
            f"import:   {rows / ours_cpu:,.0f} rows/s ({ours_cpu:.1f} s CPU, "
            f"{ours_wall:.1f} s wall)\n"
            f"ratio (import speed / openpyxl speed): CPU {bare_cpu / ours_cpu:.2f}, "
            f"wall {bare_wall / ours_wall:.2f}; peak memory {peak_mb:,.0f} MB"
        )


def _actor_and_unit(username: str | None, code: str | None) -> tuple[User, OrgUnit]:
    if username or code:
        actor = User.objects.filter(username=username).first()
        unit = OrgUnit.objects.filter(code=code, valid_to__isnull=True).first()
        if actor is None or unit is None:
            raise CommandError(_("Unknown user or unit."))
        return actor, unit
    unit = insert_unit(code=BENCH_CODE, name="Tỉnh Thử Đo", kind=UnitKind.PROVINCE)
    actor = User.objects.create_user(username="bench_import", full_name="Bench import")
    RoleGrant.objects.create(user=actor, role=Role.EMULATION_OFFICER, unit=unit)
    return actor, unit
