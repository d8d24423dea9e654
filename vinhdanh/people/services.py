"""Writes for persons, households and employment; each checks the policy and is audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, TypedDict, Unpack

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from vinhdanh.accounts.policy import Action, ensure_can
from vinhdanh.audit.services import record_event
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.core.text import fold, to_nfc
from vinhdanh.people.idnumber import mask_id_number, validate_id_number
from vinhdanh.people.models import (
    Category,
    Employment,
    Ethnicity,
    Gender,
    Household,
    HouseholdMember,
    Person,
    Relation,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from vinhdanh.accounts.models import User
    from vinhdanh.units.models import OrgUnit

    Actor = User | AnonymousUser

EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)
PERSON_FIELDS = (
    "full_name", "gender", "birth_date", "ethnicity", "category", "id_number", "unit", "address"
)


class PersonChanges(TypedDict, total=False):
    full_name: str
    gender: str
    birth_date: dt.date | None
    ethnicity: str
    category: str
    id_number: str | None
    unit: OrgUnit
    address: str


class HouseholdChanges(TypedDict, total=False):
    code: str
    head: Person
    unit: OrgUnit
    address: str


class EmploymentChanges(TypedDict, total=False):
    unit: OrgUnit
    position: str
    is_leader: bool
    start: dt.date
    end: dt.date | None


# --- helpers -----------------------------------------------------------------------------


def _audit_value(field: str, value: object) -> object:
    if field == "id_number":
        return mask_id_number(value if isinstance(value, str) else None)
    if field in {"unit", "head"}:
        return getattr(value, "pk", None)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _diff(before: dict[str, object], after: dict[str, object]) -> dict[str, dict[str, object]]:
    return {
        field: {"old": _audit_value(field, before[field]), "new": _audit_value(field, value)}
        for field, value in after.items()
        if before[field] != value
    }


def _clean_text(value: str, *, field: str, label: str, required: bool, max_length: int) -> str:
    text = to_nfc(value or "")
    if required and not text:
        raise ValidationFailed(_("%(field)s: this field is required.") % {"field": label},
                               field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(field)s: at most %(max)d characters.") % {"field": label, "max": max_length},
            field=field,
        )
    return text


def _check_choice(value: str, choices: type[Gender | Ethnicity | Category | Relation], *,
                  field: str, label: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            _("%(field)s: “%(value)s” is not a valid choice.") % {"field": label, "value": value},
            field=field,
        )
    return value


def _clean_person(values: dict[str, object], *, pk: int | None) -> dict[str, object]:
    """Normalise and validate person fields; raise ValidationFailed naming the field."""
    clean = dict(values)
    if "full_name" in clean:
        clean["full_name"] = _clean_text(
            str(clean["full_name"]), field="full_name", label=_("Full name"), required=True,
            max_length=255,
        )
    if "address" in clean:
        clean["address"] = _clean_text(
            str(clean["address"] or ""), field="address", label=_("Address"), required=False,
            max_length=255,
        )
    if "gender" in clean:
        _check_choice(str(clean["gender"]), Gender, field="gender", label=_("Gender"))
    if "ethnicity" in clean:
        _check_choice(str(clean["ethnicity"]), Ethnicity, field="ethnicity", label=_("Ethnicity"))
    if "category" in clean:
        _check_choice(str(clean["category"]), Category, field="category",
                      label=_("Population category"))
    birth = clean.get("birth_date")
    if isinstance(birth, dt.date) and not (EARLIEST_BIRTH_DATE <= birth <= timezone.localdate()):
        raise ValidationFailed(
            _("Date of birth: %(date)s is not a plausible date of birth.")
            % {"date": birth.strftime("%d/%m/%Y")},
            field="birth_date",
        )
    if "id_number" in clean:
        number = validate_id_number(clean["id_number"])  # type: ignore[arg-type]
        clean["id_number"] = number
        others = Person.objects.filter(id_number=number)
        if pk is not None:
            others = others.exclude(pk=pk)
        if number and others.exists():
            raise ValidationFailed(
                _("National ID number: %(number)s is already recorded for another person.")
                % {"number": mask_id_number(number)},
                field="id_number",
            )
    return clean


def _duplicate_id_error(number: str | None) -> ValidationFailed:
    return ValidationFailed(
        _("National ID number: %(number)s is already recorded for another person.")
        % {"number": mask_id_number(number)},
        field="id_number",
    )


# --- persons -------------------------------------------------------------------------------


def create_person(
    *,
    actor: Actor,
    full_name: str,
    gender: str,
    unit: OrgUnit,
    birth_date: dt.date | None = None,
    ethnicity: str = Ethnicity.KINH,
    category: str = Category.WORKER_FARMER,
    id_number: str | None = None,
    address: str = "",
) -> Person:
    """Register a person in `unit`."""
    ensure_can(actor, Action.CHANGE_PERSON, unit)
    clean = _clean_person(
        {
            "full_name": full_name, "gender": gender, "birth_date": birth_date,
            "ethnicity": ethnicity, "category": category, "id_number": id_number,
            "address": address,
        },
        pk=None,
    )
    try:
        with transaction.atomic():
            person = Person(unit=unit, **clean)
            person.name_folded = fold(person.full_name)
            person.save()
            record_event(
                actor=actor,
                action="people.person_created",
                target=person,
                unit_path=unit.path,
                data={"fields": {k: _audit_value(k, v) for k, v in clean.items()}
                      | {"unit": unit.pk}},
            )
    except IntegrityError as exc:  # a concurrent insert of the same number
        raise _duplicate_id_error(clean.get("id_number")) from exc  # type: ignore[arg-type]
    return person


def update_person(*, actor: Actor, person: Person, **changes: Unpack[PersonChanges]) -> Person:
    """Change a person's details; moving to another unit needs rights on both units."""
    ensure_can(actor, Action.CHANGE_PERSON, person.unit)
    new_unit = changes.get("unit")
    if new_unit is not None:
        ensure_can(actor, Action.CHANGE_PERSON, new_unit)
    clean = _clean_person(dict(changes), pk=person.pk)
    try:
        with transaction.atomic():
            locked = Person.objects.select_for_update().get(pk=person.pk)
            before = {field: getattr(locked, field) for field in clean}
            changed = _diff(before, clean)
            if changed:
                for field, value in clean.items():
                    setattr(locked, field, value)
                locked.name_folded = fold(locked.full_name)
                locked.save()
                record_event(
                    actor=actor,
                    action="people.person_updated",
                    target=locked,
                    unit_path=locked.unit.path,
                    data={"changed": changed},
                )
    except IntegrityError as exc:
        raise _duplicate_id_error(clean.get("id_number")) from exc  # type: ignore[arg-type]
    return locked


# --- households ----------------------------------------------------------------------------


def _clean_household_code(code: str, *, unit: OrgUnit, pk: int | None) -> str:
    text = _clean_text(code, field="code", label=_("Household code"), required=True,
                       max_length=32)
    others = Household.objects.filter(unit=unit, code=text)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        raise ValidationFailed(
            _("Household code: %(code)s is already used in this unit.") % {"code": text},
            field="code",
        )
    return text


def _ensure_not_in_other_household(person: Person, *, household: Household | None) -> None:
    taken = HouseholdMember.objects.filter(person=person)
    if household is not None:
        taken = taken.exclude(household=household)
    if taken.exists():
        raise ValidationFailed(
            _("%(name)s is already a member of another household.") % {"name": person},
            field="person",
        )


def create_household(
    *, actor: Actor, code: str, head: Person, unit: OrgUnit, address: str = ""
) -> Household:
    """Register a household in `unit` with `head` as its first member."""
    ensure_can(actor, Action.CHANGE_PERSON, unit)
    ensure_can(actor, Action.VIEW_PERSON, head.unit)
    clean_code = _clean_household_code(code, unit=unit, pk=None)
    clean_address = _clean_text(address, field="address", label=_("Address"), required=False,
                                max_length=255)
    _ensure_not_in_other_household(head, household=None)
    with transaction.atomic():
        household = Household.objects.create(
            code=clean_code, head=head, unit=unit, address=clean_address
        )
        HouseholdMember.objects.create(household=household, person=head, relation=Relation.HEAD)
        record_event(
            actor=actor,
            action="people.household_created",
            target=household,
            unit_path=unit.path,
            data={"code": clean_code, "head": head.pk, "unit": unit.pk},
        )
    return household


def update_household(
    *, actor: Actor, household: Household, **changes: Unpack[HouseholdChanges]
) -> Household:
    """Change a household's code, address, unit or head (the new head must be a member)."""
    ensure_can(actor, Action.CHANGE_PERSON, household.unit)
    unit = changes.get("unit", household.unit)
    ensure_can(actor, Action.CHANGE_PERSON, unit)
    clean: dict[str, object] = {}
    if "code" in changes or "unit" in changes:
        clean["code"] = _clean_household_code(
            changes.get("code", household.code), unit=unit, pk=household.pk
        )
    if "unit" in changes:
        clean["unit"] = unit
    if "address" in changes:
        clean["address"] = _clean_text(changes["address"], field="address", label=_("Address"),
                                       required=False, max_length=255)
    new_head = changes.get("head")
    with transaction.atomic():
        locked = Household.objects.select_for_update().get(pk=household.pk)
        if new_head is not None and new_head.pk != locked.head_id:
            if not locked.memberships.filter(person=new_head).exists():
                raise ValidationFailed(
                    _("Head of household: %(name)s must first be added as a member.")
                    % {"name": new_head},
                    field="head",
                )
            clean["head"] = new_head
        before = {field: getattr(locked, field) for field in clean}
        changed = _diff(before, clean)
        if changed:
            if "head" in clean:
                locked.memberships.filter(relation=Relation.HEAD).update(relation=Relation.OTHER)
                locked.memberships.filter(person=new_head).update(relation=Relation.HEAD)
            for field, value in clean.items():
                setattr(locked, field, value)
            locked.save()
            record_event(
                actor=actor,
                action="people.household_updated",
                target=locked,
                unit_path=locked.unit.path,
                data={"changed": changed},
            )
    return locked


def add_household_member(
    *, actor: Actor, household: Household, person: Person, relation: str
) -> HouseholdMember:
    """Add `person` to `household` with their relation to the head."""
    ensure_can(actor, Action.CHANGE_PERSON, household.unit)
    ensure_can(actor, Action.VIEW_PERSON, person.unit)
    _check_choice(relation, Relation, field="relation", label=_("Relation to head"))
    if relation == Relation.HEAD:
        raise ValidationFailed(
            _("Relation to head: choose the new head on the household form instead."),
            field="relation",
        )
    if household.memberships.filter(person=person).exists():
        raise ValidationFailed(
            _("%(name)s is already a member of this household.") % {"name": person},
            field="person",
        )
    _ensure_not_in_other_household(person, household=household)
    with transaction.atomic():
        member = HouseholdMember.objects.create(
            household=household, person=person, relation=relation
        )
        record_event(
            actor=actor,
            action="people.household_member_added",
            target=household,
            unit_path=household.unit.path,
            data={"person": person.pk, "relation": relation},
        )
    return member


def remove_household_member(*, actor: Actor, household: Household, person: Person) -> None:
    """Take `person` out of `household`; the head cannot be removed."""
    ensure_can(actor, Action.CHANGE_PERSON, household.unit)
    if Household.objects.filter(pk=household.pk, head=person).exists():
        raise ValidationFailed(
            _("The head of household cannot be removed; choose another head first."),
            field="person",
        )
    with transaction.atomic():
        deleted, _rows = household.memberships.filter(person=person).delete()
        if not deleted:
            raise ValidationFailed(
                _("%(name)s is not a member of this household.") % {"name": person},
                field="person",
            )
        record_event(
            actor=actor,
            action="people.household_member_removed",
            target=household,
            unit_path=household.unit.path,
            data={"person": person.pk},
        )


# --- employment ----------------------------------------------------------------------------


def _clean_employment(values: dict[str, object], *, person: Person) -> dict[str, object]:
    clean = dict(values)
    if "position" in clean:
        clean["position"] = _clean_text(str(clean["position"]), field="position",
                                        label=_("Position"), required=True, max_length=255)
    start = clean.get("start")
    end = clean.get("end")
    if isinstance(start, dt.date) and person.birth_date and start < person.birth_date:
        raise ValidationFailed(
            _("From: %(date)s is before the person's date of birth.")
            % {"date": start.strftime("%d/%m/%Y")},
            field="start",
        )
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
        raise ValidationFailed(
            _("To: %(end)s is before the start date %(start)s.")
            % {"end": end.strftime("%d/%m/%Y"), "start": start.strftime("%d/%m/%Y")},
            field="end",
        )
    return clean


def add_employment(
    *,
    actor: Actor,
    person: Person,
    unit: OrgUnit,
    position: str,
    start: dt.date,
    is_leader: bool = False,
    end: dt.date | None = None,
) -> Employment:
    """Record that `person` holds (or held) `position` in `unit` from `start`."""
    ensure_can(actor, Action.CHANGE_PERSON, person.unit)
    ensure_can(actor, Action.CHANGE_PERSON, unit)
    clean = _clean_employment(
        {"position": position, "start": start, "end": end, "is_leader": is_leader},
        person=person,
    )
    with transaction.atomic():
        employment = Employment.objects.create(person=person, unit=unit, **clean)
        record_event(
            actor=actor,
            action="people.employment_added",
            target=employment,
            unit_path=person.unit.path,
            data={"person": person.pk, "unit": unit.pk}
            | {k: _audit_value(k, v) for k, v in clean.items()},
        )
    return employment


def update_employment(
    *, actor: Actor, employment: Employment, **changes: Unpack[EmploymentChanges]
) -> Employment:
    """Correct an employment period, e.g. change the position held."""
    person = employment.person
    ensure_can(actor, Action.CHANGE_PERSON, person.unit)
    ensure_can(actor, Action.CHANGE_PERSON, employment.unit)
    if "unit" in changes:
        ensure_can(actor, Action.CHANGE_PERSON, changes["unit"])
    merged = {"start": employment.start, "end": employment.end} | dict(changes)
    clean = _clean_employment(merged, person=person)
    clean = {field: clean[field] for field in changes}
    with transaction.atomic():
        locked = Employment.objects.select_for_update().get(pk=employment.pk)
        changed = _diff({field: getattr(locked, field) for field in clean}, clean)
        if changed:
            for field, value in clean.items():
                setattr(locked, field, value)
            locked.save()
            record_event(
                actor=actor,
                action="people.employment_updated",
                target=locked,
                unit_path=person.unit.path,
                data={"person": person.pk, "changed": changed},
            )
    return locked


def end_employment(*, actor: Actor, employment: Employment, end: dt.date) -> Employment:
    """Close a current employment period on `end`."""
    if employment.end is not None:
        raise ValidationFailed(
            _("This employment already ended on %(date)s.")
            % {"date": employment.end.strftime("%d/%m/%Y")},
            field="end",
        )
    person = employment.person
    ensure_can(actor, Action.CHANGE_PERSON, person.unit)
    ensure_can(actor, Action.CHANGE_PERSON, employment.unit)
    _clean_employment({"start": employment.start, "end": end}, person=person)
    with transaction.atomic():
        locked = Employment.objects.select_for_update().get(pk=employment.pk)
        locked.end = end
        locked.save(update_fields=["end", "updated_at"])
        record_event(
            actor=actor,
            action="people.employment_ended",
            target=locked,
            unit_path=person.unit.path,
            data={"person": person.pk, "end": end.isoformat()},
        )
    return locked
