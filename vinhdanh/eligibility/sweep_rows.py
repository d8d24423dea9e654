"""The rows a sweep stores: one per subject and award worth acting on, or one per group.

Award types whose own conditions read nothing of the record but who the subject is
(`Evaluator.profile_only`: most orders and medals, decided by a council on qualitative
grounds) give every subject of one population category the same verdict and the same
lines to confirm. Stored per subject, they were 2.27 million of a 100,000-person
province's 3.14 million rows, each saying nothing about that person. Their eligible and
to-confirm verdicts are therefore stored once per group of alike subjects, with how many
subjects the group holds; refusals by one condition stay per subject, since they name
what that subject lacks (a discipline, an open review).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterator

from django.utils import translation

from vinhdanh.core.money import group_digits
from vinhdanh.eligibility.engine import Subject
from vinhdanh.eligibility.engine.texts import label
from vinhdanh.eligibility.evaluation import NOT_ELIGIBLE, AwardCheck
from vinhdanh.eligibility.history import COLLECTIVE, HOUSEHOLD, INDIVIDUAL
from vinhdanh.eligibility.models import ResultKind
from vinhdanh.people.models import Category

#: Columns of a stored row, in the order the functions below give their values.
RESULT_COLUMNS = ("run_id", "subject_kind", "person_id", "household_id", "collective_id",
                  "subject_name", "subjects", "award_code", "award_name", "kind", "missing",
                  "missing_basis", "to_confirm")
_SUBJECT_SLOT = {INDIVIDUAL: 0, HOUSEHOLD: 1, COLLECTIVE: 2}
GROUPED_RESULTS = frozenset({ResultKind.ELIGIBLE, ResultKind.NEEDS_CONFIRMATION})

Row = tuple[object, ...]
#: (subject kind, category or unit type, award code, award name, result, to confirm)
GroupKey = tuple[str, str, str, str, str, str]


def subject_rows(run_id: int, kind: str, pk: int, name: str, checks: list[AwardCheck],
                 grouped: Collection[str], profile: str, groups: Counter[GroupKey],
                 ) -> Iterator[Row]:
    """Yield one subject's rows (eligible, to confirm, missing one) ready for the
    database; count instead, in `groups`, those of the `grouped` award types."""
    subject: list[int | None] = [None, None, None]
    subject[_SUBJECT_SLOT[kind]] = pk
    name = name[:255]
    for check in checks:
        result = check.result
        if result == NOT_ELIGIBLE:
            continue
        to_confirm = check.to_confirm_vi if result == ResultKind.NEEDS_CONFIRMATION else ""
        if result in GROUPED_RESULTS and check.award_code in grouped:
            groups[(kind, profile, check.award_code, check.award_name, result, to_confirm)] += 1
            continue
        missing = check.missing_line
        yield (
            run_id, kind, *subject, name, 1, check.award_code, check.award_name[:255],
            result,
            missing.text_vi if missing else "",
            missing.legal_basis[:255] if missing else "",
            to_confirm,
        )


def profile_of(subject: Subject) -> str:
    """What groups alike subjects: their population category or type of unit."""
    return subject.category or subject.unit_type or ""


def group_rows(run_id: int, groups: Counter[GroupKey]) -> Iterator[Row]:
    """Yield one row per group of subjects sharing a profile-only verdict."""
    for (kind, profile, code, award_name, result, to_confirm), count in groups.items():
        yield (
            run_id, kind, None, None, None, group_name(kind, profile, count)[:255], count,
            code, award_name[:255], result, "", "", to_confirm,
        )


def group_name(kind: str, profile: str, count: int) -> str:
    """e.g. "Nhóm cá nhân: Cán bộ, công chức, viên chức — 84.512 đối tượng" (stored in
    Vietnamese like the sweep's condition texts)."""
    noun = label(kind)[0]
    with translation.override("vi"):
        who = (str(Category(profile).label) if profile in Category.values
               else label(profile)[0] if profile else "chưa ghi nhóm đối tượng")
    return f"Nhóm {noun}: {who} — {group_digits(count)} đối tượng"
