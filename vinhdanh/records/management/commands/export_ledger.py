"""`vinhdanh export_ledger --unit CODE --user NAME FILE`: the ledger of a subtree as a workbook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.records.selectors import get_ledger_for_export
from vinhdanh.records.spreadsheet.writer import export_ledger
from vinhdanh.units.models import OrgUnit


class Command(BaseCommand):
    help = "Write the people, households and effective entries of a unit's subtree to a workbook."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="code of the unit (valid today)")
        parser.add_argument("--user", required=True, help="username whose scope applies")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        actor = User.objects.filter(username=options["user"]).first()
        unit = OrgUnit.objects.filter(code=options["unit"], valid_to__isnull=True).first()
        if actor is None or unit is None:
            raise CommandError(_("Unknown user or unit."))
        try:
            ledger = get_ledger_for_export(actor, unit)
        except Http404 as exc:
            raise CommandError(_("Unknown user or unit.")) from exc
        data = export_ledger(people=ledger.people, households=ledger.households,
                             entries=ledger.entries)
        options["file"].write_bytes(data)
        self.stdout.write(_("Written %(path)s.") % {"path": options["file"]})
