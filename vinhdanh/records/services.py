"""Writes to the ledger: record, correct and revoke entries; register decisions.

Entries are never updated or deleted. A correction or a revocation is a new entry that
points at the entry it replaces, so the history keeps both (Law 06/2022 Art. 93 on
revoking awards granted on false grounds).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, can, covers, ensure_can, granted_paths
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, DomainError, ValidationFailed
from vinhdanh.core.text import fold, to_nfc
from vinhdanh.people.models import Household, Person
from vinhdanh.records.awards import resolve_award
from vinhdanh.records.models import (
    CommendationType,
    Decision,
    DecisionLine,
    Entry,
    EntryKind,
    ImportBatch,
    Operation,
    SubjectKind,
)
from vinhdanh.records.rules import EntryData, check_entry, field_label, natural_key
from vinhdanh.units.models import OrgUnit

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    Actor = User | AnonymousUser

SubjectT = Person | Household | OrgUnit
Source = Decision | ImportBatch


@dataclass(frozen=True)
class SubjectRef:
    """Where a subject's entries live: its kind, its foreign key and its unit."""

    kind: SubjectKind
    unit: OrgUnit
    fk: dict[str, SubjectT]
    key: str

    @property
    def action(self) -> Action:
        # Dedicated ledger actions are proposed to the lead; until then these two apply.
        return Action.MANAGE_UNIT if self.kind == SubjectKind.COLLECTIVE else Action.CHANGE_PERSON


def subject_ref(subject: SubjectT) -> SubjectRef:
    if isinstance(subject, Person):
        return SubjectRef(SubjectKind.INDIVIDUAL, subject.unit, {"person": subject},
                          f"p:{subject.pk}")
    if isinstance(subject, Household):
        return SubjectRef(SubjectKind.HOUSEHOLD, subject.unit, {"household": subject},
                          f"h:{subject.pk}")
    return SubjectRef(SubjectKind.COLLECTIVE, subject, {"collective": subject}, f"c:{subject.pk}")


def _entry_subject(entry: Entry) -> SubjectT:
    if entry.person_id is not None:
        assert entry.person is not None
        return entry.person
    if entry.household_id is not None:
        assert entry.household is not None
        return entry.household
    assert entry.collective is not None
    return entry.collective


def _source_fields(source: Source) -> dict[str, object]:
    if isinstance(source, Decision):
        return {"decision": source}
    return {"import_batch": source}


def _raise_first(problems: Sequence[object]) -> None:
    if problems:
        problem = problems[0]
        name = getattr(problem, "field", "")
        raise ValidationFailed(
            _("%(field)s: %(reason)s") % {"field": field_label(name),
                                          "reason": getattr(problem, "message", "")},
            field=name,
        )


def _audit(actor: Actor, verb: str, entry: Entry, ref: SubjectRef) -> None:
    record_event(
        actor=actor,
        action=f"records.{verb}",
        target=entry,
        unit_path=ref.unit.path,
        data={"kind": entry.kind, "year": entry.year, "subject": ref.key,
              "award": entry.award_code, "supersedes": entry.supersedes_id,
              "decision": entry.decision_id, "import_batch": entry.import_batch_id},
    )


def _user(actor: Actor) -> User:
    # ensure_can has already refused anonymous users; this narrows the type.
    if not isinstance(actor, User):
        raise PermissionDenied
    return actor


def _create(*, actor: Actor, ref: SubjectRef, data: EntryData, source: Source,
            operation: str = Operation.RECORD, supersedes: Entry | None = None,
            reason: str = "", legal_basis: str = "",
            decision_line: DecisionLine | None = None) -> Entry:
    key = natural_key(ref.key, data, operation=operation,
                      supersedes=supersedes.pk if supersedes else None)
    entry = Entry(
        **ref.fk, **_source_fields(source), **data.as_model_fields(),
        unit=ref.unit, operation=operation, supersedes=supersedes, reason=reason,
        legal_basis=legal_basis, natural_key=key, recorded_by=_user(actor),
        decision_line=decision_line,
    )
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError as exc:
        raise Conflict(_("This entry is already in the ledger.")) from exc
    return entry


@transaction.atomic
def record_entry(*, actor: Actor, subject: SubjectT, data: EntryData,
                 source: Source | DecisionRef) -> Entry:
    """Add one entry to a subject's history (a `DecisionRef` is registered if new)."""
    ref = subject_ref(subject)
    ensure_can(actor, ref.action, ref.unit)
    _raise_first(check_entry(data, subject_kind=ref.kind, today=timezone.localdate()))
    if isinstance(source, DecisionRef):
        source = _source_decision(actor, source)
    entry = _create(actor=actor, ref=ref, data=data, source=source)
    _audit(actor, "entry_recorded", entry, ref)
    return entry


def _lock_current(entry: Entry) -> Entry:
    """Lock `entry` and refuse it unless it is still in effect."""
    locked = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("person__unit", "household__unit", "collective")
        .get(pk=entry.pk)
    )
    if locked.operation == Operation.REVOCATION or Entry.objects.filter(
        supersedes=locked
    ).exists():
        raise Conflict(_("This entry has already been corrected or revoked; "
                         "act on the latest entry instead."))
    return locked


def _require_reason(reason: str, legal_basis: str) -> tuple[str, str]:
    reason, legal_basis = to_nfc(reason), to_nfc(legal_basis)
    if not reason:
        raise ValidationFailed(_("Reason: a reason is required."), field="reason")
    if not legal_basis:
        raise ValidationFailed(_("Legal basis: cite the legal basis."), field="legal_basis")
    return reason, legal_basis


def _data_of(entry: Entry) -> EntryData:
    return EntryData(**{name: getattr(entry, name) for name in EntryData.__dataclass_fields__})


@dataclass(frozen=True)
class DecisionRef:
    """The decision a correction or revocation cites, as written on it."""

    number: str
    date: dt.date
    issuer: OrgUnit
    signer_name: str = ""
    signer_title: str = ""


# Numbers are written "125/QĐ-UBND" (number/symbol) or "15/2024/QĐ-UBND" (Decree 30/2020,
# Appendix I): a leading number, then one or more "/"-separated parts without spaces.
_NUMBER = re.compile(r"^\d+(?:/[^\s/]+)+$")


def _clean_number(number: str) -> str:
    number = " ".join(to_nfc(number).split())
    if not number:
        raise ValidationFailed(_("Number: the decision number is required."), field="number")
    if not _NUMBER.match(number):
        raise ValidationFailed(
            _("Number: “%(value)s” is not written like a decision number "
              "(for example 125/QĐ-UBND).") % {"value": number}, field="number")
    return number


def _check_date(date: dt.date) -> None:
    if date > timezone.localdate():
        raise ValidationFailed(
            _("Date: a decision cannot be dated in the future (%(date)s).")
            % {"date": date.strftime("%d/%m/%Y")}, field="date")


def _ensure_issuer(actor: Actor, issuer: OrgUnit) -> None:
    """Refuse an issuing body that is neither one of the actor's units nor above them."""
    paths = granted_paths(actor, Action.VIEW_UNIT)
    if covers(paths, issuer.path) or any(path.startswith(issuer.path) for path in paths):
        return
    raise ValidationFailed(
        _("Issuing body: %(name)s is neither one of your units nor above them.")
        % {"name": issuer.name}, field="issuer")


def _registered(issuer: OrgUnit, number: str, year: int) -> Decision | None:
    # The range (not date__year) keeps the look-up on the (issuer, date) index.
    return Decision.objects.filter(
        issuer=issuer, number_folded=fold(number),
        date__range=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    ).first()


def _duplicate(found: Decision) -> Conflict:
    # A number is unique per issuing body and year: the register numbers from 1 each
    # year (Decree 30/2020, Art. 15).
    return Conflict(
        _("Number: %(issuer)s already has decision %(number)s in %(year)s (dated %(date)s).")
        % {"issuer": found.issuer.name, "number": found.number, "year": found.date.year,
           "date": found.date.strftime("%d/%m/%Y")}, field="number")


def _create_decision(*, actor: Actor, number: str, date: dt.date, issuer: OrgUnit,
                     signer_name: str, signer_title: str, commendation_type: str,
                     lines: int) -> Decision:
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                number=number, date=date, issuer=issuer, signer_name=to_nfc(signer_name).strip(),
                signer_title=to_nfc(signer_title).strip(), commendation_type=commendation_type,
                number_folded=fold(number),
            )
    except IntegrityError as exc:
        raise Conflict(_("Number: decision %(number)s of %(date)s is already registered.")
                       % {"number": number, "date": date.strftime("%d/%m/%Y")},
                       field="number") from exc
    record_event(
        actor=actor,
        action="records.decision_registered",
        target=decision,
        unit_path=issuer.path,
        data={"number": number, "date": date.isoformat(), "issuer": issuer.pk, "lines": lines},
    )
    return decision


def _source_decision(actor: Actor, ref: DecisionRef) -> Decision:
    """Return the registered decision `ref` names, registering it (without lines) if new."""
    try:
        number = _clean_number(ref.number)
        _check_date(ref.date)
        _ensure_issuer(actor, ref.issuer)
        found = _registered(ref.issuer, number, ref.date.year)
        if found is not None and found.date != ref.date:
            raise _duplicate(found)
    except DomainError as exc:
        # Forms name these fields decision_number, decision_date, decision_issuer, apart
        # from the entry's own date.
        exc.field = f"decision_{exc.field}" if exc.field else exc.field
        raise
    if found is not None:
        return found
    return _create_decision(actor=actor, number=number, date=ref.date, issuer=ref.issuer,
                            signer_name=ref.signer_name, signer_title=ref.signer_title,
                            commendation_type=CommendationType.MERIT, lines=0)


def _original_source(entry: Entry) -> Source:
    if entry.decision is not None:
        return entry.decision
    assert entry.import_batch is not None
    return entry.import_batch


@transaction.atomic
def correct_entry(*, actor: Actor, entry: Entry, data: EntryData, reason: str,
                  legal_basis: str, source: Source | DecisionRef | None = None) -> Entry:
    """Replace an entry with corrected content; the original stays in the history.

    Without a `source`, the correction cites the original's own source: the record was
    entered wrongly from that decision or file (a clerical correction).
    """
    original = _lock_current(entry)
    ref = subject_ref(_entry_subject(original))
    ensure_can(actor, ref.action, ref.unit)
    reason, legal_basis = _require_reason(reason, legal_basis)
    if data.kind != original.kind:
        raise ValidationFailed(_("Kind of entry: a correction keeps the kind of the original."),
                               field="kind")
    if data == _data_of(original):
        raise ValidationFailed(_("The correction changes nothing: change at least one field."))
    _raise_first(check_entry(data, subject_kind=ref.kind, today=timezone.localdate()))
    if source is None:
        source = _original_source(original)
    elif isinstance(source, DecisionRef):
        source = _source_decision(actor, source)
    correction = _create(actor=actor, ref=ref, data=data, source=source,
                         operation=Operation.CORRECTION, supersedes=original,
                         reason=reason, legal_basis=legal_basis)
    _audit(actor, "entry_corrected", correction, ref)
    return correction


@transaction.atomic
def revoke_entry(*, actor: Actor, entry: Entry, source: Source | DecisionRef, reason: str,
                 legal_basis: str) -> Entry:
    """Revoke an entry (e.g. an award granted on false grounds, Law 06/2022 Art. 93).

    The source is the decision that revokes: the authority that decided the award
    decides its revocation (Law 06/2022 Art. 93(2)).
    """
    original = _lock_current(entry)
    ref = subject_ref(_entry_subject(original))
    ensure_can(actor, ref.action, ref.unit)
    reason, legal_basis = _require_reason(reason, legal_basis)
    if isinstance(source, DecisionRef):
        source = _source_decision(actor, source)
    revocation = _create(actor=actor, ref=ref, data=_data_of(original), source=source,
                         operation=Operation.REVOCATION, supersedes=original,
                         reason=reason, legal_basis=legal_basis)
    _audit(actor, "entry_revoked", revocation, ref)
    return revocation


@dataclass(frozen=True)
class DecisionLineIn:
    subject: SubjectT
    award_code: str
    amount_vnd: int = 0
    base_salary_vnd: int = 0
    # The period a title is conferred for; the decision's year when not given.
    period_year: int | None = None


class DecisionLinesInvalid(ValidationFailed):
    """One or more lines of a decision are wrong; `problems` names each line and field."""

    def __init__(self, problems: Sequence[LineProblem]):
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems),
                         field=self.problems[0].field_path if self.problems else "lines")


@dataclass(frozen=True)
class LineProblem:
    line: int  # 1-based, as the user counts the lines
    field: str  # "subject", "award_code", "amount_vnd", "period_year" or "" (the whole line)
    message: str

    @property
    def field_path(self) -> str:
        return f"lines.{self.line}.{self.field}" if self.field else f"lines.{self.line}"


def _awardee_name(subject: SubjectT) -> str:
    if isinstance(subject, Household):
        return f"{subject.code} — {subject.head.full_name}"
    return subject.full_name if isinstance(subject, Person) else subject.name


# Fields of a line that an entry problem is about (the rest concern the whole line).
_LINE_FIELDS = {"award_code": "award_code", "year": "period_year"}


def _line_entry(line: DecisionLineIn, ref: SubjectRef, date: dt.date
                ) -> tuple[EntryData | None, list[tuple[str, str]]]:
    """Return the entry a line writes, or its problems as (field, reason) pairs."""
    if line.amount_vnd < 0 or line.base_salary_vnd < 0:
        return None, [("amount_vnd", _("it cannot be negative."))]
    award = resolve_award(line.award_code)
    if award is None:
        return None, [("award_code", _("unknown award “%(value)s”.")
                       % {"value": line.award_code})]
    kind = EntryKind.TITLE if award.is_title else EntryKind.COMMENDATION
    data = EntryData(kind=kind, year=line.period_year or date.year, award_code=award.code,
                     date=date)
    problems = [(_LINE_FIELDS.get(p.field, ""), p.message)
                for p in check_entry(data, subject_kind=ref.kind, today=timezone.localdate())]
    return (None if problems else data), problems


def _check_lines(lines: Sequence[DecisionLineIn], refs: Sequence[SubjectRef], date: dt.date
                 ) -> list[EntryData]:
    """Validate every line before anything is written; raise with all their problems."""
    problems: list[LineProblem] = []
    entries: list[EntryData] = []
    seen: dict[tuple[str, str, int], int] = {}
    for position, (line, ref) in enumerate(zip(lines, refs, strict=True), start=1):
        data, found = _line_entry(line, ref, date)
        problems.extend(LineProblem(position, field, _line_message(position, field, reason))
                        for field, reason in found)
        if data is None:
            continue
        key = (ref.key, data.award_code, data.year)
        if key in seen:
            problems.append(LineProblem(position, "", _(
                "Line %(line)s repeats line %(first)s (same awardee, award and year).")
                % {"line": position, "first": seen[key]}))
        seen.setdefault(key, position)
        entries.append(data)
    if problems:
        raise DecisionLinesInvalid(problems)
    return entries


def _line_message(line: int, field: str, reason: str) -> str:
    labels = {"award_code": _("award"), "amount_vnd": _("reward money"),
              "period_year": _("year")}
    if field not in labels:
        return _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}
    return _("Line %(line)s, %(field)s: %(reason)s") % {"line": line, "field": labels[field],
                                                          "reason": reason}


@transaction.atomic
def register_decision(
    *,
    actor: Actor,
    number: str,
    date: dt.date,
    issuer: OrgUnit,
    lines: Sequence[DecisionLineIn],
    signer_name: str = "",
    signer_title: str = "",
    commendation_type: str = CommendationType.MERIT,
) -> Decision:
    """Register a decision and enter each awardee's title or commendation in the ledger."""
    number = _clean_number(number)
    _check_date(date)
    if commendation_type not in CommendationType.values:
        raise ValidationFailed(_("Commendation type: unknown value."), field="commendation_type")
    _ensure_issuer(actor, issuer)
    if not lines:
        raise ValidationFailed(_("Lines: a decision names at least one awardee."), field="lines")
    refs = [subject_ref(line.subject) for line in lines]
    for ref in refs:
        # The authority that decides writes its awardees' entries (Law 06/2022 Art. 80);
        # a leader who may issue decisions over the unit needs no data-entry role there.
        if not can(actor, Action.ISSUE_DECISION, ref.unit):
            ensure_can(actor, ref.action, ref.unit)
    entries = _check_lines(lines, refs, date)
    found = _registered(issuer, number, date.year)
    if found is not None:
        raise _duplicate(found)
    decision = _create_decision(actor=actor, number=number, date=date, issuer=issuer,
                                signer_name=signer_name, signer_title=signer_title,
                                commendation_type=commendation_type, lines=len(lines))
    for position, (line, ref, data) in enumerate(zip(lines, refs, entries, strict=True),
                                                  start=1):
        name = _awardee_name(line.subject)
        decision_line = DecisionLine.objects.create(
            decision=decision, **ref.fk, award_code=data.award_code, amount_vnd=line.amount_vnd,
            base_salary_vnd=line.base_salary_vnd, awardee_name=name, awardee_folded=fold(name),
        )
        try:
            _create(actor=actor, ref=ref, data=data, source=decision, decision_line=decision_line)
        except Conflict as exc:
            raise DecisionLinesInvalid([LineProblem(position, "", _(
                "Line %(line)s: %(name)s already has this award for %(year)s in the ledger.")
                % {"line": position, "name": name, "year": data.year})]) from exc
    return decision
