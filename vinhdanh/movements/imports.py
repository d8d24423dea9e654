"""Import a movement with its indicators, rules and values from JSON or XLSX.

Everything is checked before anything is written: a file with one bad row writes
nothing and the report names every bad row, field and reason. Running the same file
twice changes nothing (values are matched on indicator, unit and period).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from vinhdanh.audit.services import record_event
from vinhdanh.movements.models import (
    Aggregation,
    DataValue,
    Direction,
    Indicator,
    Movement,
    MovementStatus,
    Participation,
    RuleKind,
    Submission,
    SubmissionStatus,
    TargetScope,
    ValidationRule,
    ValueType,
)
from vinhdanh.movements.periods import InvalidPeriod, PeriodType, parse_period
from vinhdanh.movements.services.values import coerce_value
from vinhdanh.units.models import OrgUnit

INDICATOR_FIELDS = ("code", "name", "measure_unit", "aggregation", "period_type", "target",
                    "target_scope", "direction", "numerator", "denominator", "min", "max")


@dataclass(frozen=True)
class Problem:
    where: str
    field: str
    reason: str

    def __str__(self) -> str:
        return _("%(where)s, field %(field)s: %(reason)s") % {
            "where": self.where, "field": self.field, "reason": self.reason}


class ImportRejected(Exception):
    def __init__(self, problems: Sequence[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass
class Summary:
    movement: str
    created: bool = False
    movement_changed: bool = False
    indicators_written: int = 0
    rules_written: int = 0
    values_created: int = 0
    values_changed: int = 0

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.movement_changed or self.indicators_written
                    or self.rules_written or self.values_created or self.values_changed)


@dataclass
class Record:
    where: str
    data: Mapping[str, Any]


@dataclass
class Plan:
    movement: dict[str, Any] = field(default_factory=dict)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    rules: list[dict[str, Any]] = field(default_factory=list)
    values: list[tuple[str, OrgUnit, str, Decimal | None, bool | None]] = field(
        default_factory=list)


# --- reading -------------------------------------------------------------------------------


def read_json(content: bytes) -> tuple[Record, list[Record], list[Record], list[Record]]:
    try:
        doc = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportRejected([Problem(_("the file"), "-", _("not valid JSON (%(error)s)")
                                      % {"error": exc})]) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("movement"), dict):
        raise ImportRejected([Problem(_("the file"), "movement",
                                      _("a \"movement\" object is required"))])

    def records(key: str) -> list[Record]:
        items = doc.get(key) or []
        if not isinstance(items, list):
            raise ImportRejected([Problem(key, key, _("must be a list"))])
        return [Record(_("%(section)s no. %(n)d") % {"section": key, "n": n},
                       item if isinstance(item, dict) else {})
                for n, item in enumerate(items, start=1)]

    return (Record("movement", doc["movement"]), records("indicators"), records("rules"),
            records("values"))


def read_xlsx(content: bytes) -> tuple[Record, list[Record], list[Record], list[Record]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a non-workbook
        raise ImportRejected([Problem(_("the file"), "-", _("not an Excel workbook"))]) from None

    def table(name: str) -> list[Record]:
        if name not in book.sheetnames:
            return []
        rows = list(book[name].iter_rows(values_only=True))
        if not rows:
            return []
        header = [str(h).strip() if h is not None else "" for h in rows[0]]
        found = []
        for n, row in enumerate(rows[1:], start=2):
            if all(cell is None or str(cell).strip() == "" for cell in row):
                continue
            data = {h: cell for h, cell in zip(header, row, strict=False)
                    if h and cell is not None and str(cell).strip() != ""}
            found.append(Record(_("sheet %(sheet)s row %(n)d") % {"sheet": name, "n": n}, data))
        return found

    if "movement" not in book.sheetnames:
        raise ImportRejected([Problem(_("the file"), "movement",
                                      _("a \"movement\" sheet is required"))])
    movement: dict[str, Any] = {}
    for row in book["movement"].iter_rows(values_only=True):
        if row and row[0] is not None and len(row) > 1:
            value = row[1]
            if isinstance(value, dt.datetime):
                value = value.date()
            movement[str(row[0]).strip()] = value
    return Record("movement", movement), table("indicators"), table("rules"), table("values")


# --- checking ------------------------------------------------------------------------------


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip())


def _decimal(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    number = Decimal(str(value).strip().replace(",", "."))
    if not number.is_finite():
        raise InvalidOperation
    return number


def _text(record: Record, key: str, problems: list[Problem], *, required: bool = True) -> str:
    value = record.data.get(key)
    text = "" if value is None else str(value).strip()
    if required and not text:
        problems.append(Problem(record.where, key, _("required")))
    return text


def _choice(record: Record, key: str, choices: Sequence[str], default: str,
            problems: list[Problem]) -> str:
    value = _text(record, key, problems, required=False) or default
    if value not in choices:
        problems.append(Problem(record.where, key, _("must be one of %(choices)s")
                                % {"choices": ", ".join(choices)}))
    return value


class UnitResolver:
    """Finds units by code among those valid on a date, with one query for the whole file."""

    def __init__(self, codes: set[str]):
        self.by_code: dict[str, list[OrgUnit]] = {}
        for unit in OrgUnit.objects.filter(code__in=codes).only(
                "id", "code", "name", "path", "valid_from", "valid_to"):
            self.by_code.setdefault(unit.code, []).append(unit)

    def on(self, code: str, *days: dt.date) -> OrgUnit | None:
        for day in days:
            for unit in self.by_code.get(code, []):
                if unit.is_valid_on(day):
                    return unit
        return None


def check(movement_rec: Record, indicator_recs: list[Record], rule_recs: list[Record],
          value_recs: list[Record]) -> Plan:
    """Return what the file would write, or raise ImportRejected listing every problem."""
    problems: list[Problem] = []
    plan = Plan()
    m = movement_rec
    code = _text(m, "code", problems)
    if code and slugify(code) != code:
        problems.append(Problem(m.where, "code", _("use lower-case letters, digits and "
                                                   "hyphens only")))
    dates: dict[str, dt.date] = {}
    for key in ("start", "end"):
        raw = m.data.get(key)
        try:
            dates[key] = _date(raw)
        except (TypeError, ValueError):
            problems.append(Problem(m.where, key, _("a date like 2021-01-01 is required")))
    if len(dates) == 2 and dates["end"] < dates["start"]:
        problems.append(Problem(m.where, "end", _("must not be before the start")))
    codes = {str(r.data.get("unit", "")).strip() for r in value_recs}
    launcher_code = _text(m, "launched_by", problems)
    resolver = UnitResolver({*codes, launcher_code})
    launcher = None
    if launcher_code and dates:
        # The unit as it stands at the end of the movement first: a movement the new
        # (2025) province runs over years before the reform is launched by the new unit,
        # even though an older unit with the same code existed at the start.
        launcher = resolver.on(launcher_code, *(dates[k] for k in ("end", "start") if k in dates))
        if launcher is None:
            problems.append(Problem(m.where, "launched_by", _("no unit with code %(code)s "
                                    "existed during the movement") % {"code": launcher_code}))
    plan.movement = {"code": code, "name": _text(m, "name", problems), "launched_by": launcher,
                     "start": dates.get("start"), "end": dates.get("end"),
                     "description": _text(m, "description", problems, required=False)}

    kinds: dict[str, Indicator] = {}
    for rec in indicator_recs:
        item: dict[str, Any] = {"code": _text(rec, "code", problems),
                                "name": _text(rec, "name", problems),
                                "measure_unit": _text(rec, "measure_unit", problems,
                                                      required=False)}
        item["aggregation"] = _choice(rec, "aggregation", Aggregation.values, "sum", problems)
        item["period_type"] = _choice(rec, "period_type", PeriodType.values, "year", problems)
        item["target_scope"] = _choice(rec, "target_scope", TargetScope.values, "overall",
                                       problems)
        item["direction"] = _choice(rec, "direction", Direction.values, "higher_better",
                                    problems)
        for key, out in (("target", "target"), ("min", "min_value"), ("max", "max_value")):
            try:
                item[out] = _decimal(rec.data.get(key))
            except InvalidOperation:
                problems.append(Problem(rec.where, key, _("expected a number")))
        item["value_type"] = (ValueType.BOOLEAN if item["aggregation"] == Aggregation.SHARE_TRUE
                              else ValueType.NUMBER)
        if item["code"] in kinds:
            problems.append(Problem(rec.where, "code", _("indicator %(code)s appears twice")
                                    % {"code": item["code"]}))
        kinds[item["code"]] = Indicator(**{k: v for k, v in item.items()
                                           if k in {"code", "aggregation", "period_type",
                                                    "value_type", "min_value", "max_value"}})
        plan.indicators.append(item)
    for rec, item in zip(indicator_recs, plan.indicators, strict=True):
        for key in ("numerator", "denominator"):
            item[key] = _text(rec, key, problems, required=item["aggregation"] == "ratio")
            if item[key] and item[key] not in kinds:
                problems.append(Problem(rec.where, key, _("unknown indicator %(code)s")
                                        % {"code": item[key]}))

    for rec in rule_recs:
        left = rec.data.get("left") or []
        left = [s.strip() for s in left.split(",")] if isinstance(left, str) else list(left)
        rule: dict[str, Any] = {
                "kind": _choice(rec, "kind", RuleKind.values, "sum_equals", problems),
                "left_codes": left, "right_code": _text(rec, "right", problems, required=False),
                "message": _text(rec, "message", problems), "min_value": None,
                "max_value": None}
        for name in [*left, *([rule["right_code"]] if rule["kind"] == "sum_equals" else [])]:
            if name not in kinds:
                problems.append(Problem(rec.where, "left", _("unknown indicator %(code)s")
                                        % {"code": name}))
        for key in ("min", "max"):
            try:
                rule[f"{key}_value"] = _decimal(rec.data.get(key))
            except InvalidOperation:
                problems.append(Problem(rec.where, key, _("expected a number")))
        plan.rules.append(rule)

    seen: set[tuple[str, int, str]] = set()
    for rec in value_recs:
        ind_code = _text(rec, "indicator", problems)
        unit_code = _text(rec, "unit", problems)
        period_text = _text(rec, "period", problems)
        indicator = kinds.get(ind_code)
        if ind_code and indicator is None:
            problems.append(Problem(rec.where, "indicator", _("unknown indicator %(code)s")
                                    % {"code": ind_code}))
        try:
            period = parse_period(period_text) if period_text else None
        except InvalidPeriod:
            problems.append(Problem(rec.where, "period", _("%(period)s is not a period: write "
                                    "2024, 2025-H1, 2025-Q2 or 2025-05")
                                    % {"period": period_text}))
            period = None
        if indicator is None or period is None:
            continue
        if indicator.aggregation == Aggregation.RATIO:
            problems.append(Problem(rec.where, "indicator", _("a ratio is computed, not "
                                                             "imported")))
            continue
        if indicator.period_type != period.type:
            problems.append(Problem(rec.where, "period", _("indicator %(code)s is reported per "
                                    "%(type)s") % {"code": ind_code,
                                                   "type": PeriodType(indicator.period_type)
                                                   .label.lower()}))
            continue
        start, end = dates.get("start"), dates.get("end")
        if start and end and (period.end < start or period.start > end):
            problems.append(Problem(rec.where, "period", _("%(period)s lies outside the "
                                    "movement") % {"period": period}))
            continue
        unit = resolver.on(unit_code, period.end, period.start) if unit_code else None
        if unit_code and unit is None:
            problems.append(Problem(rec.where, "unit", _("no unit with code %(code)s existed "
                                    "in %(period)s") % {"code": unit_code, "period": period}))
            continue
        try:
            number, flag = coerce_value(indicator, rec.data.get("value"))
        except ValueError as exc:
            problems.append(Problem(rec.where, "value", str(exc)))
            continue
        if unit is None:
            continue
        seen_key = (ind_code, unit.pk, str(period))
        if seen_key in seen:
            problems.append(Problem(rec.where, "period", _("a second value for the same "
                                                          "indicator, unit and period")))
        seen.add(seen_key)
        plan.values.append((ind_code, unit, str(period), number, flag))
    if not problems and code:
        problems.extend(_locked(code, plan))
    if problems:
        raise ImportRejected(problems)
    return plan


def _locked(code: str, plan: Plan) -> list[Problem]:
    """Return a problem for each approved report the file would change."""
    approved = set(Submission.objects.filter(movement__code=code,
                                             status=SubmissionStatus.APPROVED)
                   .values_list("unit_id", "period"))
    return [Problem(_("values"), "period", _("%(unit)s %(period)s is approved and locked")
                    % {"unit": unit.code, "period": period})
            for _code, unit, period, _n, _f in plan.values if (unit.pk, period) in approved]


# --- writing -------------------------------------------------------------------------------


@transaction.atomic
def apply(plan: Plan) -> Summary:
    """Write `plan`; only what differs from the database is written."""
    spec = plan.movement
    summary = Summary(movement=spec["code"])
    movement = Movement.objects.filter(code=spec["code"]).first()
    fields = ("name", "launched_by", "start", "end", "description")
    if movement is None:
        movement = Movement.objects.create(status=MovementStatus.LAUNCHED, **spec)
        summary.created = True
    elif any(getattr(movement, f) != spec[f] for f in fields):
        for f in fields:
            setattr(movement, f, spec[f])
        movement.save()
        summary.movement_changed = True
    Participation.objects.get_or_create(movement=movement, unit=spec["launched_by"],
                                        defaults={"include_subtree": True})
    existing = {i.code: i for i in Indicator.objects.filter(movement=movement)}
    ordered = sorted(plan.indicators, key=lambda item: item["aggregation"] == "ratio")
    for position, item in enumerate(ordered):
        values = {k: v for k, v in item.items() if k not in {"numerator", "denominator"}}
        values["numerator"] = existing.get(item["numerator"]) if item["numerator"] else None
        values["denominator"] = (existing.get(item["denominator"]) if item["denominator"]
                                 else None)
        current = existing.get(item["code"])
        if current is None:
            current = Indicator.objects.create(movement=movement, position=position, **values)
            existing[current.code] = current
            summary.indicators_written += 1
        elif any(getattr(current, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(current, k, v)
            current.save()
            summary.indicators_written += 1
    known_rules = {(r.kind, tuple(r.left_codes), r.right_code)
                   for r in ValidationRule.objects.filter(movement=movement)}
    for rule in plan.rules:
        if (rule["kind"], tuple(rule["left_codes"]), rule["right_code"]) not in known_rules:
            ValidationRule.objects.create(movement=movement, **rule)
            summary.rules_written += 1
    by_key = {(v.indicator_id, v.unit_id, v.period): v
              for v in DataValue.objects.filter(indicator__movement=movement)}
    created, changed = [], []
    now = timezone.now()
    for ind_code, unit, period_text, number, flag in plan.values:
        indicator = existing[ind_code]
        row = by_key.get((indicator.pk, unit.pk, period_text))
        if row is None:
            period = parse_period(period_text)
            created.append(DataValue(indicator=indicator, unit=unit, period=period_text,
                                     period_start=period.start, period_end=period.end,
                                     value_number=number, value_bool=flag))
        elif row.value_number != number or row.value_bool != flag:
            row.value_number, row.value_bool, row.updated_at = number, flag, now
            changed.append(row)
    DataValue.objects.bulk_create(created, batch_size=1000)
    DataValue.objects.bulk_update(changed, ["value_number", "value_bool", "updated_at"],
                                  batch_size=1000)
    summary.values_created, summary.values_changed = len(created), len(changed)
    if summary.changed_anything:
        record_event(actor=None, action="movements.import", target=movement,
                     unit_path=movement.launched_by.path,
                     data={"created": summary.created,
                           "indicators": summary.indicators_written,
                           "rules": summary.rules_written, "values_created": len(created),
                           "values_changed": len(changed)})
    return summary


def import_movement(*, content: bytes, filename: str) -> Summary:
    """Check and write a movement file (JSON, or XLSX by its extension)."""
    reader = read_xlsx if filename.lower().endswith(".xlsx") else read_json
    return apply(check(*reader(content)))
