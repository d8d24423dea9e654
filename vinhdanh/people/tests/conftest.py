"""People fixtures: persons created through the services by the commune's officer."""

from __future__ import annotations

import datetime as dt

import pytest

from vinhdanh.accounts.models import User
from vinhdanh.people import services
from vinhdanh.people.models import Employment, Gender, Household, Person
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def school(commune: OrgUnit) -> OrgUnit:
    return insert_unit(code="13366-TH", name="Trường Tiểu học Hà Nam", kind=UnitKind.SCHOOL,
                       parent=commune, valid_from=REFORM)


@pytest.fixture
def person(commune_officer: User, commune: OrgUnit) -> Person:
    return services.create_person(
        actor=commune_officer, full_name="Nguyễn Văn Đức", gender=Gender.MALE, unit=commune,
        birth_date=dt.date(1985, 3, 14), id_number="037085012345", address="Tổ dân phố 3",
    )


@pytest.fixture
def teacher(commune_officer: User, person: Person, school: OrgUnit) -> Employment:
    return services.add_employment(
        actor=commune_officer, person=person, unit=school, position="Giáo viên",
        start=dt.date(2025, 7, 1),
    )


@pytest.fixture
def household(commune_officer: User, person: Person, commune: OrgUnit) -> Household:
    return services.create_household(actor=commune_officer, code="HN-0001", head=person,
                                     unit=commune, address="Tổ dân phố 3")


@pytest.fixture
def stranger(outsider: User, other_commune: OrgUnit) -> Person:
    """A person of the neighbouring commune, created by that commune's officer."""
    return services.create_person(
        actor=outsider, full_name="Trần Thị Hoa", gender=Gender.FEMALE, unit=other_commune,
        id_number="037190000001",
    )
