"""Demo logins: one user per role, on the demo province or one of its communes."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from vinhdanh.accounts.models import TWO_FACTOR_ROLES, Role, User
from vinhdanh.accounts.services import acting_as_system, create_user, grant_role
from vinhdanh.units.models import OrgUnit, UnitKind

DEMO_PROVINCE_CODE = "37"
#: Printed by `vinhdanh demo`; a demo database is for trying the software, never for real data.
DEMO_PASSWORD = "VinhDanh@2025"  # noqa: S105
#: The provincial officer is recorded as the author of the generated history.
DEMO_HISTORY_AUTHOR = "canbo.tinh"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    unit_name: str
    two_factor: bool

    @property
    def role_label(self) -> str:
        return str(self.role.label)


# username, role, whether the grant sits on a commune rather than the province
DEMO_USERS: tuple[tuple[str, Role, bool], ...] = (
    ("quantri", Role.SYSTEM_ADMIN, False),
    ("canbo.tinh", Role.EMULATION_OFFICER, False),
    ("canbo.xa", Role.EMULATION_OFFICER, True),
    ("lanhdao", Role.UNIT_LEADER, False),
    ("thamdinh", Role.APPRAISER, False),
    ("uyvien", Role.COUNCIL_MEMBER, False),
    ("thuky", Role.COUNCIL_SECRETARY, False),
    ("nhaplieu", Role.DATA_ENTRY_CLERK, True),
)


@transaction.atomic
def ensure_demo_users() -> list[DemoLogin]:
    """Create the demo users if missing (idempotent) and return their logins."""
    province = OrgUnit.objects.get(code=DEMO_PROVINCE_CODE, kind=UnitKind.PROVINCE,
                                   valid_to__isnull=True)
    commune = (
        OrgUnit.objects.filter(parent=province, valid_to__isnull=True,
                               kind__in=[UnitKind.COMMUNE, UnitKind.WARD])
        .order_by("code")
        .first()
    )
    existing = set(User.objects.filter(username__in=[u for u, _, _ in DEMO_USERS])
                   .values_list("username", flat=True))
    logins: list[DemoLogin] = []
    with acting_as_system("demo"):
        for username, role, on_commune in DEMO_USERS:
            unit = commune if on_commune and commune is not None else province
            if username not in existing:
                user = create_user(actor=None, username=username,
                                   full_name=f"{role.label} (demo)", password=DEMO_PASSWORD)
                grant_role(actor=None, user=user, role=role, unit=unit)
            logins.append(DemoLogin(username, role, unit.name, role in TWO_FACTOR_ROLES))
    return logins
