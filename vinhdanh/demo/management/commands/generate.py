"""`vinhdanh generate --people N --seed S [--province CODE] [--years Y]`: a synthetic province."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vinhdanh.people.generator.run import DEFAULT_PROVINCE, ProvinceNotImported, generate_province


class Command(BaseCommand):
    help = "Generate a deterministic synthetic population under an imported province."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--people", type=int, required=True, help="number of persons")
        parser.add_argument("--seed", type=int, default=1,
                            help="random seed (same seed, same data)")
        parser.add_argument("--province", default=DEFAULT_PROVINCE,
                            help="province code, default 37 (Ninh Bình)")
        parser.add_argument("--years", type=int, default=0,
                            help="also write Y past years of achievement history per person")
        parser.add_argument("--as", dest="acting_user", default="",
                            help="username recorded as the author of the history (default: a "
                                 "system administrator of the province)")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["people"]
        if count < 1:
            raise CommandError(_("--people must be at least 1."))
        try:
            result = generate_province(people=count, seed=options["seed"],
                                       province_code=options["province"])
        except ProvinceNotImported as exc:
            raise CommandError(exc.message) from exc
        if options["years"] > 0:
            self._history(result.run.province_code, options["years"], options["seed"],
                          options["acting_user"])
        if not result.created:
            self.stdout.write(
                _("Synthetic data for province %(code)s with seed %(seed)d already exists "
                  "(%(people)d people); nothing was added.")
                % {"code": result.run.province_code, "seed": result.run.seed,
                   "people": result.run.people}
            )
            return
        self.stdout.write(self.style.SUCCESS(
            _("Generated %(people)d people, %(households)d households, %(employments)d "
              "employment records and %(units)d units in %(seconds).1f s.")
            % {"people": result.people, "households": result.households,
               "employments": result.employments, "units": result.units,
               "seconds": result.seconds}
        ))

    def _history(self, province_code: str, years: int, seed: int, username: str) -> None:
        from vinhdanh.demo.history import write_history

        try:
            written = write_history(province_code=province_code, years=years, seed=seed,
                                    username=username)
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            _("Achievement history: %(entries)d ledger entries over %(years)d years.")
            % {"entries": written, "years": years}
        ))
