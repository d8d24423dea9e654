"""Reads of the ledger and the decision register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404

from vinhdanh.accounts.policy import Action, can, granted_paths, unit_filter
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
    # Part of the issuing body's name, folded ("ubnd tinh" finds "UBND tỉnh Ninh Bình").
    issuer_name: str = ""


def list_decisions(user: Viewer, filters: DecisionFilters | None = None) -> QuerySet[Decision]:
    """Return decisions the user may see, newest first, with the issuer, line count and money.

    A decision is visible when its issuer lies in the user's subtree, when one of its
    lines awards someone whose records the user keeps, or when it is the source of an
    entry the user keeps (a decision that revokes or corrects an award has no lines).
    """
    filters = filters or DecisionFilters()
    in_scope = DecisionLine.objects.filter(decision=OuterRef("pk")).filter(
        unit_filter(user, Action.VIEW_PERSON, field="person__unit")
        | unit_filter(user, Action.VIEW_PERSON, field="household__unit")
        | unit_filter(user, Action.VIEW_UNIT, field="collective")
    )
    sourced = Entry.objects.filter(decision=OuterRef("pk")).filter(
        unit_filter(user, Action.VIEW_PERSON, field="unit"))
    decisions = Decision.objects.filter(
        unit_filter(user, Action.VIEW_UNIT, field="issuer") | Q(Exists(in_scope))
        | Q(Exists(sourced))
    )
    if filters.number:
        decisions = decisions.filter(number_folded__contains=fold(filters.number))
    if filters.date_from:
        decisions = decisions.filter(date__gte=filters.date_from)
    if filters.date_to:
        decisions = decisions.filter(date__lte=filters.date_to)
    if filters.issuer is not None:
        decisions = decisions.filter(issuer=filters.issuer)
    if filters.issuer_name:
        decisions = decisions.filter(issuer__name_folded__contains=fold(filters.issuer_name))
    if filters.awardee:
        named = DecisionLine.objects.filter(
            decision=OuterRef("pk"), awardee_folded__contains=fold(filters.awardee)
        )
        decisions = decisions.filter(Exists(named))
    return (
        decisions.select_related("issuer")
        .annotate(line_count=Count("lines"), total_vnd=Sum("lines__amount_vnd"))
        .order_by("-date", "-pk")
    )


def list_decision_lines(decision: Decision) -> QuerySet[DecisionLine]:
    """Return a decision's lines in entry order, each with what became of its entry.

    `entry_id` is the entry the line wrote; `replaced_by` is "correction" or "revocation"
    once a later entry replaced it, else None.
    """
    written = Entry.objects.filter(decision_line=OuterRef("pk"), operation=Operation.RECORD)
    replaced = Entry.objects.filter(supersedes__decision_line=OuterRef("pk"),
                                    supersedes__operation=Operation.RECORD)
    return (
        DecisionLine.objects.filter(decision=decision)
        .annotate(entry_id=Subquery(written.values("pk")[:1]),
                  replaced_by=Subquery(replaced.order_by("pk").values("operation")[:1]))
        .order_by("pk")
    )


def list_entries_amended_by(decision: Decision) -> QuerySet[Entry]:
    """Return the corrections and revocations that cite `decision` as their source."""
    return (
        Entry.objects.filter(decision=decision)
        .exclude(operation=Operation.RECORD)
        .select_related("person", "household", "collective")
        .order_by("pk")
    )


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


def get_entry_for_user(user: Viewer, pk: int) -> Entry:
    """Return an entry the user may correct or revoke, with its subject and source, or 404."""
    # The services check the subject's current unit, so the scope test here does too.
    scope = (unit_filter(user, Action.CHANGE_PERSON, field="person__unit")
             | unit_filter(user, Action.CHANGE_PERSON, field="household__unit")
             | unit_filter(user, Action.MANAGE_UNIT, field="collective"))
    entry = (
        with_effect(Entry.objects.filter(scope, pk=pk))
        .select_related("person__unit", "household__unit", "household__head", "collective",
                        "decision__issuer", "import_batch")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def history_url_name(entry: Entry) -> str:
    """Return the URL name of the history page of the entry's subject."""
    if entry.person_id is not None:
        return "records:person_history"
    if entry.household_id is not None:
        return "records:household_history"
    return "records:unit_history"


def subject_pk(entry: Entry) -> int:
    pk = entry.person_id or entry.household_id or entry.collective_id
    assert pk is not None
    return pk


def may_amend(user: Viewer, subject: Person | Household | OrgUnit) -> bool:
    """Answer whether the user may correct or revoke the subject's entries."""
    if isinstance(subject, OrgUnit):
        return can(user, Action.MANAGE_UNIT, subject)
    return can(user, Action.CHANGE_PERSON, subject.unit)


# A select offers at most this many of each kind; a larger scope is narrowed by unit.
CHOICES_LIMIT = 500


def list_issuer_choices(user: Viewer) -> list[OrgUnit]:
    """Return the bodies whose decisions the user may register: their units and those above."""
    paths = granted_paths(user, Action.CHANGE_PERSON)
    if not paths:
        return []
    above = {int(part) for path in paths for part in path.strip("/").split("/")[:-1] if part}
    inside = Q()
    for path in paths:
        inside |= Q(path__startswith=path)
    # 1: the units above the user's and the current units inside their scope.
    return list(
        OrgUnit.objects.filter(Q(pk__in=above) | (inside & Q(valid_to__isnull=True)))
        .only("pk", "name", "path", "depth")
        .order_by("path")[:CHOICES_LIMIT]
    )


def subject_choices(user: Viewer, unit: OrgUnit | None = None) -> list[tuple[str, str]]:
    """Return "p:12"-style references and labels of the subjects the user may award."""
    people = Person.objects.filter(unit_filter(user, Action.CHANGE_PERSON))
    households = Household.objects.filter(unit_filter(user, Action.CHANGE_PERSON))
    units = OrgUnit.objects.filter(unit_filter(user, Action.MANAGE_UNIT, field=""),
                                   valid_to__isnull=True)
    if unit is not None:
        people = people.filter(unit__path__startswith=unit.path)
        households = households.filter(unit__path__startswith=unit.path)
        units = units.filter(path__startswith=unit.path)
    # 1: persons; 2: households with their head; 3: collectives.
    person_rows = people.order_by("name_folded", "pk").values_list(
        "pk", "full_name", "birth_date")[:CHOICES_LIMIT]
    household_rows = households.order_by("code", "pk").values_list(
        "pk", "code", "head__full_name")[:CHOICES_LIMIT]
    unit_rows = units.order_by("path").values_list("pk", "name")[:CHOICES_LIMIT]
    return (
        [(f"p:{pk}", f"{name} ({born:%d/%m/%Y})" if born else name)
         for pk, name, born in person_rows]
        + [(f"h:{pk}", f"{code} — {head}") for pk, code, head in household_rows]
        + [(f"c:{pk}", name) for pk, name in unit_rows]
    )


def resolve_subjects(user: Viewer, refs: list[str]
                     ) -> dict[str, Person | Household | OrgUnit]:
    """Return the subjects that "p:12"-style references name, among those the user may award.

    A reference that is malformed, unknown or out of scope is simply absent from the result.
    """
    wanted: dict[str, set[int]] = {"p": set(), "h": set(), "c": set()}
    for ref in refs:
        kind, _sep, raw = ref.partition(":")
        if kind in wanted and raw.isdigit():
            wanted[kind].add(int(raw))
    found: dict[str, Person | Household | OrgUnit] = {}
    # At most three queries, one per kind named.
    if wanted["p"]:
        for person in Person.objects.filter(
                unit_filter(user, Action.CHANGE_PERSON), pk__in=wanted["p"]
        ).select_related("unit"):
            found[f"p:{person.pk}"] = person
    if wanted["h"]:
        for household in Household.objects.filter(
                unit_filter(user, Action.CHANGE_PERSON), pk__in=wanted["h"]
        ).select_related("unit", "head"):
            found[f"h:{household.pk}"] = household
    if wanted["c"]:
        for unit in OrgUnit.objects.filter(
                unit_filter(user, Action.MANAGE_UNIT, field=""), pk__in=wanted["c"]):
            found[f"c:{unit.pk}"] = unit
    return found


def get_issuer_for_user(user: Viewer, pk: int) -> OrgUnit:
    """Return a unit whose decisions the user may register (theirs or above), or raise 404."""
    paths = granted_paths(user, Action.CHANGE_PERSON)
    unit = OrgUnit.objects.filter(pk=pk).first()
    if unit is None or not any(path.startswith(unit.path) or unit.path.startswith(path)
                               for path in paths):
        raise Http404
    return unit
