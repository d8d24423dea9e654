"""Reading awards.yaml into plain data: award fields, rule parts per rule set, base salaries.

No database access here; the importer turns what this returns into rows.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from vinhdanh.catalogue.vocabulary import RULE_PARTS

DATA_DIR = Path(__file__).resolve().parent / "data"
AWARDS_YAML = DATA_DIR / "awards.yaml"

SUBJECTS = ("individual", "collective", "household")
#: Entry keys mapped to AwardType columns or AwardRule parts; every other key of an entry
#: is informative (notes, money_note, dossier, quota, procedure, ...) and kept in `extra`.
MAPPED_KEYS = frozenset(
    {
        "code", "name_vi", "name_en", "kind", "subject", "level", "frequency", "decided_by",
        "proposed_by", "approval", "item", "classes", "legal_basis", "verification",
        "unverified", *RULE_PARTS, *(f"money_coefficient_{s}" for s in SUBJECTS),
    }
)


@dataclass(frozen=True)
class RuleSetDef:
    """A legal regime; its dates come from its primary document in `legal_documents`."""

    code: str
    name: str
    primary_document: str
    documents: tuple[str, ...]


#: The regimes awards.md section 1 describes for the period the Law 06/2022 governs.
#: The Decree 91/2017 regime (before 2024) is historical only and carries no criteria here.
RULE_SET_DEFS: tuple[RuleSetDef, ...] = (
    RuleSetDef(
        code="decree_98_2023",
        name="Luật 06/2022/QH15 và Nghị định 98/2023/NĐ-CP",
        primary_document="decree_98_2023",
        documents=(
            "law_06_2022", "decree_98_2023", "circular_01_2024_bnv", "decree_86_2023",
            "decree_28_2024",
        ),
    ),
    RuleSetDef(
        code="decree_152_2025",
        name="Luật 06/2022/QH15 và Nghị định 152/2025/NĐ-CP",
        primary_document="decree_152_2025",
        documents=(
            "law_06_2022", "decree_152_2025", "circular_15_2025_bnv", "decree_129_2025",
            "decree_86_2023",
        ),
    ),
)


@dataclass(frozen=True)
class RuleSetData:
    code: str
    name: str
    documents: tuple[str, ...]
    effective_from: dt.date
    effective_to: dt.date | None


@dataclass(frozen=True)
class SalaryData:
    effective_from: dt.date
    effective_to: dt.date | None
    amount: int
    legal_basis: str
    verification: str


@dataclass(frozen=True)
class CatalogueSource:
    awards: tuple[Mapping[str, Any], ...]
    rule_sets: tuple[RuleSetData, ...]
    salaries: tuple[SalaryData, ...]
    document_dates: Mapping[str, dt.date]


def read_source(path: Path = AWARDS_YAML) -> CatalogueSource:
    """Parse awards.yaml into the award entries, rule sets and base-salary table."""
    stat = path.stat()
    return _read_source(path.resolve(), stat.st_mtime_ns, stat.st_size)


# Parsing the 1,300-line file is most of an import's time; a file is parsed once per
# version (path, modification time, size). Callers never mutate what is returned.
@functools.lru_cache(maxsize=4)
def _read_source(path: Path, mtime_ns: int, size: int) -> CatalogueSource:
    # The C loader (libyaml) is five times faster; the pure-Python one gives equal data.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    documents = {doc["id"]: doc for doc in data["legal_documents"]}
    dates = {
        doc_id: day for doc_id, doc in documents.items()
        if (day := _as_date(doc.get("effective"))) is not None
    }
    rule_sets = tuple(_rule_set(definition, documents) for definition in RULE_SET_DEFS)
    salaries = tuple(
        SalaryData(
            effective_from=_required_date(row["from_date"]),
            effective_to=_as_date(row.get("to_date")),
            amount=int(row["amount"]),
            legal_basis=str(row["legal_basis"]),
            verification=str(row.get("verification", "verified")),
        )
        for row in data["base_salary_vnd"]
    )
    return CatalogueSource(
        awards=tuple(data["awards"]), rule_sets=rule_sets, salaries=salaries,
        document_dates=dates,
    )


def _rule_set(definition: RuleSetDef, documents: Mapping[str, Mapping[str, Any]]) -> RuleSetData:
    primary = documents[definition.primary_document]
    expired = _as_date(primary.get("expired_on"))
    return RuleSetData(
        code=definition.code,
        name=definition.name,
        documents=definition.documents,
        effective_from=_required_date(primary["effective"]),
        # `expired_on` is the first day the document no longer applies.
        effective_to=expired - dt.timedelta(days=1) if expired else None,
    )


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _required_date(value: object) -> dt.date:
    day = _as_date(value)
    if day is None:
        raise ValueError(f"not a date: {value!r}")
    return day


def entry_hash(entry: Mapping[str, Any]) -> str:
    """Return a stable fingerprint of a YAML entry (key order and formatting ignored)."""
    text = json.dumps(entry, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def coefficient(value: object) -> Decimal | None:
    """Return the number of a coefficient: 4.5 -> 4.5, "max:0.6" -> 0.6, None -> None."""
    if value is None or isinstance(value, bool):
        return None
    text = value[4:] if isinstance(value, str) and value.startswith("max:") else value
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


def award_fields(entry: Mapping[str, Any], position: int) -> dict[str, Any]:
    """Return the AwardType column values for one YAML entry."""
    money_raw = {
        subject: entry[f"money_coefficient_{subject}"]
        for subject in SUBJECTS
        if f"money_coefficient_{subject}" in entry
    }
    return {
        "name_vi": entry["name_vi"],
        "name_en": entry.get("name_en", ""),
        "kind": entry["kind"],
        "subjects": list(entry.get("subject") or []),
        "level": entry["level"],
        "frequency": entry.get("frequency") or "",
        "decided_by": entry.get("decided_by"),
        "proposed_by": entry.get("proposed_by"),
        "approval": entry.get("approval"),
        "money_raw": money_raw,
        **{
            f"money_coefficient_{subject}": coefficient(money_raw.get(subject))
            for subject in SUBJECTS
        },
        "items": list(entry.get("item") or []),
        "classes": dict(entry.get("classes") or {}),
        "legal_basis": list(entry.get("legal_basis") or []),
        "verification": entry["verification"],
        "unverified": list(entry.get("unverified") or []),
        "extra": {key: value for key, value in entry.items() if key not in MAPPED_KEYS},
        "position": position,
        "source_hash": entry_hash(entry),
    }


def rules_for(
    entry: Mapping[str, Any], rule_set: RuleSetData, document_dates: Mapping[str, dt.date]
) -> dict[str, Any]:
    """Return an entry's rule parts as they apply under `rule_set`.

    awards.yaml states the criteria in force now; they are the Law 06/2022's and
    awards.md documents no difference in them between Decree 98/2023 and Decree 152/2025,
    so every rule set gets the same criteria, variants and exclusions. Only the legal
    basis differs: a document not yet in force during the rule set (Decree 152/2025 and
    Decree 129/2025 before 1 Jul 2025) is not cited, and when a Decree 152/2025 citation
    is dropped the rule set's own decree is cited without an article, because the
    corresponding Decree 98/2023 article was not verified (ADR 0001).
    """
    parts: dict[str, Any] = {
        "criteria": copy.deepcopy(list(entry.get("criteria") or [])),
        "variants": copy.deepcopy(list(entry.get("variants") or [])),
        "exclusions": copy.deepcopy(list(entry.get("exclusions") or [])),
        "special_time_rules": list(entry.get("special_time_rules") or []),
        "legal_basis": _basis_in_force(entry.get("legal_basis") or [], rule_set, document_dates),
    }
    for variant in parts["variants"]:
        if "legal_basis" in variant:
            variant["legal_basis"] = _basis_in_force(
                variant["legal_basis"], rule_set, document_dates
            )
    return parts


def _basis_in_force(
    refs: list[Mapping[str, Any]], rule_set: RuleSetData, document_dates: Mapping[str, dt.date]
) -> list[dict[str, Any]]:
    if rule_set.effective_to is None:
        return [dict(ref) for ref in refs]
    kept: list[dict[str, Any]] = []
    dropped_decree = False
    for ref in refs:
        starts = document_dates.get(str(ref.get("doc")))
        if starts is not None and starts > rule_set.effective_to:
            dropped_decree = dropped_decree or ref.get("doc") == "decree_152_2025"
            continue
        kept.append(dict(ref))
    primary = next(d.primary_document for d in RULE_SET_DEFS if d.code == rule_set.code)
    if dropped_decree and not any(ref.get("doc") == primary for ref in kept):
        kept.append(
            {"doc": primary, "note": "corresponding article not verified; awards.yaml cites "
             "Decree 152/2025 only"}
        )
    return kept
