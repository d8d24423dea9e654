"""Procedure data (dossier components, appraisal and notice periods) and working-day dates.

The values live in `data/procedure.yaml` (or settings.NOMINATIONS_PROCEDURE_FILE) so an
administrator follows a new regulation by editing data, not code.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

from vinhdanh.core.calendar import add_working_days
from vinhdanh.units.models import OrgUnit, UnitKind

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "procedure.yaml"


@dataclass(frozen=True)
class Component:
    code: str
    label: str
    required: bool
    # File extensions accepted for this paper; empty: any type uploads.check_upload accepts.
    file_types: tuple[str, ...] = ()


@lru_cache(maxsize=4)
def _load(path: str) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def procedure() -> dict[str, Any]:
    path = getattr(settings, "NOMINATIONS_PROCEDURE_FILE", None) or DEFAULT_FILE
    return _load(str(path))


def components_for(award_code: str) -> list[Component]:
    """Return the dossier components an award requires, in the order of the regulation."""
    data = procedure()
    labels: dict[str, str] = data["components"]
    dossiers: dict[str, list[str]] = data["dossiers"]
    result = []
    for raw in dossiers.get(award_code, dossiers["default"]):
        code = raw.rstrip("?")
        result.append(Component(code=code, label=labels.get(code, code),
                                required=not raw.endswith("?")))
    return result


def deciding_level(unit: OrgUnit) -> str:
    """Return the level of the body that receives and decides (procedures.yaml levels)."""
    if unit.kind in {UnitKind.PROVINCE, UnitKind.MINISTRY}:
        return "province"
    if unit.kind in {UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE,
                     UnitKind.TOWNSHIP}:
        return "commune"
    if unit.parent_id is None:
        return "central"
    return "unit"


def appraisal_working_days(unit: OrgUnit) -> int:
    days: dict[str, int] = procedure()["appraisal_working_days"]
    return int(days.get(deciding_level(unit), days["unit"]))


def receipt_working_days() -> int:
    """Working days to accept, send back for supplement or return a received dossier."""
    return int(procedure().get("receipt_working_days", 5))


def notify_working_days() -> int:
    """Working days to send a decision to the proposing unit."""
    return int(procedure().get("notify_working_days", 10))


def supplement_working_days() -> int | None:
    """Working days a proposing unit has to send back a supplemented dossier, if configured.

    procedures.yaml sets no such period (a province's own regulation may), so it is data
    left empty by default: the board then does not watch returned dossiers.
    """
    days = procedure().get("supplement_working_days")
    return int(days) if days else None


def due_date(received_on: dt.date, working_days: int) -> dt.date:
    """Return the last day of a period of `working_days` counted from the day after receipt."""
    return add_working_days(received_on, working_days)


def notice_working_days(award_codes: Iterable[str]) -> int:
    """Return the longest notice period any of the awards requires."""
    days: dict[str, int] = procedure()["notice_working_days"]
    return max([int(days.get(code, days["default"])) for code in award_codes]
               or [int(days["default"])])


def notice_required(award_code: str) -> bool:
    """Answer whether the law requires a public notice before deciding this award."""
    for pattern in procedure()["notice_required"]:
        if pattern.endswith("*") and award_code.startswith(pattern[:-1]):
            return True
        if pattern == award_code:
            return True
    return False


def decision_symbol() -> str:
    return str(procedure()["decision_symbol"])
