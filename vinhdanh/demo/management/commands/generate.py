"""`vinhdanh generate --people N --seed S [--province CODE]`: a synthetic demo province."""

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

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["people"]
        if count < 1:
            raise CommandError(_("--people must be at least 1."))
        try:
            result = generate_province(people=count, seed=options["seed"],
                                       province_code=options["province"])
        except ProvinceNotImported as exc:
            raise CommandError(exc.message) from exc
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
