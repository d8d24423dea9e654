"""Bilingual labels for vocabulary values, dates and legal citations.

Engine texts are Vietnamese and English by construction (not gettext): a verdict is a
document that must read the same whatever the interface language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date

from vinhdanh.eligibility.engine.ruleset import LegalDocument, LegalRef

Pair = tuple[str, str]

LABELS: Mapping[str, Pair] = {
    # subject kinds and categories
    "individual": ("cá nhân", "individual"),
    "collective": ("tập thể", "collective"),
    "household": ("hộ gia đình", "household"),
    "enterprise": ("doanh nghiệp", "enterprise"),
    "civil_servant_or_employee": (
        "cán bộ, công chức, viên chức, người lao động",
        "civil servant or public employee",
    ),
    "armed_forces_member": ("lực lượng vũ trang, dân quân", "armed forces or militia member"),
    "worker_farmer_other_worker": (
        "công nhân, nông dân, người lao động khác",
        "worker, farmer or other worker",
    ),
    "entrepreneur_intellectual_scientist": (
        "doanh nhân, trí thức, nhà khoa học",
        "entrepreneur, intellectual or scientist",
    ),
    "enterprise_or_economic_org": (
        "doanh nghiệp, tổ chức kinh tế",
        "enterprise or economic organisation",
    ),
    "foreigner": ("người nước ngoài", "foreigner"),
    "vietnamese_abroad": ("người Việt Nam ở nước ngoài", "Vietnamese abroad"),
    # unit types
    "commune_ward_special_zone": ("xã, phường, đặc khu", "commune, ward or special zone"),
    "village_or_residential_group": ("thôn, tổ dân phố", "village or residential group"),
    "armed_forces_unit": ("đơn vị lực lượng vũ trang", "armed forces unit"),
    "ministry_branch_province": ("bộ, ban, ngành, tỉnh", "ministry, branch or province"),
    "state_agency_unit": ("cơ quan, đơn vị nhà nước", "state agency or unit"),
    # rating levels
    "excellent": ("hoàn thành xuất sắc nhiệm vụ", "excellent task completion"),
    "good": ("hoàn thành tốt nhiệm vụ", "good task completion"),
    "completed": ("hoàn thành nhiệm vụ", "task completed"),
    "not_completed": ("không hoàn thành nhiệm vụ", "task not completed"),
    # scopes
    "any": ("bất kỳ cấp nào", "any scope"),
    "unit": ("cấp đơn vị", "unit level"),
    "grassroots": ("cấp cơ sở", "grassroots level"),
    "district_equivalent": ("cấp huyện và tương đương", "district level or equivalent"),
    "ministry_province": ("cấp bộ, ban, ngành, tỉnh", "ministry/branch/province level"),
    "ministry_province_field": (
        "trong lĩnh vực của bộ, ban, ngành, tỉnh",
        "within the ministry/province's field",
    ),
    "national": ("cấp toàn quốc", "national level"),
    "sector": ("trong ngành, lĩnh vực", "within the sector"),
    "army_or_police_wide": ("toàn quân, toàn lực lượng Công an", "army- or police-wide"),
    # initiative effects and science states
    "recognized": ("được công nhận", "recognised"),
    "applied": ("được áp dụng hiệu quả", "applied effectively"),
    "applied_and_replicable": (
        "được áp dụng hiệu quả, có khả năng nhân rộng",
        "applied effectively and replicable",
    ),
    "accepted": ("được nghiệm thu", "accepted"),
    "accepted_and_applied": ("được nghiệm thu và áp dụng", "accepted and applied"),
    # movement launchers, cluster organisers
    "president": ("Chủ tịch nước", "the President"),
    "prime_minister": ("Thủ tướng Chính phủ", "the Prime Minister"),
    "central_council": ("Hội đồng Thi đua - Khen thưởng Trung ương", "the Central Council"),
    "district": ("cấp huyện", "district level"),
    "interim": ("sơ kết", "interim review"),
    "final": ("tổng kết", "final review"),
    # contribution fields
    "socio_economic": ("phát triển kinh tế - xã hội", "socio-economic development"),
    "social_security": ("an sinh xã hội", "social security"),
    "charity": ("từ thiện, nhân đạo", "charity"),
    "sci_tech_application": ("ứng dụng tiến bộ khoa học - kỹ thuật", "applying science"),
    "social_work": ("công tác xã hội", "social work"),
    "labour_land_assets_to_locality": (
        "đóng góp công sức, đất đai, tài sản cho địa phương",
        "labour, land or assets given to the locality",
    ),
    # invention kinds, prizes, forces, discipline levels
    "invention": ("phát minh", "invention"),
    "patent": ("sáng chế", "patent"),
    "sci_tech_work": ("công trình khoa học - công nghệ", "science and technology work"),
    "artwork": ("tác phẩm xuất sắc", "outstanding work of art"),
    "regional_highest": ("giải cao nhất khu vực", "highest regional prize"),
    "regional": ("giải khu vực", "regional prize"),
    "international_highest": ("giải cao nhất quốc tế", "highest international prize"),
    "international": ("giải quốc tế", "international prize"),
    "army": ("Quân đội nhân dân", "People's Army"),
    "police": ("Công an nhân dân", "People's Public Security"),
    "militia": ("dân quân tự vệ", "militia"),
    "civil": ("cơ quan dân sự", "civil service"),
    "reprimand": ("khiển trách", "reprimand"),
    "warning": ("cảnh cáo", "warning"),
    "salary_demotion": ("hạ bậc lương", "salary demotion"),
    "demotion": ("giáng chức", "demotion"),
    "dismissal_from_post": ("cách chức", "removal from office"),
    "dismissal": ("buộc thôi việc", "dismissal"),
    "ad_hoc": ("đột xuất", "ad hoc"),
    "thematic": ("theo chuyên đề", "thematic"),
    "merit": ("công trạng", "merit"),
    # authorities named by `delegated` conditions
    "provincial_people_committee": (
        "Ủy ban nhân dân cấp tỉnh",
        "the provincial People's Committee",
    ),
    "mod_mps": ("Bộ Quốc phòng, Bộ Công an", "the Ministries of Defence and Public Security"),
    "local authority": ("cơ quan có thẩm quyền", "the competent authority"),
}


def label(value: object) -> Pair:
    text = str(value)
    return LABELS.get(text, (text, text))


def labels(values: Iterable[object], joiner: Pair = (", ", ", ")) -> Pair:
    pairs = [label(v) for v in values]
    return joiner[0].join(p[0] for p in pairs), joiner[1].join(p[1] for p in pairs)


def vi_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def en_date(day: date) -> str:
    return day.isoformat()


def join_years(years: Iterable[int]) -> str:
    return ", ".join(str(y) for y in sorted(years))


_PREFIXES = (
    ("law", "Law"),
    ("decree", "Decree"),
    ("circular", "Circular"),
    ("dispatch", "Dispatch"),
)


def document_name(doc_id: str, documents: Mapping[str, LegalDocument]) -> str:
    document = documents.get(doc_id)
    if document is None:
        return doc_id
    for prefix, word in _PREFIXES:
        if doc_id.startswith(prefix):
            return f"{word} {document.number}"
    return document.number


def cite(refs: Iterable[LegalRef], documents: Mapping[str, LegalDocument]) -> str:
    """Format legal_basis entries: 'Law 06/2022/QH15, Art. 21(1), 21(2)'."""
    grouped: dict[str, list[str]] = {}
    for ref in refs:
        parts = grouped.setdefault(document_name(ref.doc, documents), [])
        if ref.article is None and ref.clause is None:
            continue
        text = "" if ref.article is None else str(ref.article)
        if ref.clause is not None:
            text += f"({ref.clause})" if ref.article is not None else ref.clause
        if ref.point is not None:
            text += f"({ref.point})"
        parts.append(text)
    chunks = []
    for name, parts in grouped.items():
        if not parts:
            chunks.append(name)
        elif parts[0][:1].isdigit():
            chunks.append(f"{name}, Art. {', '.join(parts)}")
        else:
            chunks.append(f"{name}, {', '.join(parts)}")
    return "; ".join(chunks)


_LAW_POINT = re.compile(r"^Law Art (\d+)(.*)$")


def cite_point(legal_point: str, documents: Mapping[str, LegalDocument]) -> str:
    """Expand a YAML `legal_point` such as 'Law Art 44(1)(e)' to a full citation."""
    match = _LAW_POINT.match(legal_point.strip())
    if match:
        return f"{document_name('law_06_2022', documents)}, Art. {match.group(1)}{match.group(2)}"
    return legal_point
