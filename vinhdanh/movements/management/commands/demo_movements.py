"""`vinhdanh demo_movements`: the demo movements with the figures of the source articles.

Called by `vinhdanh demo` after the units are imported. Each movement goes through the
ordinary import, so a second run changes nothing.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from vinhdanh.movements.demo import DemoTreeMissing, demo_documents
from vinhdanh.movements.imports import ImportRejected, import_movement


class Command(BaseCommand):
    help = "Load the demo emulation movements of Ninh Bình (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            documents = demo_documents()
        except DemoTreeMissing as exc:
            raise CommandError(_("The unit tree lacks what the demo needs: %(reason)s. "
                                 "Run import_units first.") % {"reason": exc},
                               returncode=2) from None
        for document in documents:
            code = document["movement"]["code"]
            try:
                summary = import_movement(
                    content=json.dumps(document, ensure_ascii=False).encode(),
                    filename=f"{code}.json")
            except ImportRejected as exc:
                raise CommandError(str(exc), returncode=2) from None
            if summary.changed_anything:
                self.stdout.write(
                    _("Movement %(code)s: %(created)d value(s) added, %(changed)d changed.")
                    % {"code": code, "created": summary.values_created,
                       "changed": summary.values_changed})
            else:
                self.stdout.write(_("Movement %(code)s is already up to date; nothing changed.")
                                  % {"code": code})
