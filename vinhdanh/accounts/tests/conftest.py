"""Personas of the accounts tests, on top of the root conftest's unit tree."""

from __future__ import annotations

import pytest

from conftest import make_user
from vinhdanh.accounts.models import Role, User
from vinhdanh.units.models import OrgUnit


@pytest.fixture
def commune_leader(commune: OrgUnit) -> User:
    """The commune's chairman, who signs: must pass TOTP."""
    return make_user("chu_tich_xa", Role.UNIT_LEADER, commune)


@pytest.fixture
def commune_admin(commune: OrgUnit) -> User:
    """A system administrator whose grant covers one commune only."""
    return make_user("quan_tri_xa", Role.SYSTEM_ADMIN, commune)
