"""Personas and a small unit tree shared by every app's tests."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest

from vinhdanh.accounts.models import Role, RoleGrant, User
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def province(db: None) -> OrgUnit:
    return insert_unit(code="37", name="Tỉnh Ninh Bình", kind=UnitKind.PROVINCE, valid_from=REFORM)


@pytest.fixture
def commune(province: OrgUnit) -> OrgUnit:
    return insert_unit(
        code="13366", name="Phường Hà Nam", kind=UnitKind.WARD, parent=province, valid_from=REFORM
    )


@pytest.fixture
def other_commune(province: OrgUnit) -> OrgUnit:
    return insert_unit(
        code="13285", name="Phường Phủ Lý", kind=UnitKind.WARD, parent=province, valid_from=REFORM
    )


PASSWORD = "Mat-khau-2025!"


def make_user(username: str, role: Role, unit: OrgUnit, *, password: str = PASSWORD) -> User:
    user = User.objects.create_user(username=username, password=password, full_name=username)
    RoleGrant.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def province_officer(province: OrgUnit) -> User:
    return make_user("can_bo_tinh", Role.EMULATION_OFFICER, province)


@pytest.fixture
def commune_officer(commune: OrgUnit) -> User:
    return make_user("can_bo_xa", Role.EMULATION_OFFICER, commune)


@pytest.fixture
def outsider(other_commune: OrgUnit) -> User:
    """An officer of a neighbouring commune: must see nothing of `commune`."""
    return make_user("can_bo_xa_khac", Role.EMULATION_OFFICER, other_commune)


@pytest.fixture
def system_admin(province: OrgUnit) -> User:
    return make_user("quan_tri", Role.SYSTEM_ADMIN, province)


# --- Browser tests -----------------------------------------------------------------
# Debian's Chromium drives the web flows; Playwright never downloads a browser of its own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = os.environ.get("VINHDANH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("VINHDANH_ARTIFACTS", Path(__file__).parent / "var" / "artifacts"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests leave screenshots for CI to keep as artifacts."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
