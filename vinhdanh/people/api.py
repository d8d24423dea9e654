"""REST endpoints for persons, households and employment (mounted at /api/v1/people/)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from vinhdanh.accounts.policy import Action, can
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.people import selectors, services
from vinhdanh.people.models import Category, Employment, Ethnicity, Household, Person
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

router = Router(tags=["people"])


class EmploymentOut(Schema):
    id: int
    unit_id: int
    unit_name: str
    position: str
    is_leader: bool
    start: dt.date
    end: dt.date | None


class PersonOut(Schema):
    id: int
    full_name: str
    gender: str
    birth_date: dt.date | None
    ethnicity: str
    ethnicity_name: str
    category: str
    id_number: str
    id_number_masked: bool
    unit_id: int
    unit_name: str
    address: str
    current_position: EmploymentOut | None


class PersonDetailOut(PersonOut):
    employments: list[EmploymentOut]
    household_id: int | None


class PersonListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[PersonOut]


class PersonCreateIn(Schema):
    full_name: str
    gender: str
    unit_id: int
    birth_date: dt.date | None = None
    ethnicity: str = Ethnicity.KINH.value
    category: str = Category.WORKER_FARMER.value
    id_number: str | None = None
    address: str = ""


class PersonUpdateIn(Schema):
    full_name: str | None = None
    gender: str | None = None
    unit_id: int | None = None
    birth_date: dt.date | None = None
    ethnicity: str | None = None
    category: str | None = None
    id_number: str | None = None
    address: str | None = None


class EmploymentCreateIn(Schema):
    unit_id: int
    position: str
    start: dt.date
    is_leader: bool = False
    end: dt.date | None = None


class EmploymentUpdateIn(Schema):
    unit_id: int | None = None
    position: str | None = None
    is_leader: bool | None = None
    start: dt.date | None = None
    end: dt.date | None = None


class MemberOut(Schema):
    person_id: int
    full_name: str
    relation: str


class HouseholdOut(Schema):
    id: int
    code: str
    head_id: int
    head_name: str
    unit_id: int
    unit_name: str
    address: str
    member_count: int


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]


class HouseholdListOut(Schema):
    count: int
    page: int
    pages: int
    items: list[HouseholdOut]


class HouseholdCreateIn(Schema):
    code: str
    head_id: int
    unit_id: int
    address: str = ""


class HouseholdUpdateIn(Schema):
    code: str | None = None
    head_id: int | None = None
    unit_id: int | None = None
    address: str | None = None


class MemberAddIn(Schema):
    person_id: int
    relation: str


# --- output helpers ------------------------------------------------------------------------


def _employment_out(employment: Employment) -> EmploymentOut:
    return EmploymentOut(
        id=employment.pk, unit_id=employment.unit_id, unit_name=employment.unit.name,
        position=employment.position, is_leader=employment.is_leader,
        start=employment.start, end=employment.end,
    )


def _person_fields(person: Person, user: User | AnonymousUser) -> dict[str, object]:
    # The full number is shown only to those who may correct it.
    full = can(user, Action.CHANGE_PERSON, person.unit)
    current = getattr(person, "current_employments", None)
    if current is None:
        history = getattr(person, "employment_history", [])
        current = [e for e in history if e.end is None]
    return {
        "id": person.pk, "full_name": person.full_name, "gender": person.gender,
        "birth_date": person.birth_date, "ethnicity": person.ethnicity,
        "ethnicity_name": person.get_ethnicity_display(), "category": person.category,
        "id_number": (person.id_number or "") if full else person.masked_id_number,
        "id_number_masked": not full, "unit_id": person.unit_id,
        "unit_name": person.unit.name, "address": person.address,
        "current_position": _employment_out(current[0]) if current else None,
    }


def _person_detail(person: Person, user: User | AnonymousUser) -> PersonDetailOut:
    person = selectors.get_person_for_user(user, person.pk)
    memberships = person.household_memberships  # type: ignore[attr-defined]
    return PersonDetailOut(
        **_person_fields(person, user),  # type: ignore[arg-type]
        employments=[_employment_out(e) for e in person.employment_history],  # type: ignore[attr-defined]
        household_id=memberships[0].household_id if memberships else None,
    )


def _household_fields(household: Household, member_count: int) -> dict[str, object]:
    return {
        "id": household.pk, "code": household.code, "head_id": household.head_id,
        "head_name": household.head.full_name, "unit_id": household.unit_id,
        "unit_name": household.unit.name, "address": household.address,
        "member_count": member_count,
    }


def _household_detail(household: Household, user: User | AnonymousUser) -> HouseholdDetailOut:
    household = selectors.get_household_for_user(user, household.pk)
    rows = household.member_rows  # type: ignore[attr-defined]
    return HouseholdDetailOut(
        **_household_fields(household, len(rows)),  # type: ignore[arg-type]
        members=[
            MemberOut(person_id=r.person_id, full_name=r.person.full_name, relation=r.relation)
            for r in rows
        ],
    )


#: Fields a PATCH may set to null (clearing them); null elsewhere means "leave unchanged".
NULLABLE = frozenset({"birth_date", "id_number", "end"})


def _changes(payload: Schema) -> dict[str, Any]:
    return {
        key: value
        for key, value in payload.dict(exclude_unset=True).items()
        if value is not None or key in NULLABLE
    }


def _unit(pk: int) -> OrgUnit:
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise ValidationFailed(_("Unit: no unit has the id %(id)d.") % {"id": pk},
                               field="unit_id")
    return unit


# --- persons -------------------------------------------------------------------------------


@router.get("/persons", response=PersonListOut)
def list_persons(
    request: HttpRequest, q: str = "", page: int = 1, unit_id: int | None = None
) -> PersonListOut:
    unit = _unit(unit_id) if unit_id is not None else None
    found = selectors.search_people(user=request.user, q=q, unit=unit, page=page)
    return PersonListOut(
        count=found.paginator.count, page=found.number, pages=found.paginator.num_pages,
        items=[PersonOut(**_person_fields(p, request.user)) for p in found],  # type: ignore[arg-type]
    )


@router.get("/persons/{pk}", response=PersonDetailOut)
def get_person(request: HttpRequest, pk: int) -> PersonDetailOut:
    person = selectors.get_person_for_user(request.user, pk)
    return _person_detail(person, request.user)


@router.post("/persons", response={201: PersonDetailOut})
def create_person(request: HttpRequest, payload: PersonCreateIn) -> tuple[int, PersonDetailOut]:
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    person = services.create_person(actor=request.user, unit=unit, **data)
    return 201, _person_detail(person, request.user)


@router.patch("/persons/{pk}", response=PersonDetailOut)
def update_person(request: HttpRequest, pk: int, payload: PersonUpdateIn) -> PersonDetailOut:
    person = selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    changes = _changes(payload)
    if "unit_id" in changes:
        changes["unit"] = _unit(changes.pop("unit_id"))
    person = services.update_person(actor=request.user, person=person, **changes)
    return _person_detail(person, request.user)


@router.post("/persons/{pk}/employments", response={201: EmploymentOut})
def add_employment(
    request: HttpRequest, pk: int, payload: EmploymentCreateIn
) -> tuple[int, EmploymentOut]:
    person = selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    data = payload.dict()
    unit = _unit(data.pop("unit_id"))
    employment = services.add_employment(actor=request.user, person=person, unit=unit, **data)
    return 201, _employment_out(employment)


@router.patch("/employments/{pk}", response=EmploymentOut)
def update_employment(
    request: HttpRequest, pk: int, payload: EmploymentUpdateIn
) -> EmploymentOut:
    employment = selectors.get_employment_for_user(request.user, pk)
    changes = _changes(payload)
    if "unit_id" in changes:
        changes["unit"] = _unit(changes.pop("unit_id"))
    employment = services.update_employment(
        actor=request.user, employment=employment, **changes
    )
    return _employment_out(employment)


# --- households ----------------------------------------------------------------------------


@router.get("/households", response=HouseholdListOut)
def list_households(
    request: HttpRequest, q: str = "", page: int = 1, unit_id: int | None = None
) -> HouseholdListOut:
    unit = _unit(unit_id) if unit_id is not None else None
    found = selectors.search_households(user=request.user, q=q, unit=unit, page=page)
    return HouseholdListOut(
        count=found.paginator.count, page=found.number, pages=found.paginator.num_pages,
        items=[
            HouseholdOut(**_household_fields(h, h.member_count))  # type: ignore[arg-type, attr-defined]
            for h in found
        ],
    )


@router.get("/households/{pk}", response=HouseholdDetailOut)
def get_household(request: HttpRequest, pk: int) -> HouseholdDetailOut:
    household = selectors.get_household_for_user(request.user, pk)
    return _household_detail(household, request.user)


@router.post("/households", response={201: HouseholdDetailOut})
def create_household(
    request: HttpRequest, payload: HouseholdCreateIn
) -> tuple[int, HouseholdDetailOut]:
    head = selectors.get_person_for_user(request.user, payload.head_id)
    household = services.create_household(
        actor=request.user, code=payload.code, head=head, unit=_unit(payload.unit_id),
        address=payload.address,
    )
    return 201, _household_detail(household, request.user)


@router.patch("/households/{pk}", response=HouseholdDetailOut)
def update_household(
    request: HttpRequest, pk: int, payload: HouseholdUpdateIn
) -> HouseholdDetailOut:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    changes = _changes(payload)
    if "unit_id" in changes:
        changes["unit"] = _unit(changes.pop("unit_id"))
    if "head_id" in changes:
        changes["head"] = selectors.get_person_for_user(request.user, changes.pop("head_id"))
    household = services.update_household(actor=request.user, household=household, **changes)
    return _household_detail(household, request.user)


@router.post("/households/{pk}/members", response={201: HouseholdDetailOut})
def add_household_member(
    request: HttpRequest, pk: int, payload: MemberAddIn
) -> tuple[int, HouseholdDetailOut]:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    person = selectors.get_person_for_user(request.user, payload.person_id)
    services.add_household_member(
        actor=request.user, household=household, person=person, relation=payload.relation
    )
    return 201, _household_detail(household, request.user)


@router.delete("/households/{pk}/members/{person_pk}", response=HouseholdDetailOut)
def remove_household_member(request: HttpRequest, pk: int, person_pk: int) -> HouseholdDetailOut:
    household = selectors.get_household_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    person = selectors.get_person_for_user(request.user, person_pk)
    services.remove_household_member(actor=request.user, household=household, person=person)
    return _household_detail(household, request.user)
