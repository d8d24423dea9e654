"""`vinhdanh movements remind CODE --period P`: e-mail the units that owe a report.

Meant for cron: a unit reminded today is skipped, so running it again the same day
sends nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vinhdanh.movements.models import Movement
from vinhdanh.movements.periods import InvalidPeriod, parse_period
from vinhdanh.movements.services.reminders import send_reminders
from vinhdanh.units.models import OrgUnit

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "E-mail the officers of every unit that has not submitted its report for a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code")
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", default=None,
                            help="code of the unit whose subtree is reminded (default: the "
                                 "launching unit)")

    def handle(self, *args: Any, **options: Any) -> None:
        movement = Movement.objects.select_related("launched_by").filter(
            code=options["code"]).first()
        if movement is None:
            raise CommandError(_("No movement with code %(code)s.") % {"code": options["code"]},
                               returncode=INVALID_INPUT)
        try:
            period = parse_period(options["period"])
        except InvalidPeriod:
            raise CommandError(_("%(period)s is not a period: write 2024, 2025-H1, 2025-Q2 or "
                                 "2025-05.") % {"period": options["period"]},
                               returncode=INVALID_INPUT) from None
        root = movement.launched_by
        if options["unit"]:
            found = next((u for u in OrgUnit.objects.filter(
                code=options["unit"], path__startswith=movement.launched_by.path)
                if u.is_valid_on(period.end)), None)
            if found is None:
                raise CommandError(_("No unit with code %(code)s in this movement.")
                                   % {"code": options["unit"]}, returncode=INVALID_INPUT)
            root = found
        result = send_reminders(actor=None, movement=movement, root=root, period=period,
                                whole_subtree=True)
        self.stdout.write(
            _("%(sent)d unit(s) reminded, %(skipped)d already reminded today, %(missing)d "
              "without an e-mail address.")
            % {"sent": len(result.reminded), "skipped": len(result.skipped_today),
               "missing": len(result.without_address)})
        for unit in result.without_address:
            self.stderr.write(_("No officer with an e-mail address at %(unit)s (%(code)s).")
                              % {"unit": unit.name, "code": unit.code})
