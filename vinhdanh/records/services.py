"""Writes to the ledger: record, correct and revoke entries; register decisions.

Entries are never updated or deleted. A correction or a revocation is a new entry that
points at the entry it replaces, so the history keeps both (Law 06/2022 Art. 93 on
revoking awards granted on false grounds).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import Conflict, ValidationFailed
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
def record_entry(*, actor: Actor, subject: SubjectT, data: EntryData, source: Source) -> Entry:
    """Add one entry to a subject's history."""
    ref = subject_ref(subject)
    ensure_can(actor, ref.action, ref.unit)
    _raise_first(check_entry(data, subject_kind=ref.kind, today=timezone.localdate()))
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


@transaction.atomic
def correct_entry(*, actor: Actor, entry: Entry, data: EntryData, source: Source,
                  reason: str, legal_basis: str) -> Entry:
    """Replace an entry with corrected content; the original stays in the history."""
    original = _lock_current(entry)
    ref = subject_ref(_entry_subject(original))
    ensure_can(actor, ref.action, ref.unit)
    reason, legal_basis = _require_reason(reason, legal_basis)
    if data.kind != original.kind:
        raise ValidationFailed(_("Kind of entry: a correction keeps the kind of the original."),
                               field="kind")
    if data == _data_of(original):
        raise ValidationFailed(_("The correction changes nothing."))
    _raise_first(check_entry(data, subject_kind=ref.kind, today=timezone.localdate()))
    correction = _create(actor=actor, ref=ref, data=data, source=source,
                         operation=Operation.CORRECTION, supersedes=original,
                         reason=reason, legal_basis=legal_basis)
    _audit(actor, "entry_corrected", correction, ref)
    return correction


@transaction.atomic
def revoke_entry(*, actor: Actor, entry: Entry, source: Source, reason: str,
                 legal_basis: str) -> Entry:
    """Revoke an entry (e.g. an award granted on false grounds, Law 06/2022 Art. 93)."""
    original = _lock_current(entry)
    ref = subject_ref(_entry_subject(original))
    ensure_can(actor, ref.action, ref.unit)
    reason, legal_basis = _require_reason(reason, legal_basis)
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


def _awardee_name(subject: SubjectT) -> str:
    if isinstance(subject, Household):
        return f"{subject.code} — {subject.head.full_name}"
    return subject.full_name if isinstance(subject, Person) else subject.name


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
    number = to_nfc(number)
    if not number:
        raise ValidationFailed(_("Number: the decision number is required."), field="number")
    if date > timezone.localdate():
        raise ValidationFailed(_("Date: a decision cannot be dated in the future."), field="date")
    if not lines:
        raise ValidationFailed(_("Lines: a decision names at least one awardee."), field="lines")
    if commendation_type not in CommendationType.values:
        raise ValidationFailed(_("Commendation type: unknown value."), field="commendation_type")
    refs = [subject_ref(line.subject) for line in lines]
    for ref in refs:
        ensure_can(actor, ref.action, ref.unit)
    if Decision.objects.filter(issuer=issuer, number=number, date=date).exists():
        raise Conflict(_("Decision %(number)s of %(date)s is already registered.")
                       % {"number": number, "date": date.strftime("%d/%m/%Y")})
    decision = Decision.objects.create(
        number=number, date=date, issuer=issuer, signer_name=to_nfc(signer_name),
        signer_title=to_nfc(signer_title), commendation_type=commendation_type,
        number_folded=fold(number),
    )
    for position, (line, ref) in enumerate(zip(lines, refs, strict=True), start=1):
        award = resolve_award(line.award_code)
        if award is None or line.amount_vnd < 0 or line.base_salary_vnd < 0:
            raise ValidationFailed(
                _("Line %(line)s: unknown award or negative amount.") % {"line": position},
                field="lines",
            )
        name = _awardee_name(line.subject)
        decision_line = DecisionLine.objects.create(
            decision=decision, **ref.fk, award_code=award.code, amount_vnd=line.amount_vnd,
            base_salary_vnd=line.base_salary_vnd, awardee_name=name, awardee_folded=fold(name),
        )
        kind = EntryKind.TITLE if award.is_title else EntryKind.COMMENDATION
        data = EntryData(kind=kind, year=line.period_year or date.year, award_code=award.code,
                         date=date)
        problems = check_entry(data, subject_kind=ref.kind, today=timezone.localdate())
        if problems:
            raise ValidationFailed(
                _("Line %(line)s: %(reason)s") % {"line": position,
                                                  "reason": problems[0].message},
                field="lines",
            )
        _create(actor=actor, ref=ref, data=data, source=decision, decision_line=decision_line)
    record_event(
        actor=actor,
        action="records.decision_registered",
        target=decision,
        unit_path=issuer.path,
        data={"number": number, "date": date.isoformat(), "issuer": issuer.pk,
              "lines": len(lines)},
    )
    return decision
