"""`vinhdanh import ledger FILE`: bring a spreadsheet of past records into the ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.records.spreadsheet.importer import import_ledger


class Command(BaseCommand):
    help = "Import people, households and past achievements from the ledger workbook (.xlsx)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True,
                            help="username of the officer the import is recorded against")
        parser.add_argument("--clean-rows-only", action="store_true",
                            help="write the rows without problems and skip the others")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        path: Path = options["file"]
        try:
            actor = User.objects.get(username=options["user"])
        except User.DoesNotExist as exc:
            raise CommandError(_("No user “%(name)s”.") % {"name": options["user"]}) from exc
        if not path.is_file():
            raise CommandError(_("No file %(path)s.") % {"path": path})
        try:
            result = import_ledger(actor=actor, file_name=path.name, data=path.read_bytes(),
                                   clean_rows_only=options["clean_rows_only"])
        except ValidationFailed as exc:
            raise CommandError(exc.message) from exc
        if result.already_imported:
            self.stdout.write(_("This file was already imported; nothing changed."))
            return
        for problem in result.problems:
            self.stdout.write(str(problem))
        if not result.written:
            raise CommandError(_("%(count)s problem(s) found; nothing was written.")
                               % {"count": len(result.problems)})
        self.stdout.write(_(
            "Imported: %(people)s people, %(households)s households, %(entries)s entries "
            "(%(existing)s already in the ledger, %(skipped)s rows skipped).") % {
            "people": result.people_created, "households": result.households_created,
            "entries": result.entries_created, "existing": result.entries_existing,
            "skipped": result.skipped_rows})
