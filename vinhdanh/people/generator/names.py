"""Vietnamese personal names, weighted roughly by their frequency in the population."""

from __future__ import annotations

import random
from itertools import accumulate

from vinhdanh.people.models import Gender

# Family names and approximate shares (per cent) of the population.
FAMILY_NAMES: tuple[tuple[str, float], ...] = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 4.1),
    ("Huỳnh", 1.0), ("Phan", 4.5), ("Vũ", 3.9), ("Võ", 1.0), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.9),
    ("Trịnh", 0.8), ("Đào", 0.7), ("Mai", 0.6), ("Tạ", 0.4), ("Lưu", 0.4), ("Cao", 0.4),
    ("Hà", 0.5), ("Lương", 0.3), ("Tô", 0.3), ("Chu", 0.2), ("Lã", 0.1), ("Quách", 0.1),
)

MIDDLE_NAMES: dict[str, tuple[tuple[str, float], ...]] = {
    Gender.MALE: (
        ("Văn", 30.0), ("Đức", 10.0), ("Minh", 10.0), ("Quang", 6.0), ("Hữu", 6.0),
        ("Xuân", 4.0), ("Thanh", 4.0), ("Công", 4.0), ("Ngọc", 3.0), ("Tiến", 3.0),
        ("Trọng", 3.0), ("Mạnh", 3.0), ("Hoàng", 3.0), ("Anh", 2.0), ("Gia", 2.0),
        ("Đình", 4.0), ("Thế", 3.0),
    ),
    Gender.FEMALE: (
        ("Thị", 40.0), ("Ngọc", 8.0), ("Thu", 6.0), ("Thanh", 6.0), ("Minh", 5.0),
        ("Phương", 4.0), ("Hồng", 4.0), ("Thuỳ", 3.0), ("Bích", 3.0), ("Kim", 3.0),
        ("Hải", 2.0), ("Diệu", 2.0), ("Khánh", 2.0), ("Mai", 2.0), ("Bảo", 2.0),
    ),
}

GIVEN_NAMES: dict[str, tuple[str, ...]] = {
    Gender.MALE: (
        "Anh", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hiếu", "Hoà", "Hùng", "Huy",
        "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Phong",
        "Phúc", "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung",
        "Tuấn", "Tùng", "Việt", "Vinh", "Hưng", "Hoàng", "Đạt", "Duy", "Tài",
    ),
    Gender.FEMALE: (
        "Anh", "Châu", "Chi", "Dung", "Giang", "Hà", "Hằng", "Hạnh", "Hiền", "Hoa", "Hồng",
        "Huệ", "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
        "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thuỷ", "Trang", "Tú",
        "Uyên", "Vân", "Yến", "Huyền", "Thu", "Nhàn", "Hoài", "Xuân",
    ),
}


class WeightedChoice:
    """Pick from (value, weight) pairs with one random draw and a bisection."""

    def __init__(self, pairs: tuple[tuple[str, float], ...]) -> None:
        self.values = [value for value, _weight in pairs]
        self.cumulative = list(accumulate(weight for _value, weight in pairs))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.values, cum_weights=self.cumulative, k=1)[0]


_FAMILY = WeightedChoice(FAMILY_NAMES)
_MIDDLE = {gender: WeightedChoice(pairs) for gender, pairs in MIDDLE_NAMES.items()}


def family_name(rng: random.Random) -> str:
    return _FAMILY.pick(rng)


def full_name(rng: random.Random, *, gender: str, family: str | None = None) -> str:
    """Return 'Family Middle Given'; children pass their father's family name."""
    middle = _MIDDLE[gender].pick(rng)
    given = rng.choice(GIVEN_NAMES[gender])
    if given == middle:
        given = rng.choice(GIVEN_NAMES[gender])
    return f"{family or family_name(rng)} {middle} {given}"
