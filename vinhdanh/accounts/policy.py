"""The single permission policy: every view, API endpoint and service asks here.

A user holds roles on units; a role grants a set of actions over the grant's
unit and its whole subtree. Nothing else gives access to data.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from vinhdanh.accounts.models import Role, RoleGrant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit


class Action(StrEnum):
    VIEW_UNIT = "view_unit"
    MANAGE_UNIT = "manage_unit"  # create/edit units below, edit lineage
    VIEW_PERSON = "view_person"
    CHANGE_PERSON = "change_person"  # create and edit persons, households, employment
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    VIEW_CATALOGUE = "view_catalogue"
    MANAGE_CATALOGUE = "manage_catalogue"  # edit rule sets, local overrides of delegated criteria
    VIEW_MOVEMENT = "view_movement"
    MANAGE_MOVEMENT = "manage_movement"  # launch movements, define indicators, import
    ENTER_MOVEMENT_DATA = "enter_movement_data"  # enter and submit a unit's own values
    APPROVE_MOVEMENT_DATA = "approve_movement_data"  # approve, return or reopen values below
    CHECK_ELIGIBILITY = "check_eligibility"


_READ = frozenset(
    {Action.VIEW_UNIT, Action.VIEW_PERSON, Action.VIEW_CATALOGUE, Action.VIEW_MOVEMENT}
)

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.SYSTEM_ADMIN: frozenset(Action),
    Role.EMULATION_OFFICER: _READ
    | {
        Action.CHANGE_PERSON,
        Action.MANAGE_UNIT,
        Action.MANAGE_MOVEMENT,
        Action.ENTER_MOVEMENT_DATA,
        Action.APPROVE_MOVEMENT_DATA,
        Action.CHECK_ELIGIBILITY,
    },
    Role.UNIT_LEADER: _READ
    | {Action.VIEW_AUDIT, Action.APPROVE_MOVEMENT_DATA, Action.CHECK_ELIGIBILITY},
    Role.APPRAISER: _READ | {Action.CHECK_ELIGIBILITY},
    Role.COUNCIL_MEMBER: frozenset({Action.VIEW_UNIT, Action.VIEW_CATALOGUE}),
    Role.COUNCIL_SECRETARY: _READ,
    Role.DATA_ENTRY_CLERK: _READ | {Action.CHANGE_PERSON, Action.ENTER_MOVEMENT_DATA},
}


class UnitScoped(Protocol):
    """Anything that belongs to a unit (a person, a household, a record)."""

    @property
    def unit(self) -> OrgUnit: ...


AnyUser = "User | AnonymousUser"


def roles_for(action: Action) -> list[Role]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def granted_paths(user: User | AnonymousUser, action: Action) -> list[str]:
    """Return the paths of the subtrees where `user` may perform `action`."""
    if not user.is_authenticated or not user.is_active:
        return []
    cache: dict[Action, list[str]] = user.__dict__.setdefault("_vd_paths", {})
    if action not in cache:
        grants = RoleGrant.objects.filter(user=user, role__in=roles_for(action)).values_list(
            "unit__path", flat=True
        )
        cache[action] = _outermost(grants)
    return cache[action]


def _outermost(paths: Iterable[str]) -> list[str]:
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def unit_filter(user: User | AnonymousUser, action: Action, *, field: str = "unit") -> Q:
    """Return a Q limiting a queryset to rows whose `field` unit lies in the user's scope.

    `field` names the foreign key to OrgUnit ("" when filtering OrgUnit itself).
    An empty scope gives a Q that matches nothing.
    """
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    paths = granted_paths(user, action)
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{lookup: path})
    return query


def can(user: User | AnonymousUser, action: Action, unit: OrgUnit | None) -> bool:
    """Answer whether `user` may perform `action` on something belonging to `unit`."""
    if unit is None:
        # Rows with no unit (global data) are the administrators' only.
        return bool(granted_paths(user, action)) and _is_admin(user)
    return any(unit.path.startswith(path) for path in granted_paths(user, action))


def ensure_can(user: User | AnonymousUser, action: Action, unit: OrgUnit | None) -> None:
    """Raise PermissionDenied unless `user` may perform `action` on `unit`'s data."""
    if not can(user, action, unit):
        raise PermissionDenied


def _is_admin(user: User | AnonymousUser) -> bool:
    if not user.is_authenticated:
        return False
    return RoleGrant.objects.filter(user=user, role=Role.SYSTEM_ADMIN).exists()
