"""Synthetic bodies under a real province: departments, agencies, schools, enterprises, villages."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from vinhdanh.core.text import fold, to_nfc
from vinhdanh.units.models import OrgUnit, UnitKind

# Provincial departments after the 2025 reorganisation (Decree 45/2025/NĐ-CP, Art. 3),
# each with the public service units hanging below it.
DEPARTMENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Sở Nội vụ", ("Ban Thi đua – Khen thưởng",)),
    ("Sở Tài chính", ()),
    ("Sở Tư pháp", ("Trung tâm Trợ giúp pháp lý nhà nước",)),
    ("Sở Công Thương", ("Trung tâm Khuyến công và Xúc tiến thương mại",)),
    ("Sở Nông nghiệp và Môi trường", ("Trung tâm Khuyến nông", "Chi cục Thuỷ lợi")),
    ("Sở Xây dựng", ("Trung tâm Quy hoạch xây dựng",)),
    ("Sở Giáo dục và Đào tạo", ()),
    ("Sở Y tế", ("Bệnh viện Đa khoa tỉnh", "Trung tâm Kiểm soát bệnh tật",
                 "Bệnh viện Y dược cổ truyền")),
    ("Sở Văn hoá, Thể thao và Du lịch", ("Thư viện tỉnh", "Bảo tàng tỉnh",
                                         "Trung tâm Văn hoá tỉnh")),
    ("Sở Khoa học và Công nghệ", ("Trung tâm Công nghệ thông tin và Truyền thông",)),
    ("Sở Dân tộc và Tôn giáo", ()),
    ("Văn phòng Uỷ ban nhân dân tỉnh", ("Trung tâm Phục vụ hành chính công",)),
    ("Thanh tra tỉnh", ()),
)

ENTERPRISE_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH Một thành viên",
                    "Hợp tác xã")
ENTERPRISE_WORDS = (
    "Tràng An", "Hoa Lư", "Tam Cốc", "Phát Đạt", "Thành Công", "Hưng Thịnh", "Minh Phát",
    "An Khang", "Việt Tiến", "Sông Đáy", "Kim Sơn", "Bình Minh", "Đồng Tiến", "Thăng Long",
    "Hồng Hà", "Trường Sơn", "Nam Việt", "Đại Phát", "Tân Tiến", "Hoà Bình",
)
ENTERPRISE_TRADES = (
    "Xây dựng", "Dệt may", "Vật liệu xây dựng", "Chế biến nông sản", "Du lịch", "Cơ khí",
    "Vận tải", "Thương mại", "Dược phẩm", "Điện tử",
)
VILLAGE_NAMES = (
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "An Bình", "Phú Thọ", "Yên Thịnh",
    "Đồng Tâm", "Tân Lập", "Hoà Lạc", "Quyết Thắng", "Bình An", "Phúc Lộc", "Thanh Bình",
    "Đoài", "Cầu", "Chợ", "Văn Hà", "Ninh Xá",
)
COMMUNE_KINDS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
#: Employers per kind draw staff in proportion to these weights.
EMPLOYER_WEIGHTS = {
    UnitKind.DEPARTMENT: 6.0,
    UnitKind.AGENCY: 3.0,
    UnitKind.PUBLIC_SERVICE_UNIT: 5.0,
    UnitKind.SCHOOL: 2.5,
    UnitKind.ENTERPRISE: 6.0,
}


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str
    parent: OrgUnit


@dataclass
class SyntheticUnits:
    """What the people stage needs: where people live and who employs them."""

    province: OrgUnit
    employers: list[OrgUnit] = field(default_factory=list)
    villages: list[tuple[OrgUnit, OrgUnit]] = field(default_factory=list)  # (village, commune)
    created: int = 0


def bulk_insert_units(specs: Sequence[UnitSpec], *, valid_from: dt.date | None) -> list[OrgUnit]:
    """Insert units whose parents exist, giving each its materialised path and depth.

    The bulk counterpart of `vinhdanh.units.tree.insert_unit`: one insert for the rows,
    then one update for the paths, which need the new primary keys.
    """
    rows = [
        OrgUnit(
            code=spec.code, name=to_nfc(spec.name), name_folded=fold(spec.name),
            kind=spec.kind, parent=spec.parent, valid_from=valid_from,
            depth=spec.parent.depth + 1,
        )
        for spec in specs
    ]
    created = OrgUnit.objects.bulk_create(rows, batch_size=500)
    for unit, spec in zip(created, specs, strict=True):
        if unit.pk is None:  # pragma: no cover - both supported databases return keys
            raise RuntimeError("the database did not return primary keys from a bulk insert")
        unit.path = f"{spec.parent.path}{unit.pk}/"
    OrgUnit.objects.bulk_update(created, ["path"], batch_size=500)
    return created


def _place_name(unit: OrgUnit) -> str:
    """'Phường Hà Nam' -> 'Hà Nam', for naming the bodies of a place."""
    for prefix in ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ", "Thị trấn "):
        if unit.name.startswith(prefix):
            return unit.name[len(prefix):]
    return unit.name


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def build_units(
    rng: random.Random,
    *,
    province: OrgUnit,
    communes: Sequence[OrgUnit],
    prefix: str,
    people: int,
) -> SyntheticUnits:
    """Create the synthetic bodies of a province, level by level, and return them."""
    result = SyntheticUnits(province=province)
    valid_from = province.valid_from
    province_label = _lower_first(province.name)

    # Level 1: departments, enterprises and commune bodies, whose parents already exist.
    level1: list[UnitSpec] = []
    for index, (name, _children) in enumerate(DEPARTMENTS, start=1):
        kind = UnitKind.DEPARTMENT if name.startswith("Sở") else UnitKind.AGENCY
        # "Thanh tra tỉnh" + "tỉnh Ninh Bình" -> "Thanh tra tỉnh Ninh Bình".
        full = f"{name.removesuffix(' tỉnh')} {province_label}"
        level1.append(UnitSpec(f"{prefix}-S{index:02d}", full, kind, province))
    enterprise_count = max(5, people // 2000)
    for index in range(1, enterprise_count + 1):
        name = (f"{rng.choice(ENTERPRISE_FORMS)} {rng.choice(ENTERPRISE_TRADES)} "
                f"{rng.choice(ENTERPRISE_WORDS)}")
        level1.append(UnitSpec(f"{prefix}-E{index:04d}", f"{name} {index}", UnitKind.ENTERPRISE,
                               province))
    village_plan: list[tuple[OrgUnit, int, str]] = []
    for commune in communes:
        place = _place_name(commune)
        base = f"{prefix}-{commune.code}"
        level1.append(UnitSpec(f"{base}-UB", f"Uỷ ban nhân dân {_lower_first(commune.name)}",
                               UnitKind.AGENCY, commune))
        for suffix, school in (("MN", "Trường Mầm non"), ("TH", "Trường Tiểu học"),
                               ("CS", "Trường THCS")):
            level1.append(UnitSpec(f"{base}-{suffix}", f"{school} {place}", UnitKind.SCHOOL,
                                   commune))
        count = rng.randint(4, 10)
        is_ward = commune.kind == UnitKind.WARD
        names = rng.sample(VILLAGE_NAMES, k=count)
        for number in range(1, count + 1):
            label = f"Tổ dân phố {number}" if is_ward else f"Thôn {names[number - 1]}"
            village_plan.append((commune, number, label))
            level1.append(UnitSpec(f"{base}-V{number:02d}", label, UnitKind.VILLAGE, commune))
    created1 = bulk_insert_units(level1, valid_from=valid_from)

    # Level 2: bodies under the departments, and upper-secondary schools under education.
    by_code = {unit.code: unit for unit in created1}
    level2: list[UnitSpec] = []
    for index, (_name, children) in enumerate(DEPARTMENTS, start=1):
        parent = by_code[f"{prefix}-S{index:02d}"]
        for child_index, child in enumerate(children, start=1):
            kind = (UnitKind.AGENCY if child.startswith(("Ban ", "Chi cục "))
                    else UnitKind.PUBLIC_SERVICE_UNIT)
            name = child if "tỉnh" in child else f"{child} {province_label}"
            level2.append(UnitSpec(f"{prefix}-S{index:02d}-{child_index:02d}", name, kind,
                                   parent))
    education = next(by_code[f"{prefix}-S{i:02d}"] for i, (name, _c) in
                     enumerate(DEPARTMENTS, start=1) if name == "Sở Giáo dục và Đào tạo")
    for commune in communes[::4]:
        level2.append(UnitSpec(f"{prefix}-{commune.code}-PT", f"Trường THPT {_place_name(commune)}",
                               UnitKind.SCHOOL, education))
    created2 = bulk_insert_units(level2, valid_from=valid_from)

    everything = created1 + created2
    result.created = len(everything)
    result.employers = [unit for unit in everything if unit.kind != UnitKind.VILLAGE]
    villages = iter(unit for unit in created1 if unit.kind == UnitKind.VILLAGE)
    result.villages = [(next(villages), commune) for commune, _number, _label in village_plan]
    return result
