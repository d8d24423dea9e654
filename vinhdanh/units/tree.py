"""Low-level tree maintenance: materialised paths for new units."""

from __future__ import annotations

import datetime as dt

from vinhdanh.core.text import fold, to_nfc
from vinhdanh.units.models import OrgUnit


def insert_unit(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> OrgUnit:
    """Create a unit and give it its path; callers own permission checks and auditing."""
    name = to_nfc(name)
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        depth=(parent.depth + 1) if parent is not None else 0,
    )
    unit.path = f"{parent.path if parent is not None else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit
