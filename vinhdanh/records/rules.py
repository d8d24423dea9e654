"""What each kind of ledger entry must carry; shared by the services and the importer."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, fields, replace

from django.utils.translation import gettext as _

from vinhdanh.records.awards import resolve_award
from vinhdanh.records.models import (
    DisciplineLevel,
    Effect,
    EntryKind,
    ReviewKind,
    ScienceState,
    Scope,
    SubjectKind,
    TaskRating,
)

EARLIEST_YEAR = 1945


@dataclass(frozen=True)
class EntryData:
    """The typed content of an entry; which fields matter depends on `kind`."""

    kind: str
    year: int
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
    ref_number: str = ""
    ref_date: dt.date | None = None
    ref_issuer: str = ""

    def as_model_fields(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in _MODEL_FIELDS}

    def with_changes(self, **changes: object) -> EntryData:
        return replace(self, **changes)  # type: ignore[arg-type]


_MODEL_FIELDS = tuple(f.name for f in fields(EntryData))


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


# Fields each kind requires (beyond kind and year).
REQUIRED: dict[str, tuple[str, ...]] = {
    EntryKind.TITLE: ("award_code",),
    EntryKind.COMMENDATION: ("award_code", "date"),
    EntryKind.TASK_RATING: ("rating",),
    EntryKind.INITIATIVE: ("title", "scope", "effect"),
    EntryKind.SCIENCE_WORK: ("title", "scope", "science_state"),
    EntryKind.DISCIPLINE: ("discipline_level", "start"),
    EntryKind.PENDING_REVIEW: ("review_kind", "start"),
    EntryKind.MOVEMENT_ACHIEVEMENT: ("title",),
    EntryKind.CLUSTER_LEADERSHIP: ("title",),
}

KINDS = frozenset(EntryKind.values)
CHOICES: dict[str, frozenset[str]] = {
    "rating": frozenset(TaskRating.values),
    "scope": frozenset(Scope.values),
    "effect": frozenset(Effect.values),
    "science_state": frozenset(ScienceState.values),
    "discipline_level": frozenset(DisciplineLevel.values),
    "review_kind": frozenset(ReviewKind.values),
}

# Ratings and collective leadership concern people and collectives, never households.
SUBJECT_KINDS: dict[str, frozenset[str]] = {
    EntryKind.TASK_RATING: frozenset({SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE}),
    EntryKind.DISCIPLINE: frozenset({SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE}),
    EntryKind.INITIATIVE: frozenset({SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE}),
    EntryKind.SCIENCE_WORK: frozenset({SubjectKind.INDIVIDUAL, SubjectKind.COLLECTIVE}),
    EntryKind.CLUSTER_LEADERSHIP: frozenset({SubjectKind.COLLECTIVE}),
}


def field_label(name: str) -> str:
    labels = {
        "kind": _("Kind of entry"),
        "year": _("Year"),
        "award_code": _("Award"),
        "rating": _("Rating"),
        "title": _("Title / content"),
        "scope": _("Scope"),
        "effect": _("Effect"),
        "science_state": _("Acceptance"),
        "discipline_level": _("Discipline level"),
        "review_kind": _("Review"),
        "date": _("Date"),
        "start": _("From"),
        "end": _("To"),
    }
    return labels.get(name, name)


def check_entry(data: EntryData, *, subject_kind: str, today: dt.date) -> list[Problem]:
    """Return every problem with `data` as an entry for a subject of `subject_kind`."""
    problems: list[Problem] = []
    if data.kind not in KINDS:
        return [Problem("kind", _("Unknown kind of entry “%(value)s”.") % {"value": data.kind})]
    if not EARLIEST_YEAR <= data.year <= today.year + 1:
        problems.append(
            Problem("year", _("Year %(year)s is outside %(low)s–%(high)s.")
                    % {"year": data.year, "low": EARLIEST_YEAR, "high": today.year + 1})
        )
    for name in REQUIRED[data.kind]:
        if getattr(data, name) in ("", None):
            problems.append(Problem(name, _("%(field)s is required for this kind of entry.")
                                    % {"field": field_label(name)}))
    for name, allowed in CHOICES.items():
        value = getattr(data, name)
        if value and value not in allowed:
            problems.append(Problem(name, _("“%(value)s” is not a valid value.")
                                    % {"value": value}))
    allowed_subjects = SUBJECT_KINDS.get(data.kind)
    if allowed_subjects is not None and subject_kind not in allowed_subjects:
        problems.append(Problem("kind", _("This kind of entry does not apply to this subject.")))
    if data.kind in (EntryKind.TITLE, EntryKind.COMMENDATION) and data.award_code:
        problems.extend(_check_award(data, subject_kind=subject_kind))
    if data.start and data.end and data.end < data.start:
        problems.append(Problem("end", _("The end date is before the start date.")))
    for name in ("date", "start", "ref_date"):
        value = getattr(data, name)
        if value is not None and value > today:
            problems.append(Problem(name, _("%(field)s %(date)s is in the future.")
                                    % {"field": field_label(name),
                                       "date": value.strftime("%d/%m/%Y")}))
    return problems


def _check_award(data: EntryData, *, subject_kind: str) -> list[Problem]:
    award = resolve_award(data.award_code)
    if award is None or award.code != data.award_code:
        return [Problem("award_code", _("Unknown award “%(value)s”.") % {"value": data.award_code})]
    if award.is_title != (data.kind == EntryKind.TITLE):
        message = (
            _("“%(name)s” is a commendation form, not an emulation title.")
            if data.kind == EntryKind.TITLE
            else _("“%(name)s” is an emulation title, not a commendation form.")
        )
        return [Problem("award_code", message % {"name": award.name})]
    if award.subjects and subject_kind not in award.subjects:
        return [Problem("award_code", _("“%(name)s” is not awarded to this kind of subject.")
                        % {"name": award.name})]
    return []


def natural_key(subject_key: str, data: EntryData, *, operation: str = "record",
                supersedes: int | None = None) -> str:
    """Return the fingerprint that identifies one fact about one subject."""
    return natural_key_of_fields(subject_key, data.as_model_fields(), operation=operation,
                                 supersedes=supersedes)


def natural_key_of_fields(subject_key: str, fields: dict[str, object], *,
                          operation: str = "record", supersedes: int | None = None) -> str:
    """`natural_key` for fields already taken out of an EntryData (the importer's hot loop)."""
    parts = [subject_key, operation, str(supersedes or ""),
             *("" if v is None else str(v) for v in fields.values())]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
