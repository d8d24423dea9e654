"""What every sheet's reader shares: the result, the rows' units and cell helpers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, granted_paths
from vinhdanh.core.text import fold
from vinhdanh.records.models import ImportBatch
from vinhdanh.records.rules import EntryData, check_entry
from vinhdanh.records.rules import Problem as RuleProblem
from vinhdanh.records.spreadsheet import reader
from vinhdanh.records.spreadsheet.layout import code_for
from vinhdanh.records.spreadsheet.reader import CellError, Problem, SheetRows
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from vinhdanh.accounts.models import User

PROGRESS_EVERY = 1000
PersonKey = tuple[str, Any]  # (folded name, birth date)
# A person's name is folded on sheet “Cá nhân” and again on each of their achievements.
cached_fold = lru_cache(maxsize=65536)(fold)


@dataclass
class ImportResult:
    file_name: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    rows: int = 0
    people_created: int = 0
    people_matched: int = 0
    households_created: int = 0
    entries_created: int = 0
    entries_existing: int = 0
    skipped_rows: int = 0
    already_imported: bool = False
    written: bool = False
    batch: ImportBatch | None = None

    @property
    def clean(self) -> bool:
        return not self.problems


class Context:
    """What the rows refer to, loaded in bulk before any row is checked."""

    def __init__(self, actor: User, result: ImportResult,
                 progress: Callable[[int], None] | None = None) -> None:
        self.result = result
        self.progress = progress
        self.paths = granted_paths(actor, Action.CHANGE_PERSON)
        self.units: dict[str, OrgUnit | None] = {}
        self.today = timezone.localdate()
        self.scope: dict[int, bool] = {}
        self.checks: dict[tuple[EntryData, str], list[RuleProblem]] = {}

    def unit(self, code: str) -> OrgUnit | None:
        if code not in self.units:
            # Codes repeat across the tree's history; the unit valid today is meant.
            self.units[code] = (
                OrgUnit.objects.filter(code=code, valid_to__isnull=True).order_by("-pk").first()
            )
        return self.units[code]

    def tick(self) -> None:
        self.result.rows += 1
        if self.progress is not None and self.result.rows % PROGRESS_EVERY == 0:
            self.progress(self.result.rows)

    def in_scope(self, unit: OrgUnit) -> bool:
        if unit.pk not in self.scope:
            self.scope[unit.pk] = any(unit.path.startswith(path) for path in self.paths)
        return self.scope[unit.pk]

    def check(self, data: EntryData, subject_kind: str) -> list[RuleProblem]:
        # The same (kind, year, award, ...) recurs for many subjects of a file: check once.
        key = (data, subject_kind)
        if key not in self.checks:
            self.checks[key] = check_entry(data, subject_kind=subject_kind, today=self.today)
        return self.checks[key]


def cell(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
         key: str, parse: Any = reader.as_text, *, required: bool = False) -> Any:
    """Return the parsed value of column `key` of a row, noting a problem if it is bad."""
    index = layout.positions.get(key)
    value = row[index] if index is not None and index < len(row) else None
    if value is None:  # most cells of a wide sheet are empty: skip the parsers
        if required:
            problems.append(Problem(layout.sheet.title, number, layout.letter(key)
                                    if key in layout.positions else "",
                                    _("this cell is required.")))
        return None
    try:
        parsed = parse(value)
    except CellError as exc:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key), str(exc)))
        return None
    if required and parsed in ("", None):
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("this cell is required.")))
    return parsed


def coded(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
          key: str, list_name: str | None = None, *, required: bool = False) -> str:
    """Return the code a code-list cell names (the list is named like the column)."""
    text = cell(problems, layout, number, row, key, required=required) or ""
    if not text:
        return ""
    code = code_for(list_name or key, text)
    if code is None:
        problems.append(Problem(layout.sheet.title, number, layout.letter(key),
                                _("“%(value)s” is not in the code list (sheet “Danh mục”).")
                                % {"value": text}))
        return ""
    return code


def unit_cell(problems: list[Problem], layout: SheetRows, number: int, row: tuple[Any, ...],
              context: Context) -> OrgUnit | None:
    code = cell(problems, layout, number, row, "unit_code", required=True)
    if not code:
        return None
    unit = context.unit(code)
    if unit is None or not context.in_scope(unit):
        # Units outside the user's subtree are reported as unknown so existence does not leak.
        problems.append(Problem(layout.sheet.title, number, layout.letter("unit_code"),
                                _("no unit with code “%(code)s” in your area.") % {"code": code}))
        return None
    return unit
