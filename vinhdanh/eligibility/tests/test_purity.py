"""The engine is pure Python: importable and usable without Django."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[1] / "engine"
ROOT = Path(__file__).resolve().parents[3]


DJANGO_IMPORT = re.compile(r"^\s*(from|import)\s+django\b|import_module\(\s*['\"]django", re.M)


def test_engine_source_never_imports_django() -> None:
    offenders = [
        str(path.relative_to(ENGINE))
        for path in ENGINE.rglob("*.py")
        if DJANGO_IMPORT.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_engine_runs_in_a_process_without_django() -> None:
    script = (
        "import sys\n"
        "from vinhdanh.eligibility.engine import default_rule_book, evaluate_award, Subject, "
        "SubjectHistory\n"
        "verdict = evaluate_award(default_rule_book(), 'giay_khen', "
        "SubjectHistory(Subject(kind='individual')), evaluation_year=2025)\n"
        "assert verdict.verdict.value == 'needs_confirmation'\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr
