"""A subject's history grouped by year, newest year first, for the page and the PDF."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from vinhdanh.records.awards import award_index
from vinhdanh.records.models import Entry


def timeline(entries: Sequence[Entry], kind: str, effective_only: bool, *,
             year_from: int | None = None, year_to: int | None = None
             ) -> list[tuple[int, list[Entry]]]:
    """Group `entries` by year; each gets `award_name`, the catalogue name of its award."""
    names = award_index()
    by_year: dict[int, list[Entry]] = defaultdict(list)
    for entry in entries:
        if kind and entry.kind != kind:
            continue
        if (year_from and entry.year < year_from) or (year_to and entry.year > year_to):
            continue
        if effective_only and (entry.is_superseded  # type: ignore[attr-defined]
                               or entry.operation == "revocation"):
            continue
        award = names.get(entry.award_code) if entry.award_code else None
        # Old records may name awards the catalogue no longer has: show the code as written.
        entry.award_name = award.name if award else entry.award_code  # type: ignore[attr-defined]
        by_year[entry.year].append(entry)
    return sorted(by_year.items(), reverse=True)
