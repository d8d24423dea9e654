"""REST endpoints of the ledger (mounted at /api/v1/records/)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Router, Schema, Status

from vinhdanh.accounts.policy import Action
from vinhdanh.people import selectors as people_selectors
from vinhdanh.people.models import Household, Person
from vinhdanh.records import selectors, services
from vinhdanh.records.models import Entry
from vinhdanh.records.rules import EntryData
from vinhdanh.units import selectors as unit_selectors
from vinhdanh.units.models import OrgUnit

router = Router(tags=["records"])


class EntryOut(Schema):
    id: int
    kind: str
    operation: str
    year: int
    award_code: str
    rating: str
    title: str
    scope: str
    effect: str
    science_state: str
    discipline_level: str
    review_kind: str
    date: dt.date | None
    start: dt.date | None
    end: dt.date | None
    supersedes_id: int | None
    is_superseded: bool
    reason: str
    legal_basis: str
    decision_number: str | None
    decision_date: dt.date | None
    import_file: str | None


class EntryRecordIn(Schema):
    kind: str
    year: int
    decision_id: int
    award_code: str = ""
    rating: str = ""
    title: str = ""
    authors: str = ""
    scope: str = ""
    effect: str = ""
    science_state: str = ""
    recognized_by: str = ""
    discipline_level: str = ""
    review_kind: str = ""
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str = ""


class DecisionOut(Schema):
    id: int
    number: str
    date: dt.date
    issuer_id: int
    issuer_name: str
    signer_name: str
    signer_title: str
    commendation_type: str
    line_count: int


def _entry_out(entry: Entry) -> EntryOut:
    decision = entry.decision
    batch = entry.import_batch
    return EntryOut(
        id=entry.pk, kind=entry.kind, operation=entry.operation, year=entry.year,
        award_code=entry.award_code, rating=entry.rating, title=entry.title, scope=entry.scope,
        effect=entry.effect, science_state=entry.science_state,
        discipline_level=entry.discipline_level, review_kind=entry.review_kind,
        date=entry.date, start=entry.start, end=entry.end, supersedes_id=entry.supersedes_id,
        is_superseded=bool(getattr(entry, "is_superseded", False)), reason=entry.reason,
        legal_basis=entry.legal_basis,
        decision_number=decision.number if decision else None,
        decision_date=decision.date if decision else None,
        import_file=batch.file_name if batch else None,
    )


@router.get("/persons/{pk}/history", response=list[EntryOut])
def person_history(request: HttpRequest, pk: int) -> list[EntryOut]:
    person = people_selectors.get_person_for_user(request.user, pk)
    return [_entry_out(e) for e in selectors.get_history(person)]


@router.get("/households/{pk}/history", response=list[EntryOut])
def household_history(request: HttpRequest, pk: int) -> list[EntryOut]:
    household = people_selectors.get_household_for_user(request.user, pk)
    return [_entry_out(e) for e in selectors.get_history(household)]


@router.get("/units/{pk}/history", response=list[EntryOut])
def unit_history(request: HttpRequest, pk: int) -> list[EntryOut]:
    unit = unit_selectors.get_unit_for_user(request.user, pk)
    return [_entry_out(e) for e in selectors.get_history(unit)]


def _record(request: HttpRequest, subject: Person | Household | OrgUnit,
            payload: EntryRecordIn) -> EntryOut:
    data = payload.dict()
    decision = selectors.get_decision_for_user(request.user, data.pop("decision_id"))
    entry = services.record_entry(actor=request.user, subject=subject,
                                  data=EntryData(**data), source=decision)
    return _entry_out(entry)


@router.post("/persons/{pk}/entries", response={201: EntryOut})
def record_person_entry(request: HttpRequest, pk: int, payload: EntryRecordIn
                        ) -> Status[EntryOut]:
    person = people_selectors.get_person_for_user(request.user, pk, action=Action.CHANGE_PERSON)
    return Status(201, _record(request, person, payload))


@router.get("/decisions", response=list[DecisionOut])
def list_decisions(request: HttpRequest, number: str = "", awardee: str = "",
                   date_from: dt.date | None = None, date_to: dt.date | None = None,
                   issuer_id: int | None = None, limit: int = 50, offset: int = 0
                   ) -> list[DecisionOut]:
    """Search the decisions the caller may see (newest first)."""
    # The issuer only narrows the result, which is already limited to the caller's scope.
    issuer = OrgUnit.objects.filter(pk=issuer_id).first() if issuer_id is not None else None
    if issuer_id is not None and issuer is None:
        return []
    filters = selectors.DecisionFilters(number=number, awardee=awardee, date_from=date_from,
                                        date_to=date_to, issuer=issuer)
    limit = max(1, min(limit, 200))
    decisions = selectors.list_decisions(request.user, filters)[offset:offset + limit]
    return [
        DecisionOut(id=d.pk, number=d.number, date=d.date, issuer_id=d.issuer_id,
                    issuer_name=d.issuer.name, signer_name=d.signer_name,
                    signer_title=d.signer_title, commendation_type=d.commendation_type,
                    line_count=d.line_count)  # type: ignore[attr-defined]
        for d in decisions
    ]
