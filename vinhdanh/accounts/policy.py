"""The single permission policy: every view, API endpoint and service asks here.

A user holds roles on units; a role grants a set of actions over the grant's
unit and its whole subtree. Nothing else gives access to data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from vinhdanh.accounts.models import TWO_FACTOR_ROLES, Role, RoleGrant

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
    # Nominations (procedures.md §3.2): the proposing unit prepares, the receiving level's
    # standing agency appraises and moderates the public notice, the authority decides.
    VIEW_NOMINATION = "view_nomination"  # read proposals a unit sends or receives, dossiers
    PREPARE_NOMINATION = "prepare_nomination"  # draft, submit, recall, resubmit, escalate
    APPRAISE_NOMINATION = "appraise_nomination"  # receive, return, appraise lines, notices
    MODERATE_NOTICE = "moderate_notice"  # publish, hide and answer public comments
    ISSUE_DECISION = "issue_decision"  # decide: issue or decline, award lines, revoke
    SIGN_DECISION = "sign_decision"  # sign the decision PDF or attach one signed elsewhere
    # Councils (Decree 152/2025 Art 60; Decree 98/2023 Art 30): the emulation board prepares
    # sessions; the council's secretary runs the polls and enters paper results.
    MANAGE_COUNCIL = "manage_council"  # councils, terms, members, sessions, agendas, polls
    RECORD_BALLOT_TALLY = "record_ballot_tally"  # attendance, open/close polls, paper
    # tallies, absent members' written opinions, tally minutes


_READ = frozenset(
    {Action.VIEW_UNIT, Action.VIEW_PERSON, Action.VIEW_CATALOGUE, Action.VIEW_MOVEMENT}
)

ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.SYSTEM_ADMIN: frozenset(Action),
    # The emulation board's officer (DESIGN.md "Users"): prepares a unit's nominations,
    # appraises those received, moderates notices and prepares council sessions.
    Role.EMULATION_OFFICER: _READ
    | {
        Action.CHANGE_PERSON,
        Action.MANAGE_UNIT,
        Action.MANAGE_MOVEMENT,
        Action.ENTER_MOVEMENT_DATA,
        Action.APPROVE_MOVEMENT_DATA,
        Action.CHECK_ELIGIBILITY,
        Action.VIEW_NOMINATION,
        Action.PREPARE_NOMINATION,
        Action.APPRAISE_NOMINATION,
        Action.MODERATE_NOTICE,
        Action.MANAGE_COUNCIL,
    },
    # The leader signs proposals and, within their authority, decides and signs decisions.
    Role.UNIT_LEADER: _READ
    | {
        Action.VIEW_AUDIT,
        Action.APPROVE_MOVEMENT_DATA,
        Action.CHECK_ELIGIBILITY,
        Action.VIEW_NOMINATION,
        Action.PREPARE_NOMINATION,
        Action.ISSUE_DECISION,
        Action.SIGN_DECISION,
    },
    Role.APPRAISER: _READ
    | {
        Action.CHECK_ELIGIBILITY,
        Action.VIEW_NOMINATION,
        Action.APPRAISE_NOMINATION,
        Action.MODERATE_NOTICE,
    },
    # A member's ballot comes from their council membership, not from a role action.
    Role.COUNCIL_MEMBER: frozenset({Action.VIEW_UNIT, Action.VIEW_CATALOGUE}),
    # The secretary reads the dossiers put before the council, prepares sessions with the
    # board and runs the polls: attendance, paper tallies, written opinions, minutes.
    Role.COUNCIL_SECRETARY: _READ
    | {Action.VIEW_NOMINATION, Action.MANAGE_COUNCIL, Action.RECORD_BALLOT_TALLY},
    Role.DATA_ENTRY_CLERK: _READ | {Action.CHANGE_PERSON, Action.ENTER_MOVEMENT_DATA},
}


class UnitScoped(Protocol):
    """Anything that belongs to a unit (a person, a household, a record)."""

    @property
    def unit(self) -> OrgUnit: ...


AnyUser = "User | AnonymousUser"

# Attribute names of the per-user-object caches. A request's user object lives for one
# request, so a grant change is seen on the next request; services that change grants
# call `clear_policy_cache` on the object they were given.
_GRANTS_ATTR = "_vd_grants"
_PATHS_ATTR = "_vd_paths"


@dataclass(frozen=True)
class HeldGrant:
    """One role a user holds, with the path of the subtree it covers."""

    role: Role
    unit_id: int
    path: str


def roles_for(action: Action) -> list[Role]:
    return [role for role, actions in ROLE_ACTIONS.items() if action in actions]


def held_grants(user: User | AnonymousUser) -> tuple[HeldGrant, ...]:
    """Return every grant of an active user, loaded with one query and cached on `user`."""
    if not user.is_authenticated or not user.is_active:
        return ()
    cached: tuple[HeldGrant, ...] | None = getattr(user, _GRANTS_ATTR, None)
    if cached is None:
        rows = RoleGrant.objects.filter(user_id=user.pk).values_list(
            "role", "unit_id", "unit__path"
        )
        cached = tuple(HeldGrant(Role(role), unit_id, path) for role, unit_id, path in rows)
        setattr(user, _GRANTS_ATTR, cached)
        setattr(user, _PATHS_ATTR, {})
    return cached


def granted_unit_ids(user: User | AnonymousUser, action: Action) -> list[int]:
    """Return the ids of the units whose grants give `user` `action` (not their subtrees)."""
    return sorted({g.unit_id for g in held_grants(user) if action in ROLE_ACTIONS[g.role]})


def clear_policy_cache(user: User | AnonymousUser) -> None:
    """Forget the grants cached on `user`, after they changed."""
    for attr in (_GRANTS_ATTR, _PATHS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def holds_any_role(user: User | AnonymousUser, roles: Iterable[Role]) -> bool:
    wanted = frozenset(roles)
    return any(grant.role in wanted for grant in held_grants(user))


def requires_two_factor(user: User | AnonymousUser) -> bool:
    """Answer whether `user` holds a role that must pass a TOTP second factor."""
    return holds_any_role(user, TWO_FACTOR_ROLES)


def granted_paths(user: User | AnonymousUser, action: Action) -> list[str]:
    """Return the paths of the subtrees where `user` may perform `action`."""
    grants = held_grants(user)
    if not grants:
        return []
    cache: dict[Action, list[str]] = getattr(user, _PATHS_ATTR)
    if action not in cache:
        cache[action] = _outermost(g.path for g in grants if action in ROLE_ACTIONS[g.role])
    return cache[action]


def _outermost(paths: Iterable[str]) -> list[str]:
    # Paths are "/12/345/": a prefix test is a subtree test, and sorting puts
    # every ancestor before its descendants.
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(outer) for outer in kept):
            kept.append(path)
    return kept


def path_filter(user: User | AnonymousUser, action: Action, *, lookup: str) -> Q:
    """Return a Q keeping rows whose path column (`lookup`) lies in the user's scope."""
    paths = granted_paths(user, action)
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        query |= Q(**{f"{lookup}__startswith": path})
    return query


def unit_filter(user: User | AnonymousUser, action: Action, *, field: str = "unit") -> Q:
    """Return a Q limiting a queryset to rows whose `field` unit lies in the user's scope.

    `field` names the foreign key to OrgUnit ("" when filtering OrgUnit itself).
    An empty scope gives a Q that matches nothing.
    """
    return path_filter(user, action, lookup=f"{field}__path" if field else "path")


def can(user: User | AnonymousUser, action: Action, unit: OrgUnit | None) -> bool:
    """Answer whether `user` may perform `action` on something belonging to `unit`."""
    if unit is None:
        # Rows with no unit (global data) are the administrators' only.
        return bool(granted_paths(user, action)) and is_system_admin(user)
    return covers(granted_paths(user, action), unit.path)


def covers(paths: Iterable[str], path: str) -> bool:
    """Answer whether `path` lies in one of the subtrees `paths`."""
    return any(path.startswith(outer) for outer in paths)


def ensure_can(user: User | AnonymousUser, action: Action, unit: OrgUnit | None) -> None:
    """Raise PermissionDenied unless `user` may perform `action` on `unit`'s data."""
    if not can(user, action, unit):
        raise PermissionDenied


def is_system_admin(user: User | AnonymousUser, unit: OrgUnit | None = None) -> bool:
    """Answer whether `user` is a system administrator (over `unit`, when given)."""
    paths = [g.path for g in held_grants(user) if g.role == Role.SYSTEM_ADMIN]
    if unit is None:
        return bool(paths)
    return covers(paths, unit.path)
