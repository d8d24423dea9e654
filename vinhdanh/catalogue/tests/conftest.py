"""Catalogue fixtures: awards.yaml loaded once per test, a second province with its admin."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.catalogue.importer import ImportReport, import_catalogue
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def catalogue(db: None) -> ImportReport:
    return import_catalogue(actor=None)


@pytest.fixture
def other_province(db: None) -> OrgUnit:
    return insert_unit(code="01", name="Thành phố Hà Nội", kind=UnitKind.PROVINCE,
                       valid_from=REFORM)


@pytest.fixture
def other_province_commune(other_province: OrgUnit) -> OrgUnit:
    return insert_unit(code="00004", name="Phường Ba Đình", kind=UnitKind.WARD,
                       parent=other_province, valid_from=REFORM)


@pytest.fixture
def other_province_admin(other_province: OrgUnit) -> User:
    return make_user("quan_tri_ha_noi", Role.SYSTEM_ADMIN, other_province)
