"""REST endpoints for the organisation tree (mounted at /api/v1/units/).

Units are addressed by their official code; `as_of` picks the unit that carried the
code on that day, since codes are reused across reorganisations (Ninh Bình, 37).
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status

from vinhdanh.accounts.policy import Action
from vinhdanh.units import selectors, services
from vinhdanh.units.models import OrgUnit

router = Router(tags=["units"])

MAX_LIMIT = 200


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    kind_label: str
    parent_id: int | None
    parent_code: str | None
    depth: int
    valid_from: dt.date | None
    valid_to: dt.date | None
    address: str

    @staticmethod
    def resolve_kind_label(obj: OrgUnit) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_parent_code(obj: OrgUnit) -> str | None:
        return obj.parent.code if obj.parent is not None else None


class UnitListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class UnitListQuery(Schema):
    q: str = ""
    as_of: dt.date | None = None
    parent: str | None = None
    limit: int = 50
    offset: int = 0


class UnitDetailQuery(Schema):
    as_of: dt.date | None = None


class UnitCreateIn(Schema):
    parent_code: str
    name: str
    kind: str
    code_suffix: str
    valid_from: dt.date | None = None
    address: str = ""


class UnitUpdateIn(Schema):
    name: str | None = None
    address: str | None = None
    effective_date: dt.date | None = None


@router.get("/", response=UnitListOut, url_name="units_list")
def list_units(request: HttpRequest, filters: Query[UnitListQuery]) -> dict[str, object]:
    """List the units in the caller's scope, searched by folded name or code prefix."""
    parent = None
    if filters.parent:
        parent = selectors.get_unit_for_user_by_code(request.user, filters.parent,
                                                     on=filters.as_of)
    units = selectors.list_units(request.user, q=filters.q, on=filters.as_of, parent=parent)
    limit = min(max(filters.limit, 1), MAX_LIMIT)
    offset = max(filters.offset, 0)
    return {"count": units.count(), "limit": limit, "offset": offset,
            "items": list(units[offset:offset + limit])}


@router.get("/{code}", response=UnitOut, url_name="units_detail")
def get_unit(request: HttpRequest, code: str, filters: Query[UnitDetailQuery]) -> OrgUnit:
    """Return the unit carrying `code` on `as_of` (today by default)."""
    return selectors.get_unit_for_user_by_code(request.user, code, on=filters.as_of)


@router.post("/", response={201: UnitOut}, url_name="units_create")
def create_unit(request: HttpRequest, payload: UnitCreateIn) -> Status[OrgUnit]:
    """Create a non-administrative unit below the unit `parent_code`."""
    parent = selectors.get_unit_for_user_by_code(request.user, payload.parent_code,
                                                 on=payload.valid_from)
    unit = services.create_unit(
        actor=request.user, parent=parent, name=payload.name, kind=payload.kind,
        code_suffix=payload.code_suffix, valid_from=payload.valid_from, address=payload.address,
    )
    return Status(201, unit)


@router.patch("/{code}", response=UnitOut, url_name="units_update")
def update_unit(request: HttpRequest, code: str, payload: UnitUpdateIn) -> OrgUnit:
    """Change a unit's name (recorded as a rename) or address."""
    unit = selectors.get_unit_for_user_by_code(request.user, code, action=Action.VIEW_UNIT)
    return services.update_unit(actor=request.user, unit=unit, name=payload.name,
                                address=payload.address, effective_date=payload.effective_date)
