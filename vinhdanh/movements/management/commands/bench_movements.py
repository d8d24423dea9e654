"""`vinhdanh bench movements --units N --indicators K --months M`: roll-up against bare SQL.

Builds a synthetic province inside a transaction, times `rollup.progress` and a bare
GROUP BY over the same rows, then rolls everything back: nothing is kept.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from vinhdanh.movements.bench import build, measure


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time the movement roll-up against a bare SQL aggregate; nothing is kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--units", type=int, default=1000)
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--months", type=int, default=60)
        parser.add_argument("--repeats", type=int, default=5)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                movement, root, as_of = build(units=options["units"],
                                              indicators=options["indicators"],
                                              months=options["months"])
                result = measure(movement, root, as_of, repeats=options["repeats"])
                raise Rollback
        except Rollback:
            pass
        self.stdout.write(
            f"values={result.values} units={options['units']} "
            f"indicators={options['indicators']} months={options['months']}\n"
            f"bare SQL:  {result.bare_seconds * 1000:,.1f} ms\n"
            f"progress:  {result.ours_seconds * 1000:,.1f} ms "
            f"(ratio {result.ours_seconds / result.bare_seconds:.2f}, best of {result.repeats})")
