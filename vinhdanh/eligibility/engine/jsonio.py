"""The JSON contract of `vinhdanh eligibility check`: parse a request, render the result.

Pure Python: the management command, the API and tests share it without a database.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.engine.evaluate import (
    awards_for_kind,
    evaluate_award,
    rule_set_for_year,
)
from vinhdanh.eligibility.engine.money import reward_amount
from vinhdanh.eligibility.engine.outcome import Verdict
from vinhdanh.eligibility.engine.ruleset import RuleBook

T = TypeVar("T")


class InputError(ValueError):
    """Invalid request; `field` names the offending field (e.g. `record[2].level`)."""

    def __init__(self, field: str, message_vi: str, message_en: str) -> None:
        super().__init__(f"{field}: {message_en}")
        self.field = field
        self.message_vi = message_vi
        self.message_en = message_en

    @property
    def bilingual(self) -> str:
        return f"Trường `{self.field}`: {self.message_vi}\nField `{self.field}`: {self.message_en}"


@dataclass(frozen=True)
class CheckRequest:
    evaluation_year: int
    decision_date: date | None
    history: m.SubjectHistory
    awards: tuple[str, ...]


@dataclass(frozen=True)
class CheckRow:
    verdict: Verdict
    reward_vnd: int | None


@dataclass(frozen=True)
class CheckResult:
    evaluation_year: int
    rule_set: str
    rows: tuple[CheckRow, ...]


class _Reader:
    """Typed access to one JSON object, naming fields by their path."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, Mapping):
            raise InputError(
                path or "(root)", "phải là một đối tượng JSON", "must be a JSON object"
            )
        self.data: Mapping[str, object] = data
        self.path = path

    def name(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, required: bool) -> object:
        if key not in self.data or self.data[key] is None:
            if required:
                raise InputError(
                    self.name(key), "thiếu trường bắt buộc", "required field is missing"
                )
            return None
        return self.data[key]

    def integer(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self.raw(key, required)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            raise InputError(self.name(key), "phải là số nguyên", "must be an integer")
        return value

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            raise InputError(self.name(key), "phải là chuỗi ký tự", "must be a non-empty string")
        return value

    def choice(
        self, key: str, allowed: Sequence[str], required: bool = True, default: str | None = None
    ) -> str | None:
        value = self.text(key, required)
        if value is None:
            return default
        if value not in allowed:
            raise InputError(
                self.name(key),
                f"giá trị '{value}' không hợp lệ; dùng: {', '.join(allowed)}",
                f"unknown value '{value}'; expected one of: {', '.join(allowed)}",
            )
        return value

    def day(self, key: str, required: bool = True) -> date | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise InputError(
                self.name(key),
                f"ngày '{value}' không hợp lệ (định dạng YYYY-MM-DD)",
                f"invalid date '{value}' (expected YYYY-MM-DD)",
            ) from None

    def items(self, key: str) -> list[_Reader]:
        value = self.raw(key, False)
        if value is None:
            return []
        if not isinstance(value, list):
            raise InputError(self.name(key), "phải là một danh sách", "must be a list")
        return [_Reader(v, f"{self.name(key)}[{i}]") for i, v in enumerate(value)]


def _required_day(r: _Reader, key: str) -> date:
    value = r.day(key)
    assert value is not None
    return value


def _required(value: T | None) -> T:
    assert value is not None
    return value


def _period(r: _Reader, end_required: bool) -> tuple[date, date | None]:
    start = _required_day(r, "from")
    end = r.day("to", required=end_required)
    if end is not None and end < start:
        raise InputError(r.name("to"), "ngày kết thúc trước ngày bắt đầu", "ends before it starts")
    return start, end


def _award(r: _Reader, key: str, codes: frozenset[str]) -> str:
    return _required(r.choice(key, sorted(codes)))


def _year(r: _Reader, key: str = "year") -> int:
    year = r.integer(key)
    if not 1945 <= year <= 2100:
        raise InputError(r.name(key), "năm không hợp lệ", "year out of range")
    return year


def _entry(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    kind = _required(r.choice("type", sorted(RECORD_PARSERS)))
    return RECORD_PARSERS[kind](r, codes)


def _task_rating(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.TaskRating(year=_year(r), level=_required(r.choice("level", m.RATING_LEVELS)))


def _title(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.TitleConferred(award=_award(r, "award", codes), year=_year(r))


def _commendation(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.CommendationReceived(
        award=_award(r, "award", codes),
        on=_required_day(r, "date"),
        basis=_required(r.choice("basis", m.COMMENDATION_BASES, required=False, default="merit")),
        award_class=r.text("class", required=False),
    )


def _used_for(r: _Reader, codes: frozenset[str]) -> str | None:
    return r.choice("used_for", sorted(codes), required=False)


def _initiative(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.Initiative(
        on=_required_day(r, "date"),
        scope=_required(r.choice("scope", m.INITIATIVE_SCOPES)),
        effect=_required(r.choice("effect", m.INITIATIVE_EFFECTS)),
        used_for=_used_for(r, codes),
        ref=r.text("id", required=False) or "",
    )


def _science_work(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.ScienceWork(
        on=_required_day(r, "date"),
        scope=_required(r.choice("scope", m.INITIATIVE_SCOPES)),
        state=_required(r.choice("state", m.SCIENCE_STATES)),
        used_for=_used_for(r, codes),
        ref=r.text("id", required=False) or "",
    )


def _combat(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.CombatCreativity(
        on=_required_day(r, "date"), scope=_required(r.choice("scope", m.COMBAT_SCOPES))
    )


def _invention(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.InventionOrWork(
        on=_required_day(r, "date"),
        scope=_required(r.choice("scope", m.ACHIEVEMENT_SCOPES)),
        kind=_required(r.choice("kind", m.INVENTION_KINDS)),
    )


def _irregular(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.IrregularAchievement(
        on=_required_day(r, "date"), scope=_required(r.choice("scope", m.ACHIEVEMENT_SCOPES))
    )


def _movement(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    years = r.integer("duration_years", required=False, default=0)
    if years < 0:
        raise InputError(r.name("duration_years"), "không được âm", "must not be negative")
    return m.MovementAchievement(
        on=_required_day(r, "date"),
        launched_by=_required(r.choice("launched_by", m.MOVEMENT_LAUNCHERS)),
        duration_years=years,
        stage=_required(r.choice("stage", m.MOVEMENT_STAGES, required=False, default="final")),
    )


def _contribution(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.Contribution(
        on=_required_day(r, "date"), area=_required(r.choice("field", m.CONTRIBUTION_FIELDS))
    )


def _prize(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.InternationalPrize(
        on=_required_day(r, "date"), level=_required(r.choice("level", m.PRIZE_LEVELS))
    )


def _cluster(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    return m.ClusterLeadership(
        year=_year(r), organizer=_required(r.choice("organizer", m.CLUSTER_ORGANIZERS))
    )


def _service(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    start, end = _period(r, end_required=False)
    return m.ServicePeriod(
        force=_required(r.choice("force", m.SERVICE_FORCES)), start=start, end=end
    )


def _discipline(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    start, end = _period(r, end_required=False)
    return m.Discipline(
        level=_required(r.choice("level", m.DISCIPLINE_LEVELS)), start=start, end=end
    )


def _pending(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    start, end = _period(r, end_required=False)
    return m.PendingReview(start=start, end=end)


def _maternity(r: _Reader, codes: frozenset[str]) -> m.RecordEntry:
    start, end = _period(r, end_required=True)
    return m.MaternityLeave(start=start, end=_required(end))


RECORD_PARSERS: Mapping[str, Callable[[_Reader, frozenset[str]], m.RecordEntry]] = {
    "task_rating": _task_rating,
    "title": _title,
    "commendation": _commendation,
    "initiative": _initiative,
    "science_work": _science_work,
    "combat_creativity": _combat,
    "invention_or_work": _invention,
    "irregular_achievement": _irregular,
    "movement_achievement": _movement,
    "contribution": _contribution,
    "international_prize": _prize,
    "cluster_leadership": _cluster,
    "service": _service,
    "discipline": _discipline,
    "pending_review": _pending,
    "maternity_leave": _maternity,
}


def _subject(r: _Reader) -> m.Subject:
    return m.Subject(
        kind=_required(r.choice("kind", m.SUBJECT_KINDS)),
        category=r.choice("category", m.CATEGORIES, required=False),
        unit_type=r.choice("unit_type", m.UNIT_TYPES, required=False),
        employment_start=r.day("employment_start", required=False),
        gender=r.choice("gender", m.GENDERS, required=False),
        ref=r.text("id", required=False) or "",
    )


def _record(r: _Reader, codes: frozenset[str]) -> tuple[m.RecordEntry, ...]:
    entries = []
    rated: dict[int, str] = {}
    for item in r.items("record"):
        entry = _entry(item, codes)
        if isinstance(entry, m.TaskRating):
            if entry.year in rated:
                raise InputError(
                    item.name("year"),
                    f"năm {entry.year} đã có xếp loại ({rated[entry.year]})",
                    f"{entry.year} is already rated ({rated[entry.year]})",
                )
            rated[entry.year] = item.name("year")
        entries.append(entry)
    return tuple(entries)


def parse_request(data: object, book: RuleBook) -> CheckRequest:
    """Validate a request object; raise InputError naming the first bad field."""
    root = _Reader(data, "")
    year = root.integer("evaluation_year")
    if book.rule_set_on(date(min(max(year, 1), 9999), 12, 31)) is None:
        raise InputError(
            "evaluation_year",
            f"không có bộ quy tắc cho năm {year} (chỉ từ 2024)",
            f"no rule set for {year} (rules start in 2024)",
        )
    decision_date = root.day("decision_date", required=False)
    codes = book.award_codes
    subject_reader = _Reader(root.raw("subject", True), "subject")
    subject = _subject(subject_reader)
    members = []
    member_items = root.items("members")
    # Members matter only to collectives' member_ratio / member_count_with; for other
    # subjects they are validated and carried but no condition reads them.
    for item in member_items:
        member_subject = _subject(_Reader(item.raw("subject", True), item.name("subject")))
        members.append(
            m.SubjectHistory(
                subject=member_subject
                if member_subject.ref
                else replace(member_subject, ref=item.text("id", required=False) or ""),
                record=_record(item, codes),
            )
        )
    awards_value = root.raw("awards", False)
    if awards_value is None:
        awards = tuple(awards_for_kind(rule_set_for_year(book, year), subject.kind))
    else:
        if not isinstance(awards_value, list) or not awards_value:
            raise InputError(
                "awards", "phải là danh sách mã khen thưởng", "must be a list of award codes"
            )
        for i, code in enumerate(awards_value):
            if not isinstance(code, str) or code not in codes:
                raise InputError(
                    f"awards[{i}]",
                    f"mã khen thưởng '{code}' không tồn tại",
                    f"unknown award code '{code}'",
                )
        awards = tuple(str(code) for code in awards_value)
    history = m.SubjectHistory(subject=subject, record=_record(root, codes), members=tuple(members))
    return CheckRequest(
        evaluation_year=year, decision_date=decision_date, history=history, awards=awards
    )


def run_check(book: RuleBook, request: CheckRequest) -> CheckResult:
    """Evaluate every requested award; money is computed only when a decision date is known."""
    rows = []
    rule_set = ""
    for code in request.awards:
        verdict = evaluate_award(
            book,
            code,
            request.history,
            evaluation_year=request.evaluation_year,
            proposal_date=request.decision_date,
        )
        rule_set = verdict.rule_set
        reward = None
        if request.decision_date is not None:
            reward = reward_amount(
                book, code, request.history.subject.kind, request.decision_date
            ).amount_vnd
        rows.append(CheckRow(verdict=verdict, reward_vnd=reward))
    if not rule_set:
        found = book.rule_set_on(date(request.evaluation_year, 12, 31))
        rule_set = found.id if found else ""
    return CheckResult(evaluation_year=request.evaluation_year, rule_set=rule_set, rows=tuple(rows))


def render_result(result: CheckResult) -> dict[str, object]:
    """The JSON object printed by the command (shape fixed by the CLI contract)."""
    return {
        "evaluation_year": result.evaluation_year,
        "rule_set": result.rule_set,
        "results": [
            {
                "award": row.verdict.award,
                "verdict": row.verdict.verdict.value,
                "reward_vnd": row.reward_vnd,
                "conditions": [
                    {
                        "text_vi": line.text_vi,
                        "text_en": line.text_en,
                        "status": line.status.value,
                        "legal_basis": line.legal_basis,
                    }
                    for line in row.verdict.lines
                ],
            }
            for row in result.rows
        ],
    }
