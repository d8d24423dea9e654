"""The `vinhdanh` console command.

Two-word commands (`vinhdanh import units`, `vinhdanh audit verify`) map to the
Django management commands `import_units` and `audit_verify`; anything else is
passed to Django's own command line (`vinhdanh migrate`, `vinhdanh shell`).
"""

from __future__ import annotations

import os
import sys

# A first word that opens a command group, and the management-command prefix it maps to.
GROUPS = {
    "import": "import",
    "audit": "audit",
    "eligibility": "eligibility",
    "movements": "movements",
    "bench": "bench",
}


def translate_argv(argv: list[str]) -> list[str]:
    """Return Django's argv for the words typed after `vinhdanh`."""
    if len(argv) >= 2 and argv[0] in GROUPS and not argv[1].startswith("-"):
        return [f"{GROUPS[argv[0]]}_{argv[1]}", *argv[2:]]
    return argv


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    words = translate_argv(list(sys.argv[1:] if argv is None else argv))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vinhdanh", *words])


if __name__ == "__main__":
    main()
