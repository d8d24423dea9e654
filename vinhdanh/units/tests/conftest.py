"""Units fixtures: a school below the commune, and the real 2025 import loaded once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.db import transaction

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.units.imports.sync import ImportSummary, import_reform_units
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def school(commune: OrgUnit) -> OrgUnit:
    return insert_unit(code="13366.TH", name="Trường Tiểu học Hà Nam", kind=UnitKind.SCHOOL,
                       parent=commune, valid_from=REFORM)


@pytest.fixture(scope="module")
def reform_import(django_db_setup: None, django_db_blocker: pytest.FixtureRequest
                  ) -> Iterator[ImportSummary]:
    """Import the real divisions once for a module, and roll them back after it.

    The import takes a few seconds; the tests of a module share it inside one
    outer transaction, each test running in its own savepoint.
    """
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield import_reform_units()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def grant(username: str, role: Role, unit: OrgUnit) -> User:
    user = User.objects.create_user(username=username, password="x", full_name=username)
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user
