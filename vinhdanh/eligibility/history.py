"""Turn effective ledger rows and subject attributes into the engine's SubjectHistory.

Everything here is set-based: a subtree's subjects, employments, household memberships
and ledger rows are read with a handful of streaming queries (`values_list` + `iterator`),
grouped in Python, and converted once. Nothing queries per subject.

Only entries in effect count: revocations and entries replaced by a correction are left
out by `records.selectors.effective_entries` (Law 06/2022 Art 93: a revoked award no
longer counts towards a higher one).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Q, QuerySet

from vinhdanh.eligibility.engine import Subject, SubjectHistory
from vinhdanh.eligibility.engine.model import (
    ClusterLeadership,
    CommendationReceived,
    Discipline,
    Initiative,
    MovementAchievement,
    PendingReview,
    RecordEntry,
    ScienceWork,
    TaskRating,
    TitleConferred,
)
from vinhdanh.people.models import Employment, Household, HouseholdMember, Person
from vinhdanh.records.models import Entry, EntryKind
from vinhdanh.records.selectors import effective_entries
from vinhdanh.units.models import OrgUnit, UnitKind

INDIVIDUAL = "individual"
HOUSEHOLD = "household"
COLLECTIVE = "collective"

#: Ledger subject column for each subject kind.
SUBJECT_COLUMN = {INDIVIDUAL: "person_id", HOUSEHOLD: "household_id", COLLECTIVE: "collective_id"}

#: Unit kinds read by `unit_type` conditions (awards.yaml vocabulary).
UNIT_TYPES: dict[str, str] = {
    UnitKind.COMMUNE: "commune_ward_special_zone",
    UnitKind.WARD: "commune_ward_special_zone",
    UnitKind.SPECIAL_ZONE: "commune_ward_special_zone",
    UnitKind.TOWNSHIP: "commune_ward_special_zone",
    UnitKind.VILLAGE: "village_or_residential_group",
    UnitKind.ARMED_FORCES_UNIT: "armed_forces_unit",
    UnitKind.ENTERPRISE: "enterprise",
    UnitKind.PROVINCE: "ministry_branch_province",
    UnitKind.MINISTRY: "ministry_branch_province",
    UnitKind.DEPARTMENT: "state_agency_unit",
    UnitKind.AGENCY: "state_agency_unit",
    UnitKind.PUBLIC_SERVICE_UNIT: "state_agency_unit",
    UnitKind.SCHOOL: "state_agency_unit",
    UnitKind.MASS_ORGANISATION: "state_agency_unit",
    UnitKind.DISTRICT: "state_agency_unit",
}

#: Law 06/2022 Art 8 kinds of commendation, ledger code -> engine code.
COMMENDATION_BASES = {
    "merit": "merit",
    "ad_hoc": "ad_hoc",
    "movement": "thematic",
    "service": "long_service",
    "seniority": "seniority",
    "foreign": "foreign_affairs",
}

#: The ledger records who recognised a movement or cluster achievement as a scope; the
#: engine asks who launched the movement or organised the cluster.
MOVEMENT_LAUNCHERS = {
    "unit": "unit",
    "grassroots": "unit",
    "district_equivalent": "district",
    "ministry_province": "ministry_province",
    "national": "central_council",
}
CLUSTER_ORGANIZERS = {
    "district_equivalent": "district",
    "ministry_province": "ministry_province",
    "national": "central_council",
}

#: Columns read from each ledger row, in this order (see `record_of`).
ENTRY_COLUMNS = (
    "kind",
    "year",
    "award_code",
    "rating",
    "scope",
    "effect",
    "science_state",
    "discipline_level",
    "review_kind",
    "date",
    "start",
    "end",
    "decision__commendation_type",
)

Row = tuple[Any, ...]
_UNKNOWN_MEMBER = Subject(kind=INDIVIDUAL)


def _year_end(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def record_of(row: Row) -> RecordEntry | None:
    """Return the engine record for one ledger row (columns as ENTRY_COLUMNS)."""
    (kind, year, award, rating, scope, effect, state, level, _review, day, start, end,
     basis) = row
    on = day or start or _year_end(year)
    if kind == EntryKind.TASK_RATING:
        return TaskRating(year=year, level=rating)
    if kind == EntryKind.TITLE:
        return TitleConferred(award=award, year=year)
    if kind == EntryKind.COMMENDATION:
        return CommendationReceived(
            award=award, on=on, basis=COMMENDATION_BASES.get(basis or "merit", "merit")
        )
    if kind == EntryKind.INITIATIVE:
        return Initiative(on=on, scope=scope, effect=effect)
    if kind == EntryKind.SCIENCE_WORK:
        return ScienceWork(on=on, scope=scope, state=state)
    if kind == EntryKind.DISCIPLINE:
        return Discipline(level=level, start=start or on, end=end)
    if kind == EntryKind.PENDING_REVIEW:
        return PendingReview(start=start or on, end=end)
    if kind == EntryKind.MOVEMENT_ACHIEVEMENT:
        years = max(1, (end.year - start.year + 1)) if start and end else 1
        return MovementAchievement(
            on=end or on,
            launched_by=MOVEMENT_LAUNCHERS.get(scope, "unit"),
            duration_years=years,
            stage="final",
        )
    if kind == EntryKind.CLUSTER_LEADERSHIP:
        return ClusterLeadership(year=year, organizer=CLUSTER_ORGANIZERS.get(scope, "district"))
    return None


def _member_view(record: Iterable[RecordEntry], year: int) -> tuple[RecordEntry, ...]:
    """Keep what a collective's or household's rules read of a member: the year's rating
    and titles, and discipline and reviews (collective.py, status.py in the engine)."""
    return tuple(
        r
        for r in record
        if isinstance(r, Discipline | PendingReview)
        or (isinstance(r, TaskRating | TitleConferred) and r.year == year)
    )


# --- queries ---------------------------------------------------------------------------


def ledger_rows(entries: QuerySet[Entry], kind: str) -> Iterator[Row]:
    """Stream (subject id, *ENTRY_COLUMNS) of effective entries of one subject kind,
    ordered by subject so that callers can group without holding everything."""
    column = SUBJECT_COLUMN[kind]
    rows = (
        effective_entries(entries.filter(**{f"{column}__isnull": False}))
        .order_by(column, "year", "pk")
        .values_list(column, *ENTRY_COLUMNS)
    )
    return rows.iterator(chunk_size=5000)


def group_rows(rows: Iterable[Row]) -> dict[int, list[RecordEntry]]:
    """Group streamed ledger rows into engine records per subject id."""
    grouped: dict[int, list[RecordEntry]] = defaultdict(list)
    for row in rows:
        record = record_of(row[1:])
        if record is not None:
            grouped[row[0]].append(record)
    return grouped


@dataclass
class SubtreeData:
    """Subjects of a subtree with their attributes and their effective records."""

    year: int
    persons: dict[int, Subject] = field(default_factory=dict)
    households: dict[int, Subject] = field(default_factory=dict)
    collectives: dict[int, Subject] = field(default_factory=dict)
    unit_paths: dict[int, str] = field(default_factory=dict)
    subject_paths: dict[tuple[str, int], str] = field(default_factory=dict)
    records: dict[str, dict[int, list[RecordEntry]]] = field(default_factory=dict)
    unit_members: dict[int, list[int]] = field(default_factory=dict)
    household_members: dict[int, list[int]] = field(default_factory=dict)
    rows_loaded: int = 0

    def history(self, kind: str, pk: int) -> SubjectHistory:
        """Return the SubjectHistory of one loaded subject."""
        subjects = {INDIVIDUAL: self.persons, HOUSEHOLD: self.households,
                    COLLECTIVE: self.collectives}[kind]
        record = tuple(self.records.get(kind, {}).get(pk, ()))
        members: tuple[SubjectHistory, ...] = ()
        member_ids = (
            self.unit_members.get(pk, [])
            if kind == COLLECTIVE
            else self.household_members.get(pk, []) if kind == HOUSEHOLD else []
        )
        if member_ids:
            person_records = self.records.get(INDIVIDUAL, {})
            # Members carry no ref: the engine only counts them, and without it the
            # member lists of two subjects compare equal when their records do.
            members = tuple(
                SubjectHistory(
                    subject=replace(self.persons.get(mid, _UNKNOWN_MEMBER), ref=""),
                    record=_member_view(person_records.get(mid, ()), self.year),
                )
                for mid in member_ids
            )
        return SubjectHistory(subject=subjects[pk], record=record, members=members)

    def subjects(self) -> Iterator[tuple[str, int]]:
        for kind, subjects in ((INDIVIDUAL, self.persons), (HOUSEHOLD, self.households),
                               (COLLECTIVE, self.collectives)):
            for pk in subjects:
                yield kind, pk


def _person_subject(pk: int, category: str, gender: str, start: dt.date | None) -> Subject:
    return Subject(kind=INDIVIDUAL, category=category or None, gender=gender or None,
                   employment_start=start, ref=f"p:{pk}")


def _employment_starts(employments: Iterable[tuple[int, int, dt.date, dt.date | None]],
                       on: dt.date) -> tuple[dict[int, dt.date], dict[int, list[int]]]:
    """Return (earliest start of a current employment per person, current staff per unit)."""
    starts: dict[int, dt.date] = {}
    staff: dict[int, list[int]] = defaultdict(list)
    for person_id, unit_id, start, end in employments:
        if start > on or (end is not None and end < on):
            continue
        held = starts.get(person_id)
        if held is None or start < held:
            starts[person_id] = start
        staff[unit_id].append(person_id)
    return starts, staff


def load_subtree(root: OrgUnit, *, year: int, on: dt.date | None = None) -> SubtreeData:
    """Load every subject of `root`'s subtree with its effective record, in nine queries."""
    day = on or _year_end(year)
    prefix = root.path
    data = SubtreeData(year=year)
    # 1: units of the subtree (the collectives).
    for pk, kind, path in OrgUnit.objects.filter(path__startswith=prefix).values_list(
        "pk", "kind", "path"
    ).iterator(chunk_size=5000):
        data.collectives[pk] = Subject(kind=COLLECTIVE, unit_type=UNIT_TYPES.get(kind),
                                       ref=f"u:{pk}")
        data.unit_paths[pk] = path
        data.subject_paths[(COLLECTIVE, pk)] = path
    # 2: employments held in the subtree's units or by its persons.
    employments = Employment.objects.filter(
        Q(unit__path__startswith=prefix) | Q(person__unit__path__startswith=prefix)
    ).values_list("person_id", "unit_id", "start", "end")
    starts, staff = _employment_starts(employments.iterator(chunk_size=5000), day)
    data.unit_members = {u: ids for u, ids in staff.items() if u in data.collectives}
    # 3: persons managed in the subtree.
    for pk, category, gender, path in Person.objects.filter(
        unit__path__startswith=prefix
    ).values_list("pk", "category", "gender", "unit__path").iterator(chunk_size=5000):
        data.persons[pk] = _person_subject(pk, category, gender, starts.get(pk))
        data.subject_paths[(INDIVIDUAL, pk)] = path
    # 4: households of the subtree; 5: their members.
    for pk, path in Household.objects.filter(unit__path__startswith=prefix).values_list(
        "pk", "unit__path"
    ).iterator(chunk_size=5000):
        data.households[pk] = Subject(kind=HOUSEHOLD, ref=f"h:{pk}")
        data.subject_paths[(HOUSEHOLD, pk)] = path
    members: dict[int, list[int]] = defaultdict(list)
    for household_id, person_id in HouseholdMember.objects.filter(
        household__unit__path__startswith=prefix
    ).values_list("household_id", "person_id").iterator(chunk_size=5000):
        members[household_id].append(person_id)
    data.household_members = dict(members)
    # 6-8: effective ledger rows of each subject kind held in the subtree.
    in_subtree = Entry.objects.filter(unit__path__startswith=prefix)
    for kind in (INDIVIDUAL, HOUSEHOLD, COLLECTIVE):
        counted = _Counter(ledger_rows(in_subtree, kind))
        data.records[kind] = group_rows(counted)
        data.rows_loaded += counted.count
    # 9: members of the subtree's units whose records are kept outside it.
    outside = {pid for ids in data.unit_members.values() for pid in ids} - data.persons.keys()
    if outside:
        staff_ids = _current_staff(day).filter(unit__path__startswith=prefix)
        counted = _Counter(ledger_rows(
            Entry.objects.filter(person_id__in=staff_ids.values("person_id")).exclude(
                person__unit__path__startswith=prefix
            ),
            INDIVIDUAL,
        ))
        data.records[INDIVIDUAL].update(group_rows(counted))
        data.rows_loaded += counted.count
    return data


def _current_staff(day: dt.date) -> QuerySet[Employment]:
    return Employment.objects.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end__gte=day))


class _Counter:
    """Count rows while they stream through."""

    def __init__(self, rows: Iterable[Row]) -> None:
        self.rows = rows
        self.count = 0

    def __iter__(self) -> Iterator[Row]:
        for row in self.rows:
            self.count += 1
            yield row


def load_subject(subject: Person | Household | OrgUnit, *, year: int) -> SubjectHistory:
    """Return one subject's history (members included) in a constant number of queries."""
    day = _year_end(year)
    if isinstance(subject, Person):
        # 1: the person's current employments; 2: their effective ledger rows.
        starts, _staff = _employment_starts(
            Employment.objects.filter(person=subject).values_list(
                "person_id", "unit_id", "start", "end"
            ),
            day,
        )
        record = group_rows(ledger_rows(Entry.objects.filter(person=subject), INDIVIDUAL))
        return SubjectHistory(
            subject=_person_subject(subject.pk, subject.category, subject.gender,
                                    starts.get(subject.pk)),
            record=tuple(record.get(subject.pk, ())),
        )
    if isinstance(subject, Household):
        # 1: the household's rows; 2: its members with attributes; 3: the members' rows.
        own = group_rows(ledger_rows(Entry.objects.filter(household=subject), HOUSEHOLD))
        member_rows = list(
            HouseholdMember.objects.filter(household=subject).values_list(
                "person_id", "person__category", "person__gender"
            )
        )
        return SubjectHistory(
            subject=Subject(kind=HOUSEHOLD, ref=f"h:{subject.pk}"),
            record=tuple(own.get(subject.pk, ())),
            members=_members(
                member_rows, {}, year,
                Entry.objects.filter(person__memberships__household=subject),
            ),
        )
    # A collective: 1: its rows; 2: current staff; 3: the staff's rows.
    own = group_rows(ledger_rows(Entry.objects.filter(collective=subject), COLLECTIVE))
    staff = _current_staff(day).filter(unit=subject)
    staff_rows = list(staff.values_list("person_id", "person__category", "person__gender", "start"))
    starts = {pid: start for pid, _c, _g, start in staff_rows}
    return SubjectHistory(
        subject=Subject(kind=COLLECTIVE, unit_type=UNIT_TYPES.get(subject.kind),
                        ref=f"u:{subject.pk}"),
        record=tuple(own.get(subject.pk, ())),
        members=_members([(p, c, g) for p, c, g, _s in staff_rows], starts, year,
                         Entry.objects.filter(person_id__in=staff.values("person_id"))),
    )


def _members(rows: list[tuple[int, str, str]], starts: dict[int, dt.date], year: int,
             entries: QuerySet[Entry]) -> tuple[SubjectHistory, ...]:
    seen: dict[int, tuple[str, str]] = {}
    for pid, category, gender in rows:
        seen.setdefault(pid, (category, gender))
    if not seen:
        return ()
    records = group_rows(ledger_rows(entries, INDIVIDUAL))
    return tuple(
        SubjectHistory(
            subject=_person_subject(pid, category, gender, starts.get(pid)),
            record=_member_view(records.get(pid, ()), year),
        )
        for pid, (category, gender) in seen.items()
    )
