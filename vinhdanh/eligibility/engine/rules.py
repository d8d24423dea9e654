"""Load awards.yaml (or the same structure built by the catalogue) into a RuleBook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

from vinhdanh.eligibility.engine.ruleset import (
    AwardRules,
    BaseSalary,
    Condition,
    LegalDocument,
    LegalRef,
    RuleBook,
    RuleSet,
    Variant,
)
from vinhdanh.eligibility.engine.versions import VERSIONS, VersionSpec, amend

DEFAULT_AWARDS_YAML = Path(__file__).resolve().parents[2] / "catalogue" / "data" / "awards.yaml"
MONEY_KEYS = ("individual", "collective", "household")


class RuleDataError(ValueError):
    """The rule data does not have the shape the engine reads."""


def _mapping(value: object, where: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise RuleDataError(f"{where}: expected a mapping")
    return value


def _list(value: object, where: str) -> Sequence[object]:
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        raise RuleDataError(f"{where}: expected a list")
    return value


def _conditions(value: object, where: str) -> tuple[Condition, ...]:
    return tuple(_mapping(item, where) for item in _list(value, where))


def _legal_refs(value: object, where: str) -> tuple[LegalRef, ...]:
    refs = []
    for item in _list(value, where):
        row = _mapping(item, where)
        article = row.get("article")
        clause = row.get("clause")
        point = row.get("point")
        refs.append(
            LegalRef(
                doc=str(row["doc"]),
                article=article if isinstance(article, int) else None,
                clause=None if clause is None else str(clause),
                point=None if point is None else str(point),
            )
        )
    return tuple(refs)


def _award(row: Mapping[str, object], spec: VersionSpec) -> AwardRules:
    code = str(row["code"])
    amendments = [a for a in spec.amendments if a.award == code]

    def amended(conditions: tuple[Condition, ...]) -> tuple[Condition, ...]:
        result = conditions
        for amendment in amendments:
            result = tuple(amend(c, amendment) for c in result)
        return result

    variants = []
    for item in _list(row.get("variants"), f"{code}.variants"):
        variant = _mapping(item, f"{code}.variants")
        variants.append(
            Variant(
                when=_mapping(variant["when"], f"{code}.variants.when"),
                criteria=amended(_conditions(variant.get("criteria"), f"{code}.variants")),
                legal_basis=_legal_refs(variant.get("legal_basis"), f"{code}.variants"),
            )
        )
    subjects = tuple(str(s) for s in _list(row.get("subject"), f"{code}.subject"))
    money = {
        k: row[f"money_coefficient_{k}"] for k in MONEY_KEYS if f"money_coefficient_{k}" in row
    }
    classes = {
        str(name): {
            k: spec_row[f"money_coefficient_{k}"]
            for k in MONEY_KEYS
            if f"money_coefficient_{k}" in spec_row
        }
        for name, spec_row in (
            (n, _mapping(v, f"{code}.classes"))
            for n, v in _mapping(row.get("classes") or {}, f"{code}.classes").items()
        )
    }
    names_vi = spec.names_vi or {}
    return AwardRules(
        code=code,
        name_vi=names_vi.get(code, str(row.get("name_vi", code))),
        name_en=str(row.get("name_en", code)),
        kind=str(row.get("kind", "")),
        subjects=subjects,
        frequency=None if row.get("frequency") is None else str(row["frequency"]),
        criteria=amended(_conditions(row.get("criteria"), f"{code}.criteria")),
        variants=tuple(variants),
        exclusions=amended(_conditions(row.get("exclusions"), f"{code}.exclusions")),
        legal_basis=_legal_refs(row.get("legal_basis"), f"{code}.legal_basis"),
        money=money,
        classes=classes,
    )


def _as_date(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise RuleDataError(f"{where}: not a date: {value!r}") from exc


def build_rule_set(
    entries: Sequence[Mapping[str, object]],
    spec: VersionSpec,
    *,
    rule_set_id: str | None = None,
    effective_from: date | None = None,
    effective_to: date | None = None,
) -> RuleSet:
    """Build one rule set from awards.yaml-shaped award entries.

    `spec` supplies the general-rule citations and the documented amendments of its
    period; the catalogue passes its own id and dates when they differ.
    """
    return RuleSet(
        id=rule_set_id or spec.id,
        effective_from=effective_from or spec.effective_from,
        effective_to=effective_to if effective_from else spec.effective_to,
        awards={str(a["code"]): _award(a, spec) for a in entries},
        general_basis=spec.general_basis,
        money_basis=spec.money_basis,
    )


def spec_on(day: date, versions: Sequence[VersionSpec] = VERSIONS) -> VersionSpec | None:
    """The version whose period contains `day`."""
    for spec in versions:
        if spec.effective_from <= day and (spec.effective_to is None or day <= spec.effective_to):
            return spec
    return None


def build_rule_book(
    data: Mapping[str, object], versions: Sequence[VersionSpec] = VERSIONS
) -> RuleBook:
    """Build every versioned rule set from awards.yaml-shaped data (current rules)."""
    awards = [_mapping(a, "awards") for a in _list(data.get("awards"), "awards")]
    rule_sets = tuple(build_rule_set(awards, spec) for spec in versions)
    documents = {}
    for item in _list(data.get("legal_documents"), "legal_documents"):
        row = _mapping(item, "legal_documents")
        documents[str(row["id"])] = LegalDocument(id=str(row["id"]), number=str(row["number"]))
    salaries = []
    for item in _list(data.get("base_salary_vnd"), "base_salary_vnd"):
        row = _mapping(item, "base_salary_vnd")
        end = row.get("to_date")
        salaries.append(
            BaseSalary(
                start=_as_date(row["from_date"], "base_salary_vnd.from_date"),
                end=None if end is None else _as_date(end, "base_salary_vnd.to_date"),
                amount=int(str(row["amount"])),
                legal_basis=str(row.get("legal_basis", "")),
            )
        )
    money_rules = _mapping(data.get("money_rules") or {}, "money_rules")
    multiplier = Decimal(str(money_rules.get("household_multiplier_forms", "1.5")))
    return RuleBook(
        rule_sets=rule_sets,
        legal_documents=documents,
        base_salaries=tuple(sorted(salaries, key=lambda s: s.start)),
        household_multiplier=multiplier,
    )


def load_rule_book(path: Path = DEFAULT_AWARDS_YAML) -> RuleBook:
    """Read awards.yaml from `path` and build the rule book."""
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return build_rule_book(_mapping(data, str(path)))


@lru_cache(maxsize=1)
def default_rule_book() -> RuleBook:
    """The rule book from the catalogue's bundled awards.yaml, read once per process."""
    return load_rule_book()
