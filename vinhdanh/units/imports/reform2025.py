"""The divisions before and after the 1 July 2025 reform, and the lineage between them.

The tree in force since 1 July 2025 (34 provinces, 3,321 communes, wards and special
zones; Resolution 202/2025/QH15 and the Standing Committee's resolutions on communes)
comes from the `vietnam-provinces` package, whose codes are the statistics office's.
The tree before (63 provinces, 696 districts, 10,035 communes) and the old -> new
mapping come from the `vietnamadminunits` package. That mapping names units by text
keys; the new units are matched to `vietnam-provinces` by name inside their province,
since a few of its own ward codes disagree with the statistics office's.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sqlite3
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from vinhdanh.units.models import ChangeKind, UnitKind

REFORM_DATE = dt.date(2025, 7, 1)
#: Natural keys of lineage events written by this import start with this prefix.
EVENT_PREFIX = "vn2025:"
SOURCE = "vietnamadminunits converter_2025"

NEW = "new"
OLD = "old"
UnitKey = tuple[str, str]  # (era, code): the same code names different units in each era

NEW_KINDS = {"xã": UnitKind.COMMUNE, "phường": UnitKind.WARD, "đặc khu": UnitKind.SPECIAL_ZONE}
OLD_KINDS = {"Xã": UnitKind.COMMUNE, "Phường": UnitKind.WARD, "Thị trấn": UnitKind.TOWNSHIP}


class Category:
    """What a unit counts as in the import summary."""

    PROVINCE = "province"
    COMMUNE = "commune"
    OLD_PROVINCE = "old_province"
    OLD_DISTRICT = "old_district"
    OLD_COMMUNE = "old_commune"


@dataclass(frozen=True)
class UnitSpec:
    key: UnitKey
    name: str
    kind: str
    parent: UnitKey | None
    category: str

    @property
    def code(self) -> str:
        return self.key[1]

    @property
    def valid_from(self) -> dt.date | None:
        return REFORM_DATE if self.key[0] == NEW else None

    @property
    def valid_to(self) -> dt.date | None:
        return REFORM_DATE if self.key[0] == OLD else None


@dataclass
class EventSpec:
    natural_key: str
    kind: str
    note: str = ""
    predecessors: list[UnitKey] = field(default_factory=list)
    successors: list[UnitKey] = field(default_factory=list)
    successors_incomplete: bool = False


@dataclass
class ReformData:
    units: list[UnitSpec]
    events: list[EventSpec]


def _package_dir(package: str) -> Path:
    # find_spec locates the package without importing it: vietnamadminunits builds
    # its address parsers on import, which takes seconds and is not needed here.
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(package)
    return Path(spec.origin).parent / "data"


def _squash(value: str) -> str:
    """Compare names across the two packages: no accents, no spaces or punctuation."""
    value = unicodedata.normalize("NFD", value.replace("Đ", "D").replace("đ", "d"))
    value = "".join(ch for ch in value if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _nfc(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def _load_new_tree() -> tuple[list[UnitSpec], dict[tuple[str, str], str]]:
    """Return the 2025 units and a (province code, ward name) -> code lookup."""
    path = _package_dir("vietnam_provinces") / "nested-divisions.json"
    provinces = json.loads(path.read_text(encoding="utf-8"))
    units: list[UnitSpec] = []
    by_name: dict[tuple[str, str], str] = {}
    for province in provinces:
        code = f"{province['code']:02d}"
        name = _nfc(province["name"])
        if province["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
            name = f"Tỉnh {name}"
        units.append(UnitSpec((NEW, code), name, UnitKind.PROVINCE, None, Category.PROVINCE))
        for ward in province["wards"]:
            ward_code = f"{ward['code']:05d}"
            ward_name = _nfc(ward["name"])
            kind = NEW_KINDS[ward["division_type"]]
            units.append(UnitSpec((NEW, ward_code), ward_name, kind, (NEW, code), Category.COMMUNE))
            by_name[(code, ward_name)] = ward_code
            by_name.setdefault((code, _squash(ward_name)), ward_code)
    return units, by_name


def _load_legacy(db: sqlite3.Connection) -> tuple[list[UnitSpec], dict[str, UnitKey]]:
    """Return the pre-reform units and a lookup from the mapping's keys to them."""
    units: list[UnitSpec] = []
    keys: dict[str, UnitKey] = {}
    seen: set[UnitKey] = set()
    rows = db.execute(
        "SELECT province, provinceCode, provinceKey, district, districtCode, districtKey,"
        " ward, wardCode, wardKey, wardType FROM admin_units_legacy"
        " ORDER BY provinceCode, districtCode, wardCode"
    )
    for p_name, p_code, p_key, d_name, d_code, d_key, w_name, w_code, w_key, w_type in rows:
        province, district = (OLD, p_code), (OLD, d_code)
        if province not in seen:
            seen.add(province)
            keys[p_key] = province
            units.append(UnitSpec(province, _nfc(p_name), UnitKind.PROVINCE, None,
                                  Category.OLD_PROVINCE))
        if district not in seen:
            seen.add(district)
            units.append(UnitSpec(district, _nfc(d_name), UnitKind.DISTRICT, province,
                                  Category.OLD_DISTRICT))
        if w_code is None:
            # Island districts with no communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn,
            # Côn Đảo): the mapping lists the district itself as the predecessor.
            keys[f"{p_key}_{d_key}_"] = district
            continue
        ward = (OLD, w_code)
        keys[f"{p_key}_{d_key}_{w_key}"] = ward
        units.append(UnitSpec(ward, _nfc(w_name), OLD_KINDS[w_type], district,
                              Category.OLD_COMMUNE))
    return units, keys


def _new_ward_lookup(
    db: sqlite3.Connection, by_name: dict[tuple[str, str], str]
) -> dict[tuple[str, str], UnitKey]:
    """Map (new province key, new ward key) to the statistics-office code of the ward."""
    lookup: dict[tuple[str, str], UnitKey] = {}
    rows = db.execute("SELECT provinceCode, provinceKey, ward, wardKey FROM admin_units")
    for p_code, p_key, w_name, w_key in rows:
        name = _nfc(w_name)
        code = by_name.get((p_code, name)) or by_name.get((p_code, _squash(name)))
        if code is None:
            raise ValueError(f"ward {name} of province {p_code} is not in vietnam-provinces")
        lookup[(p_key, w_key)] = (NEW, code)
    return lookup


def _province_lookup(db: sqlite3.Connection) -> dict[str, str]:
    rows = db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units")
    return {key: code for key, code in rows}


def _kind_for_single(old: UnitSpec, new: UnitSpec) -> str:
    return ChangeKind.CONTINUE if old.name == new.name else ChangeKind.RENAME


def load_reform_data() -> ReformData:
    """Read both packages and return every unit and lineage event of the 2025 reform."""
    new_units, by_name = _load_new_tree()
    data_dir = _package_dir("vietnamadminunits")
    db = sqlite3.connect(f"file:{data_dir / 'dataset.db'}?mode=ro", uri=True)
    try:
        old_units, old_keys = _load_legacy(db)
        new_wards = _new_ward_lookup(db, by_name)
        new_provinces = _province_lookup(db)
    finally:
        db.close()
    mapping = json.loads((data_dir / "converter_2025.json").read_text(encoding="utf-8"))
    specs = {spec.key: spec for spec in (*new_units, *old_units)}
    events: list[EventSpec] = []

    # Provinces: Resolution 202/2025/QH15 merged 52 provinces into 23 and kept 11.
    for new_key, old_list in mapping["DICT_PROVINCE"].items():
        successor = (NEW, new_provinces[new_key])
        predecessors = [old_keys[key] for key in old_list]
        if len(predecessors) == 1:
            kind = _kind_for_single(specs[predecessors[0]], specs[successor])
        else:
            kind = ChangeKind.MERGE
        events.append(EventSpec(f"{EVENT_PREFIX}province:{successor[1]}", kind,
                                predecessors=predecessors, successors=[successor]))

    # Communes split between several new ones: every successor the data lists.
    parts: dict[UnitKey, list[UnitKey]] = defaultdict(list)
    districts_continued: set[UnitKey] = set()
    for province_key, divided in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, targets in divided.items():
            old = old_keys[old_key]
            successors = [new_wards[(province_key, t["newWardKey"])] for t in targets]
            default = [new_wards[(province_key, t["newWardKey"])][1] for t in targets
                       if t["isDefaultNewWard"]]
            for successor in successors:
                parts[successor].append(old)
            events.append(EventSpec(
                f"{EVENT_PREFIX}split:{old[1]}", ChangeKind.SPLIT,
                note=f"isDefaultNewWard: {', '.join(default)}" if default else "",
                predecessors=[old], successors=successors,
                # The converter lists only the largest part for a few communes; a
                # split with a single successor is flagged for an administrator.
                successors_incomplete=len(successors) < 2,
            ))

    # Communes formed from whole old communes (and possibly parts of split ones).
    for province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_list in wards.items():
            successor = new_wards[(province_key, ward_key)]
            predecessors = [old_keys[key] for key in old_list]
            districts_continued.update(
                p for p in predecessors if specs[p].kind == UnitKind.DISTRICT
            )
            if not predecessors:
                continue
            if len(predecessors) == 1 and not parts.get(successor):
                kind = _kind_for_single(specs[predecessors[0]], specs[successor])
            else:
                kind = ChangeKind.MERGE
            events.append(EventSpec(f"{EVENT_PREFIX}commune:{successor[1]}", kind,
                                    predecessors=predecessors, successors=[successor]))

    # Districts ceased to be a level of government on 1 July 2025 (Law on the
    # Organisation of Local Government 2025, Art. 1): they have no successor.
    for spec in old_units:
        if spec.kind == UnitKind.DISTRICT and spec.key not in districts_continued:
            events.append(EventSpec(f"{EVENT_PREFIX}dissolve:{spec.code}", ChangeKind.DISSOLVE,
                                    predecessors=[spec.key]))
    return ReformData(units=list(specs.values()), events=events)
