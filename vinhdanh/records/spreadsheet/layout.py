"""The ledger workbook: its sheets, columns and code lists.

The template, the exporter and the importer all read this one description, so a file
exported from the ledger imports back unchanged. Headers and code-list labels are
Vietnamese data (the form agencies fill in), not interface strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from vinhdanh.core.text import fold
from vinhdanh.people.models import Category, Ethnicity, Gender
from vinhdanh.records.models import (
    DisciplineLevel,
    Effect,
    EntryKind,
    ReviewKind,
    ScienceState,
    Scope,
    SubjectKind,
    TaskRating,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    width: int = 16
    codes: str = ""  # name of a code list in CODE_LISTS


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]


PEOPLE = Sheet("people", "Cá nhân", (
    Column("full_name", "Họ và tên", required=True, width=28),
    Column("birth_date", "Ngày sinh", required=True, width=13),
    Column("gender", "Giới tính", required=True, width=10, codes="gender"),
    Column("id_number", "Số CCCD", width=15),
    Column("unit_code", "Mã đơn vị", required=True, width=12),
    Column("category", "Đối tượng", width=24, codes="category"),
    Column("ethnicity", "Dân tộc", width=10, codes="ethnicity"),
    Column("address", "Địa chỉ", width=30),
))

HOUSEHOLDS = Sheet("households", "Hộ gia đình", (
    Column("code", "Mã hộ", required=True, width=12),
    Column("unit_code", "Mã đơn vị", required=True, width=12),
    Column("head_name", "Họ tên chủ hộ", required=True, width=28),
    Column("head_birth_date", "Ngày sinh chủ hộ", required=True, width=13),
    Column("address", "Địa chỉ", width=30),
))

ENTRIES = Sheet("entries", "Thành tích", (
    Column("subject_kind", "Loại đối tượng", required=True, width=14, codes="subject_kind"),
    Column("name", "Họ tên / Tên tập thể", width=28),
    Column("birth_date", "Ngày sinh", width=13),
    Column("household_code", "Mã hộ", width=12),
    Column("unit_code", "Mã đơn vị", required=True, width=12),
    Column("kind", "Loại thành tích", required=True, width=20, codes="kind"),
    Column("year", "Năm", required=True, width=8),
    Column("award", "Danh hiệu / Hình thức khen thưởng", width=30),
    Column("rating", "Mức độ hoàn thành nhiệm vụ", width=22, codes="rating"),
    Column("title", "Tên sáng kiến, đề tài, nội dung", width=30),
    Column("authors", "Tác giả", width=20),
    Column("scope", "Phạm vi ảnh hưởng", width=18, codes="scope"),
    Column("effect", "Hiệu quả", width=18, codes="effect"),
    Column("science_state", "Kết quả nghiệm thu", width=18, codes="science_state"),
    Column("recognized_by", "Cơ quan công nhận", width=20),
    Column("date", "Ngày", width=13),
    Column("start", "Từ ngày", width=13),
    Column("end", "Đến ngày", width=13),
    Column("level", "Hình thức kỷ luật / Loại xem xét", width=20, codes="level"),
    Column("ref_number", "Số quyết định", width=16),
    Column("ref_date", "Ngày quyết định", width=13),
    Column("ref_issuer", "Cơ quan ban hành", width=24),
    Column("note", "Ghi chú", width=20),
))

SHEETS = (PEOPLE, HOUSEHOLDS, ENTRIES)
INSTRUCTIONS_TITLE = "Hướng dẫn"
CODES_TITLE = "Danh mục"

CODE_LISTS: dict[str, dict[str, str]] = {
    "gender": {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"},
    "category": {
        Category.CIVIL_SERVANT: "Cán bộ, công chức, viên chức, người lao động",
        Category.ARMED_FORCES: "Lực lượng vũ trang",
        Category.WORKER_FARMER: "Công nhân, nông dân, người lao động khác",
        Category.ENTREPRENEUR: "Doanh nhân, trí thức, nhà khoa học",
        Category.FOREIGNER: "Người nước ngoài",
        Category.VIETNAMESE_ABROAD: "Người Việt Nam ở nước ngoài",
    },
    "ethnicity": {str(value): str(label) for value, label in Ethnicity.choices},
    "subject_kind": {
        SubjectKind.INDIVIDUAL: "Cá nhân",
        SubjectKind.COLLECTIVE: "Tập thể",
        SubjectKind.HOUSEHOLD: "Hộ gia đình",
    },
    "kind": {
        EntryKind.TITLE: "Danh hiệu thi đua",
        EntryKind.COMMENDATION: "Hình thức khen thưởng",
        EntryKind.TASK_RATING: "Xếp loại nhiệm vụ",
        EntryKind.INITIATIVE: "Sáng kiến",
        EntryKind.SCIENCE_WORK: "Đề tài khoa học",
        EntryKind.DISCIPLINE: "Kỷ luật",
        EntryKind.PENDING_REVIEW: "Đang xem xét",
        EntryKind.MOVEMENT_ACHIEVEMENT: "Thành tích phong trào",
        EntryKind.CLUSTER_LEADERSHIP: "Dẫn đầu cụm, khối",
    },
    "rating": {
        TaskRating.EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
        TaskRating.GOOD: "Hoàn thành tốt nhiệm vụ",
        TaskRating.COMPLETED: "Hoàn thành nhiệm vụ",
        TaskRating.NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
    },
    "scope": {
        Scope.UNIT: "Đơn vị",
        Scope.GRASSROOTS: "Cơ sở",
        Scope.DISTRICT_EQUIVALENT: "Cấp huyện và tương đương",
        Scope.MINISTRY_PROVINCE: "Cấp bộ, ngành, tỉnh",
        Scope.NATIONAL: "Toàn quốc",
    },
    "effect": {
        Effect.RECOGNIZED: "Được công nhận",
        Effect.APPLIED: "Được áp dụng",
        Effect.APPLIED_AND_REPLICABLE: "Được áp dụng, nhân rộng",
    },
    "science_state": {
        ScienceState.ACCEPTED: "Đã nghiệm thu",
        ScienceState.ACCEPTED_AND_APPLIED: "Đã nghiệm thu và áp dụng",
    },
    "level": {
        DisciplineLevel.REPRIMAND: "Khiển trách",
        DisciplineLevel.WARNING: "Cảnh cáo",
        DisciplineLevel.SALARY_DEMOTION: "Hạ bậc lương",
        DisciplineLevel.DEMOTION: "Giáng chức",
        DisciplineLevel.DISMISSAL_FROM_POST: "Cách chức",
        DisciplineLevel.DISMISSAL: "Buộc thôi việc",
        DisciplineLevel.OTHER: "Hình thức khác",
        ReviewKind.INVESTIGATION: "Đang điều tra",
        ReviewKind.INSPECTION: "Đang thanh tra, kiểm tra",
        ReviewKind.COMPLAINT: "Đang xác minh khiếu nại, tố cáo",
    },
}


def _lookup_tables() -> dict[str, dict[str, str]]:
    tables: dict[str, dict[str, str]] = {}
    for name, codes in CODE_LISTS.items():
        table: dict[str, str] = {}
        for code, label in codes.items():
            table[fold(code)] = code
            table[fold(label)] = code
        tables[name] = table
    return tables


LOOKUP = _lookup_tables()


@lru_cache(maxsize=4096)
def code_for(list_name: str, text: str) -> str | None:
    """Return the code a cell names by code or by its Vietnamese label, or None."""
    return LOOKUP[list_name].get(fold(text))
