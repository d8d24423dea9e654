"""`vinhdanh movements progress CODE --unit U --as-of D`: indicators rolled up to a unit."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.movements import rollup
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit


def progress_as_json(progress: rollup.Progress) -> dict[str, Any]:
    """Return `progress` as plain JSON: numbers as decimal strings, None as null."""

    def text(value: object) -> str | None:
        return None if value is None else str(value)

    return {
        "movement": progress.movement.code,
        "unit": progress.unit.code,
        "as_of": progress.as_of.isoformat(),
        "indicators": [
            {"code": row.indicator.code, "name": row.indicator.name,
             "aggregation": row.indicator.aggregation, "value": text(row.value),
             "target": text(row.target), "percent_of_target": text(row.percent_of_target),
             "reporting_units": row.reporting_units}
            for row in progress.rows
        ],
    }


class Command(BaseCommand):
    help = "Print a movement's indicators rolled up to a unit as of a date."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--as-of", dest="as_of", default=None)
        parser.add_argument("--format", choices=["json", "text"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = (dt.date.fromisoformat(options["as_of"]) if options["as_of"]
                     else timezone.localdate())
        except ValueError:
            raise CommandError(_("--as-of needs a date like 2025-05-31."), returncode=2) from None
        movement = Movement.objects.select_related("launched_by").filter(
            code=options["code"]).first()
        if movement is None:
            raise CommandError(_("No movement with code %(code)s.") % {"code": options["code"]},
                               returncode=2)
        unit = next((u for u in OrgUnit.objects.filter(code=options["unit"])
                     if u.is_valid_on(as_of)), None)
        if unit is None:
            raise CommandError(_("No unit with code %(code)s on %(day)s.")
                               % {"code": options["unit"], "day": as_of.strftime("%d/%m/%Y")},
                               returncode=2)
        result = rollup.progress(movement, unit, as_of)
        if options["format"] == "json":
            self.stdout.write(json.dumps(progress_as_json(result), ensure_ascii=False, indent=2))
            return
        for row in result.rows:
            self.stdout.write(
                f"{row.indicator.code}\t{row.value if row.value is not None else '-'}\t"
                f"{row.target if row.target is not None else '-'}\t"
                f"{row.percent_of_target if row.percent_of_target is not None else '-'}\t"
                f"{row.reporting_units}")
