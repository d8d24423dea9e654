"""`vinhdanh import catalogue`: load awards.yaml (award types, rules, base salaries)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from vinhdanh.catalogue.importer import import_catalogue
from vinhdanh.catalogue.source import AWARDS_YAML
from vinhdanh.core.errors import DomainError


class Command(BaseCommand):
    help = "Load award types, rule sets and base salaries from awards.yaml (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=AWARDS_YAML,
                            help="awards.yaml to load (default: the copy shipped with the app)")

    def handle(self, *args: Any, **options: Any) -> None:
        # Officers read the report: speak the installation's language, not Django's
        # command-line default.
        with translation.override(settings.LANGUAGE_CODE):
            try:
                report = import_catalogue(actor=None, path=options["file"])
            except DomainError as exc:
                raise CommandError(exc.message) from exc
            self.stdout.write(report.summary())
