"""REST endpoints of the ledger (mounted at /api/v1/records/)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from vinhdanh.accounts.policy import Action
from vinhdanh.core.errors import ValidationFailed
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


class DecisionLineOut(Schema):
    id: int
    awardee_name: str
    person_id: int | None
    household_id: int | None
    collective_id: int | None
    award_code: str
    amount_vnd: int
    base_salary_vnd: int
    entry_id: int | None
    replaced_by: str | None


class DecisionDetailOut(DecisionOut):
    total_vnd: int
    lines: list[DecisionLineOut]


class DecisionLineRegisterIn(Schema):
    subject: str  # "p:12" (person), "h:3" (household) or "c:5" (collective)
    award_code: str
    amount_vnd: int = 0
    period_year: int | None = None


class DecisionRegisterIn(Schema):
    number: str
    date: dt.date
    issuer_id: int
    signer_name: str = ""
    signer_title: str = ""
    commendation_type: str = "merit"
    lines: list[DecisionLineRegisterIn]


class DecisionRefIn(Schema):
    number: str
    date: dt.date
    issuer_id: int
    signer_name: str = ""


class EntryRevokeIn(Schema):
    decision: DecisionRefIn
    reason: str
    legal_basis: str


class EntryCorrectIn(Schema):
    """The corrected content; a field left out keeps the original's value."""

    reason: str
    legal_basis: str
    decision: DecisionRefIn | None = None
    year: int | None = None
    award_code: str | None = None
    rating: str | None = None
    title: str | None = None
    authors: str | None = None
    scope: str | None = None
    effect: str | None = None
    science_state: str | None = None
    recognized_by: str | None = None
    discipline_level: str | None = None
    review_kind: str | None = None
    date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    note: str | None = None


def _decision_detail(request: HttpRequest, pk: int) -> DecisionDetailOut:
    decision = selectors.get_decision_for_user(request.user, pk)
    lines = [
        DecisionLineOut(
            id=line.pk, awardee_name=line.awardee_name, person_id=line.person_id,
            household_id=line.household_id, collective_id=line.collective_id,
            award_code=line.award_code, amount_vnd=line.amount_vnd,
            base_salary_vnd=line.base_salary_vnd,
            entry_id=line.entry_id, replaced_by=line.replaced_by,  # type: ignore[attr-defined]
        )
        for line in selectors.list_decision_lines(decision)
    ]
    return DecisionDetailOut(
        id=decision.pk, number=decision.number, date=decision.date,
        issuer_id=decision.issuer_id, issuer_name=decision.issuer.name,
        signer_name=decision.signer_name, signer_title=decision.signer_title,
        commendation_type=decision.commendation_type,
        line_count=decision.line_count,  # type: ignore[attr-defined]
        total_vnd=decision.total_vnd or 0,  # type: ignore[attr-defined]
        lines=lines,
    )


@router.get("/decisions/{pk}", response=DecisionDetailOut)
def get_decision(request: HttpRequest, pk: int) -> DecisionDetailOut:
    """Return a decision with its lines and what became of each line's entry."""
    return _decision_detail(request, pk)


@router.post("/decisions", response={201: DecisionDetailOut})
def register_decision(request: HttpRequest, payload: DecisionRegisterIn
                      ) -> Status[DecisionDetailOut]:
    """Register a decision and enter each line's award in the awardee's record."""
    issuer = selectors.get_issuer_for_user(request.user, payload.issuer_id)
    found = selectors.resolve_subjects(request.user, [line.subject for line in payload.lines])
    lines = []
    for number, line in enumerate(payload.lines, start=1):
        subject = found.get(line.subject)
        if subject is None:
            raise ValidationFailed(
                _("Line %(line)s, awardee: no person, household or collective of your units "
                  "has this reference.") % {"line": number}, field=f"lines.{number}.subject")
        lines.append(services.DecisionLineIn(subject=subject, award_code=line.award_code,
                                             amount_vnd=line.amount_vnd,
                                             period_year=line.period_year))
    decision = services.register_decision(
        actor=request.user, number=payload.number, date=payload.date, issuer=issuer,
        lines=lines, signer_name=payload.signer_name, signer_title=payload.signer_title,
        commendation_type=payload.commendation_type)
    return Status(201, _decision_detail(request, decision.pk))


def _decision_ref(request: HttpRequest, payload: DecisionRefIn) -> services.DecisionRef:
    return services.DecisionRef(
        number=payload.number, date=payload.date,
        issuer=selectors.get_issuer_for_user(request.user, payload.issuer_id),
        signer_name=payload.signer_name)


@router.post("/entries/{pk}/revoke", response={201: EntryOut})
def revoke_entry(request: HttpRequest, pk: int, payload: EntryRevokeIn) -> Status[EntryOut]:
    """Revoke an entry under the decision that revokes it (Law 06/2022 Art. 93)."""
    entry = selectors.get_entry_for_user(request.user, pk)
    revocation = services.revoke_entry(
        actor=request.user, entry=entry, source=_decision_ref(request, payload.decision),
        reason=payload.reason, legal_basis=payload.legal_basis)
    return Status(201, _entry_out(revocation))


@router.post("/entries/{pk}/correct", response={201: EntryOut})
def correct_entry(request: HttpRequest, pk: int, payload: EntryCorrectIn) -> Status[EntryOut]:
    """Replace an entry's content; without a decision the original's source is cited."""
    entry = selectors.get_entry_for_user(request.user, pk)
    changes = payload.dict(exclude={"reason", "legal_basis", "decision"}, exclude_unset=True)
    original = EntryData(**{name: getattr(entry, name)
                            for name in EntryData.__dataclass_fields__})
    source = _decision_ref(request, payload.decision) if payload.decision else None
    correction = services.correct_entry(
        actor=request.user, entry=entry, data=original.with_changes(**changes), source=source,
        reason=payload.reason, legal_basis=payload.legal_basis)
    return Status(201, _entry_out(correction))
