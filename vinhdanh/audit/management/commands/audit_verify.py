"""`vinhdanh audit verify`: recompute the audit hash chain and name the first broken link."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from vinhdanh.audit.services import VERIFY_CHUNK_SIZE, BreakReason, ChainReport, verify_chain


def describe_break(report: ChainReport) -> str:
    """Return the sentence naming the first broken link of a failed check."""
    names = {"seq": report.broken_seq, "id": report.broken_id}
    if report.reason == BreakReason.ALTERED:
        return _("Event seq %(seq)s (id %(id)s) was altered: its content no longer matches "
                 "its hash.") % names
    if report.reason == BreakReason.LINK:
        return _("Event seq %(seq)s (id %(id)s) does not link to the event before it: the "
                 "previous event was altered or replaced.") % names
    if report.reason == BreakReason.MISSING:
        return _("Event seq %(seq)s is missing: the next event present is id %(id)s.") % names
    if report.reason == BreakReason.TRUNCATED:
        if report.broken_id is None:
            return _("Event seq %(seq)s is missing: the log is empty but the chain head "
                     "counts events.") % names
        return _("Event seq %(seq)s is missing: the chain head counts it, but the log ends "
                 "at the event before it (id %(id)s).") % names
    return _("The chain head does not match the newest event (seq %(seq)s, id %(id)s).") % names


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit 1 naming the first broken link."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--chunk-size", type=int, default=VERIFY_CHUNK_SIZE,
                            help="rows fetched per round trip")

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            report = verify_chain(chunk_size=options["chunk_size"])
            if not report.ok:
                raise CommandError(
                    _("Audit chain broken after %(count)d intact events. %(detail)s")
                    % {"count": report.checked, "detail": describe_break(report)},
                    returncode=1,
                )
            self.stdout.write(self.style.SUCCESS(
                _("Audit chain intact: %(count)d events") % {"count": report.checked}
            ))
