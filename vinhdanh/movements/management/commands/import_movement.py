"""`vinhdanh import movement FILE`: a movement, its indicators and values, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from vinhdanh.movements.imports import ImportRejected, import_movement

#: Exit status for a file refused as invalid (nothing written).
INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Import an emulation movement from a JSON or XLSX file (all or nothing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("File %(path)s not found.") % {"path": path},
                               returncode=INVALID_INPUT)
        try:
            summary = import_movement(content=path.read_bytes(), filename=path.name)
        except ImportRejected as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                _("The file was refused: %(count)d problem(s); nothing was written.")
                % {"count": len(exc.problems)}, returncode=INVALID_INPUT) from None
        if not summary.changed_anything:
            self.stdout.write(_("Movement %(code)s is already up to date; nothing changed.")
                              % {"code": summary.movement})
            return
        self.stdout.write(
            _("Movement %(code)s imported: %(indicators)d indicator(s) and %(rules)d rule(s) "
              "written, %(created)d value(s) added, %(changed)d changed.")
            % {"code": summary.movement, "indicators": summary.indicators_written,
               "rules": summary.rules_written, "created": summary.values_created,
               "changed": summary.values_changed})
