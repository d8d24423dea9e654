"""Award codes known to the ledger, and matching of award names written out by hand.

The ledger stores award codes as validated strings rather than a foreign key: twenty
years of records name forms that the current catalogue no longer offers, and the
catalogue is versioned by effective date (see docs/adr/0002-ledger-shape.md). Codes
come from the catalogue's data file, the same one `import_catalogue` loads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from vinhdanh.core.text import fold

AWARDS_FILE = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "awards.yaml"


@dataclass(frozen=True)
class AwardInfo:
    code: str
    name: str
    is_title: bool
    subjects: frozenset[str]


# Hand-written forms seen in agencies' spreadsheets, by code. Matching folds diacritics,
# case, punctuation and filler words, so each form stands for many spellings.
ALIASES: dict[str, tuple[str, ...]] = {
    "chien_si_thi_dua_co_so": ("CSTĐCS", "CSTĐ cơ sở", "CSTĐ CS"),
    "chien_si_thi_dua_bo_tinh": (
        "CSTĐ tỉnh",
        "CSTĐ bộ",
        "CSTĐ cấp tỉnh",
        "CSTĐ cấp bộ",
        "Chiến sĩ thi đua cấp tỉnh",
        "Chiến sĩ thi đua tỉnh",
    ),
    "chien_si_thi_dua_toan_quoc": ("CSTĐTQ", "CSTĐ toàn quốc"),
    "lao_dong_tien_tien": ("LĐTT", "LĐ tiên tiến"),
    "chien_si_tien_tien": ("CSTT",),
    "tap_the_lao_dong_xuat_sac": ("TTLĐXS", "Tập thể LĐXS"),
    "tap_the_lao_dong_tien_tien": ("TTLĐTT", "Tập thể LĐTT"),
    "gia_dinh_van_hoa": ("GĐVH", "Gia đình văn hoá"),
    "thon_to_dan_pho_van_hoa": ("Thôn văn hóa", "Tổ dân phố văn hóa"),
    "co_thi_dua_chinh_phu": ("Cờ thi đua Chính phủ", "Cờ CP"),
    "co_thi_dua_bo_tinh": ("Cờ thi đua UBND tỉnh", "Cờ thi đua tỉnh", "Cờ thi đua bộ"),
    "bang_khen_bo_tinh": (
        "BK UBND tỉnh",
        "BK tỉnh",
        "BK bộ",
        "Bằng khen UBND tỉnh",
        "Bằng khen Ủy ban nhân dân tỉnh",
        "Bằng khen tỉnh",
        "Bằng khen bộ",
    ),
    "bang_khen_thu_tuong": ("BKTTg", "BK TTg", "BK Thủ tướng", "Bằng khen Thủ tướng Chính phủ"),
    "giay_khen": ("GK", "Giấy khen UBND xã", "Giấy khen UBND huyện", "Giấy khen giám đốc"),
    "huan_chuong_lao_dong_hang_nhat": ("HCLĐ hạng Nhất", "HCLĐ hạng 1", "HCLĐ hạng I"),
    "huan_chuong_lao_dong_hang_nhi": ("HCLĐ hạng Nhì", "HCLĐ hạng 2", "HCLĐ hạng II"),
    "huan_chuong_lao_dong_hang_ba": ("HCLĐ hạng Ba", "HCLĐ hạng 3", "HCLĐ hạng III"),
    "ky_niem_chuong": ("KNC", "Kỷ niệm chương"),
}

_FILLER = re.compile(r"\b(danh hieu|hinh thuc|cua|chu tich|cap|duoc tang|tang)\b")
_COMMITTEE = re.compile(r"\buy ban nhan dan\b")
_SY = re.compile(r"\bsy\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def match_key(text: str) -> str:
    """Return the comparison key of an award name: folded, compact, fillers dropped."""
    folded = fold(text).replace("_", " ")
    folded = _COMMITTEE.sub("ubnd", folded)
    # "sỹ" and "sĩ" are both written for the same word in official names.
    folded = _SY.sub("si", folded)
    folded = _FILLER.sub(" ", folded)
    return _NOT_ALNUM.sub("", folded)


@lru_cache(maxsize=1)
def award_index() -> dict[str, AwardInfo]:
    """Return every award the catalogue data defines, by code."""
    # The C loader reads the 1,300-line file in a tenth of the pure-Python time.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(AWARDS_FILE.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506
    index: dict[str, AwardInfo] = {}
    for item in data.get("awards", []):
        index[item["code"]] = AwardInfo(
            code=item["code"],
            name=item.get("name_vi", item["code"]),
            is_title=item.get("kind") == "emulation_title",
            subjects=frozenset(item.get("subject") or ()),
        )
    return index


@lru_cache(maxsize=1)
def _keys() -> dict[str, str]:
    keys: dict[str, str] = {}
    for code, info in award_index().items():
        keys[match_key(code)] = code
        keys[match_key(info.name)] = code
    for code, forms in ALIASES.items():
        if code in award_index():
            for form in forms:
                keys.setdefault(match_key(form), code)
    return keys


@lru_cache(maxsize=4096)
def resolve_award(text: str) -> AwardInfo | None:
    """Return the award a code or a hand-written name stands for, or None."""
    cleaned = text.strip()
    if not cleaned:
        return None
    index = award_index()
    if cleaned in index:
        return index[cleaned]
    code = _keys().get(match_key(cleaned))
    return index[code] if code else None
