"""Reads of the ledger and the decision register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from vinhdanh.accounts.policy import Action, can, unit_filter
from vinhdanh.core.text import fold
from vinhdanh.people.models import Household, Person
from vinhdanh.records.models import Decision, DecisionLine, Entry, Operation
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User

    Viewer = User | AnonymousUser


def _subject_filter(subject: Person | Household | OrgUnit) -> Q:
    if isinstance(subject, Person):
        return Q(person=subject)
    if isinstance(subject, Household):
        return Q(household=subject)
    return Q(collective=subject)


def with_effect(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Annotate `is_superseded`: a later entry corrects or revokes this one."""
    return entries.annotate(
        is_superseded=Exists(Entry.objects.filter(supersedes=OuterRef("pk")))
    )


def effective_entries(entries: QuerySet[Entry]) -> QuerySet[Entry]:
    """Keep entries in effect: neither revocations nor replaced by a later entry."""
    replaced = Exists(Entry.objects.filter(supersedes=OuterRef("pk")))
    return entries.filter(~replaced).exclude(operation=Operation.REVOCATION)


def get_history(subject: Person | Household | OrgUnit) -> list[Entry]:
    """Return a subject's whole history, oldest first, each entry with its source."""
    # One query: the entries of one subject (index on subject, year) joined with their
    # decision and issuer or import batch, with `is_superseded` from a correlated EXISTS.
    entries = with_effect(
        Entry.objects.filter(_subject_filter(subject)).select_related(
            "decision__issuer", "import_batch"
        )
    ).order_by("year", "pk")
    return list(entries)


@dataclass(frozen=True)
class DecisionFilters:
    number: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    issuer: OrgUnit | None = None
    awardee: str = ""


def list_decisions(user: Viewer, filters: DecisionFilters | None = None) -> QuerySet[Decision]:
    """Return decisions the user may see, newest first, with the issuer and line count.

    A decision is visible when its issuer lies in the user's subtree or when one of its
    lines awards someone whose records the user keeps.
    """
    filters = filters or DecisionFilters()
    in_scope = DecisionLine.objects.filter(decision=OuterRef("pk")).filter(
        unit_filter(user, Action.VIEW_PERSON, field="person__unit")
        | unit_filter(user, Action.VIEW_PERSON, field="household__unit")
        | unit_filter(user, Action.VIEW_UNIT, field="collective")
    )
    decisions = Decision.objects.filter(
        unit_filter(user, Action.VIEW_UNIT, field="issuer") | Q(Exists(in_scope))
    )
    if filters.number:
        decisions = decisions.filter(number_folded__contains=fold(filters.number))
    if filters.date_from:
        decisions = decisions.filter(date__gte=filters.date_from)
    if filters.date_to:
        decisions = decisions.filter(date__lte=filters.date_to)
    if filters.issuer is not None:
        decisions = decisions.filter(issuer=filters.issuer)
    if filters.awardee:
        named = DecisionLine.objects.filter(
            decision=OuterRef("pk"), awardee_folded__contains=fold(filters.awardee)
        )
        decisions = decisions.filter(Exists(named))
    return (
        decisions.select_related("issuer")
        .annotate(line_count=Count("lines"))
        .order_by("-date", "-pk")
    )


def list_decision_lines(decision: Decision) -> QuerySet[DecisionLine]:
    """Return a decision's lines in entry order."""
    return DecisionLine.objects.filter(decision=decision).order_by("pk")


@dataclass(frozen=True)
class LedgerExport:
    people: QuerySet[Person]
    households: QuerySet[Household]
    entries: QuerySet[Entry]


def get_ledger_for_export(user: Viewer, unit: OrgUnit) -> LedgerExport:
    """Return the people, households and effective entries held in `unit`'s subtree."""
    if not unit_in_scope(user, unit):
        raise Http404
    people = Person.objects.filter(unit__path__startswith=unit.path)
    households = Household.objects.filter(unit__path__startswith=unit.path)
    entries = effective_entries(Entry.objects.filter(unit__path__startswith=unit.path))
    return LedgerExport(people, households, entries)


def unit_in_scope(user: Viewer, unit: OrgUnit) -> bool:
    return can(user, Action.VIEW_PERSON, unit)


def get_decision_for_user(user: Viewer, pk: int) -> Decision:
    """Return a decision the user may see, or raise Http404."""
    decision = list_decisions(user).filter(pk=pk).first()
    if decision is None:
        raise Http404
    return decision
