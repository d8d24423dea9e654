"""A subject's history grouped by year, newest year first, for the page and the PDF."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from vinhdanh.records.models import Entry


def timeline(entries: Sequence[Entry], kind: str, effective_only: bool
             ) -> list[tuple[int, list[Entry]]]:
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        if kind and entry.kind != kind:
            continue
        if effective_only and (entry.is_superseded  # type: ignore[attr-defined]
                               or entry.operation == "revocation"):
            continue
        by_year[entry.year].append(entry)
    return sorted(by_year.items(), reverse=True)
