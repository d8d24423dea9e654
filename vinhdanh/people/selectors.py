"""Reads for persons and households, always limited to the user's subtree."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, Prefetch, Q, QuerySet, When
from django.http import Http404

from vinhdanh.accounts.policy import Action, unit_filter
from vinhdanh.core.text import fold
from vinhdanh.people.models import Employment, Household, HouseholdMember, Person, Relation
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser


def current_employments() -> Prefetch[str, QuerySet[Employment], str]:
    """Prefetch a person's open employment periods, newest first, into `current_employments`."""
    return Prefetch(
        "employments",
        queryset=Employment.objects.filter(end__isnull=True)
        .select_related("unit")
        .order_by("-start", "-pk"),
        to_attr="current_employments",
    )


def list_people(*, user: Viewer, q: str = "", unit: OrgUnit | None = None) -> QuerySet[Person]:
    """Return persons the user may see, matching the folded query, with current employment."""
    people = Person.objects.filter(unit_filter(user, Action.VIEW_PERSON))
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
    for word in fold(q).split():
        people = people.filter(name_folded__contains=word)
    return (
        people.select_related("unit")
        .prefetch_related(current_employments())
        .order_by("name_folded", "pk")
    )


def search_people(
    *, user: Viewer, q: str = "", unit: OrgUnit | None = None, page: int | str = 1,
    per_page: int | None = None,
) -> Page[Person]:
    """Return one page of persons the user may see whose folded name contains every word of q."""
    paginator = Paginator(
        list_people(user=user, q=q, unit=unit), per_page or settings.PAGE_SIZE
    )
    return paginator.get_page(page)


def get_person_for_user(user: Viewer, pk: int, *, action: Action = Action.VIEW_PERSON) -> Person:
    """Return the person with employment history and household, or raise Http404 out of scope."""
    person = (
        Person.objects.filter(unit_filter(user, action), pk=pk)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "employments",
                queryset=Employment.objects.select_related("unit").order_by("-start", "-pk"),
                to_attr="employment_history",
            ),
            Prefetch(
                "memberships",
                queryset=HouseholdMember.objects.select_related("household__unit"),
                to_attr="household_memberships",
            ),
        )
        .first()
    )
    if person is None:
        raise Http404
    return person


def get_employment_for_user(
    user: Viewer, pk: int, *, action: Action = Action.CHANGE_PERSON
) -> Employment:
    """Return an employment period whose person lies in the user's scope, else Http404."""
    employment = (
        Employment.objects.filter(unit_filter(user, action, field="person__unit"), pk=pk)
        .select_related("person__unit", "unit")
        .first()
    )
    if employment is None:
        raise Http404
    return employment


def list_households(
    *, user: Viewer, q: str = "", unit: OrgUnit | None = None
) -> QuerySet[Household]:
    """Return households the user may see, with head and member count, by code."""
    households = Household.objects.filter(unit_filter(user, Action.VIEW_PERSON))
    if unit is not None:
        households = households.filter(unit__path__startswith=unit.path)
    query = q.strip()
    if query:
        households = households.filter(
            Q(head__name_folded__contains=fold(query)) | Q(code__icontains=query)
        )
    return (
        households.select_related("head", "unit")
        .annotate(member_count=Count("memberships"))
        .order_by("code", "pk")
    )


def search_households(
    *, user: Viewer, q: str = "", unit: OrgUnit | None = None, page: int | str = 1
) -> Page[Household]:
    """Return one page of the households the user may see."""
    return Paginator(list_households(user=user, q=q, unit=unit), settings.PAGE_SIZE).get_page(
        page
    )


def get_household_for_user(
    user: Viewer, pk: int, *, action: Action = Action.VIEW_PERSON
) -> Household:
    """Return the household with its members, or raise Http404 outside the user's scope."""
    household = (
        Household.objects.filter(unit_filter(user, action), pk=pk)
        .select_related("head", "unit")
        .prefetch_related(
            Prefetch(
                "memberships",
                # The head first, then the others from the eldest.
                queryset=HouseholdMember.objects.select_related("person").order_by(
                    Case(When(relation=Relation.HEAD, then=0), default=1),
                    F("person__birth_date").asc(nulls_last=True),
                    "pk",
                ),
                to_attr="member_rows",
            )
        )
        .first()
    )
    if household is None:
        raise Http404
    return household


def get_unit_for_user(user: Viewer, pk: int) -> OrgUnit:
    """Return a unit in which the user may see persons, or raise Http404."""
    unit = OrgUnit.objects.filter(unit_filter(user, Action.VIEW_PERSON, field=""), pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def list_assignable_units(*, user: Viewer) -> QuerySet[OrgUnit]:
    """Return the current units in which the user may register persons and households."""
    return (
        OrgUnit.objects.filter(unit_filter(user, Action.CHANGE_PERSON, field=""))
        .filter(valid_to__isnull=True)
        .only("pk", "name", "path", "depth")
        .order_by("path")
    )
