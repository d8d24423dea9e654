"""The `vinhdanh` console command.

Two-word commands (`vinhdanh import units`, `vinhdanh audit verify`) map to the
Django management commands `import_units` and `audit_verify`; anything else is
passed to Django's own command line (`vinhdanh migrate`, `vinhdanh shell`).
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

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


def ensure_local_secret_key() -> None:
    """Give a local installation a persistent secret key when the environment has none.

    Servers set SECRET_KEY in their environment; a commune's single machine running
    `vinhdanh demo` or `vinhdanh import units` should not have to. The key is kept
    beside the SQLite database, readable by its owner only.
    """
    if os.environ.get("SECRET_KEY"):
        return
    data_dir = Path(os.environ.get("VINHDANH_DATA_DIR", str(Path.cwd() / "var")))
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="ascii")
        key_file.chmod(0o600)
    os.environ["SECRET_KEY"] = key_file.read_text(encoding="ascii").strip()


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    ensure_local_secret_key()
    words = translate_argv(list(sys.argv[1:] if argv is None else argv))
    from django.core.management import execute_from_command_line

    execute_from_command_line(["vinhdanh", *words])


if __name__ == "__main__":
    main()
