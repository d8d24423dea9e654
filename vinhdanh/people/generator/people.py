"""Synthetic residents: households of related people, their ID numbers and employment."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field

from vinhdanh.core.text import fold
from vinhdanh.people.generator import names
from vinhdanh.people.generator.units import EMPLOYER_WEIGHTS, SyntheticUnits
from vinhdanh.people.idnumber import BIRTH_PROVINCE_CODES
from vinhdanh.people.models import (
    Category,
    Employment,
    Ethnicity,
    Gender,
    Household,
    HouseholdMember,
    Person,
    Relation,
)
from vinhdanh.units.models import OrgUnit, UnitKind

BATCH_SIZE = 2000
#: Ethnic make-up of the synthetic population (Kinh majority, Mường as in Ninh Bình).
ETHNICITY_WEIGHTS = (
    (Ethnicity.KINH, 92.0), (Ethnicity.MUONG, 5.0), (Ethnicity.TAY, 0.8),
    (Ethnicity.THAI, 0.7), (Ethnicity.HOA, 0.5), (Ethnicity.DAO, 0.4), (Ethnicity.NUNG, 0.3),
    (Ethnicity.MONG, 0.3),
)
#: Positions by kind of employer: (leader, deputy, staff positions).
POSITIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    UnitKind.DEPARTMENT: ("Giám đốc Sở", "Phó Giám đốc Sở",
                          ("Chánh Văn phòng", "Trưởng phòng", "Phó Trưởng phòng",
                           "Chuyên viên chính", "Chuyên viên", "Chuyên viên", "Chuyên viên")),
    UnitKind.AGENCY: ("Thủ trưởng", "Phó Thủ trưởng",
                      ("Trưởng phòng", "Chuyên viên", "Chuyên viên", "Công chức", "Công chức",
                       "Kế toán")),
    UnitKind.PUBLIC_SERVICE_UNIT: ("Giám đốc", "Phó Giám đốc",
                                   ("Trưởng khoa", "Viên chức", "Viên chức", "Viên chức",
                                    "Kế toán", "Nhân viên")),
    UnitKind.SCHOOL: ("Hiệu trưởng", "Phó Hiệu trưởng",
                      ("Tổ trưởng chuyên môn", "Giáo viên", "Giáo viên", "Giáo viên",
                       "Giáo viên", "Kế toán", "Nhân viên")),
    UnitKind.ENTERPRISE: ("Giám đốc", "Phó Giám đốc",
                          ("Trưởng phòng", "Kỹ sư", "Công nhân", "Công nhân", "Công nhân",
                           "Công nhân", "Kế toán", "Nhân viên kinh doanh")),
}
COMMUNE_LEADER = ("Chủ tịch Uỷ ban nhân dân", "Phó Chủ tịch Uỷ ban nhân dân",
                  ("Công chức Văn phòng – Thống kê", "Công chức Tư pháp – Hộ tịch",
                   "Công chức Địa chính – Xây dựng", "Công chức Văn hoá – Xã hội",
                   "Công chức Tài chính – Kế toán", "Chỉ huy trưởng Ban Chỉ huy quân sự"))
DEPUTIES_PER_EMPLOYER = 2
EMPLOYMENT_RATE = 0.4  # share of 22-60-year-olds given a job in a generated body
RETIREMENT_AGE = 60


@dataclass
class PeopleResult:
    people: int = 0
    households: int = 0
    employments: int = 0
    leaders: int = 0
    categories: Counter[str] = field(default_factory=Counter)


@dataclass
class _Draft:
    person: Person
    relation: str
    age: int


class _IdNumbers:
    """Unique, well-formed personal identification numbers (Circular 59/2021/TT-BCA, Art. 7):
    birth-province code, century-and-gender digit, two-digit birth year, six random digits."""

    def __init__(self, rng: random.Random, home_code: str) -> None:
        self.rng = rng
        self.home = home_code if home_code in BIRTH_PROVINCE_CODES else "001"
        self.others = sorted(BIRTH_PROVINCE_CODES)
        self.used: set[str] = set()

    def prefix(self, gender: str, birth: dt.date) -> str:
        province = self.home if self.rng.random() < 0.85 else self.rng.choice(self.others)
        century = (birth.year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
        return f"{province}{century}{birth.year % 100:02d}"

    def draw(self, prefix: str) -> str:
        while True:
            number = f"{prefix}{self.rng.randrange(1_000_000):06d}"
            if number not in self.used:
                self.used.add(number)
                return number

    def replace_taken(self, people: list[Person]) -> None:
        """Redraw numbers already held by persons outside this run."""
        pending = people
        while pending:
            taken: set[str] = set()
            for start in range(0, len(pending), 900):
                chunk = [p.id_number for p in pending[start:start + 900] if p.id_number]
                rows = Person.objects.filter(id_number__in=chunk)
                taken.update(n for n in rows.values_list("id_number", flat=True) if n)
            pending = [p for p in pending if p.id_number in taken]
            for person in pending:
                assert person.id_number is not None
                person.id_number = self.draw(person.id_number[:6])


def _birth_date(rng: random.Random, age: int, reference: dt.date) -> dt.date:
    year = reference.year - age
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))


def _household_drafts(
    rng: random.Random, *, reference: dt.date, ethnicity: names.WeightedChoice
) -> list[_Draft]:
    """Draft one household: head, maybe a spouse, children and a parent of the head."""
    head_gender = Gender.MALE if rng.random() < 0.78 else Gender.FEMALE
    head_age = rng.randint(24, 78)
    head_family = names.family_name(rng)
    nation = ethnicity.pick(rng)

    def person(gender: str, age: int, family: str | None) -> Person:
        full_name = names.full_name(rng, gender=gender, family=family)
        return Person(full_name=full_name, name_folded=fold(full_name), gender=gender,
                      birth_date=_birth_date(rng, age, reference), ethnicity=nation)

    drafts = [_Draft(person(head_gender, head_age, head_family), Relation.HEAD, head_age)]
    father_family = head_family
    if rng.random() < 0.8:
        spouse_gender = Gender.FEMALE if head_gender == Gender.MALE else Gender.MALE
        spouse_age = max(20, head_age + rng.randint(-6, 4))
        spouse = person(spouse_gender, spouse_age, None)
        if spouse_gender == Gender.MALE:
            father_family = spouse.full_name.split(" ", 1)[0]
        drafts.append(_Draft(spouse, Relation.SPOUSE, spouse_age))
    children = rng.choices((0, 1, 2, 3, 4), weights=(10, 25, 40, 18, 7), k=1)[0]
    for _index in range(children):
        age = head_age - rng.randint(20, 36)
        if age < 0:
            continue
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        drafts.append(_Draft(person(gender, age, father_family), Relation.CHILD, age))
    if head_age < 55 and rng.random() < 0.2:
        age = min(head_age + rng.randint(22, 32), 96)
        gender = rng.choice((Gender.MALE, Gender.FEMALE))
        family = head_family if gender == Gender.MALE else None
        drafts.append(_Draft(person(gender, age, family), Relation.PARENT, age))
    return drafts


def _category_for_resident(rng: random.Random, age: int) -> str:
    if age < 18:
        return Category.WORKER_FARMER
    roll = rng.random()
    if roll < 0.02:
        return Category.ENTREPRENEUR
    if roll < 0.03:
        return Category.ARMED_FORCES
    if roll < 0.035:
        return Category.VIETNAMESE_ABROAD
    return Category.WORKER_FARMER


def build_people(
    rng: random.Random,
    *,
    units: SyntheticUnits,
    count: int,
    reference: dt.date,
) -> PeopleResult:
    """Create `count` people in households across the villages, and employ part of them."""
    result = PeopleResult()
    province = units.province
    ethnicity = names.WeightedChoice(tuple((str(k), w) for k, w in ETHNICITY_WEIGHTS))
    id_numbers = _IdNumbers(rng, f"{int(province.code):03d}" if province.code.isdigit() else "")

    # 1. Households and their members, in memory.
    households: list[tuple[OrgUnit, OrgUnit, list[_Draft]]] = []
    drafts_total = 0
    while drafts_total < count:
        village, commune = units.villages[rng.randrange(len(units.villages))]
        drafts = _household_drafts(rng, reference=reference, ethnicity=ethnicity)
        drafts = drafts[: count - drafts_total]
        drafts_total += len(drafts)
        households.append((village, commune, drafts))

    # 2. Employment: shuffle working-age people and hand them to employers by weight.
    workers = [d for _v, _c, drafts in households for d in drafts
               if 22 <= d.age < RETIREMENT_AGE and rng.random() < EMPLOYMENT_RATE]
    employers = units.employers
    weights = [EMPLOYER_WEIGHTS.get(UnitKind(unit.kind), 1.0) for unit in employers]
    staff_count: Counter[int] = Counter()
    jobs: dict[int, tuple[OrgUnit, str, bool]] = {}
    # Every employer first gets its head, so that each body has a leader.
    order = list(range(len(employers))) + rng.choices(
        range(len(employers)), weights=weights, k=max(0, len(workers) - len(employers))
    )
    for draft, employer_index in zip(workers, order, strict=False):
        employer = employers[employer_index]
        leader, deputy, staff = (COMMUNE_LEADER if employer.code.endswith("-UB")
                                 else POSITIONS[employer.kind])
        rank = staff_count[employer_index]
        staff_count[employer_index] += 1
        if rank == 0:
            jobs[id(draft)] = (employer, leader, True)
        elif rank <= DEPUTIES_PER_EMPLOYER:
            jobs[id(draft)] = (employer, deputy, True)
        else:
            jobs[id(draft)] = (employer, rng.choice(staff), False)

    # 3. Fill in the remaining person fields and write persons.
    people: list[Person] = []
    for village, commune, drafts in households:
        address = f"{village.name}, {commune.name}, {province.name}"
        for draft in drafts:
            person = draft.person
            assert person.birth_date is not None
            person.address = address
            person.id_number = id_numbers.draw(id_numbers.prefix(person.gender,
                                                                 person.birth_date))
            job = jobs.get(id(draft))
            if job is None:
                person.unit_id = village.pk
                person.category = _category_for_resident(rng, draft.age)
            else:
                employer, position, is_leader = job
                person.unit_id = employer.pk
                if employer.kind == UnitKind.ENTERPRISE:
                    person.category = (Category.ENTREPRENEUR if is_leader
                                       else Category.WORKER_FARMER)
                elif position.startswith("Chỉ huy trưởng"):
                    person.category = Category.ARMED_FORCES
                else:
                    person.category = Category.CIVIL_SERVANT
            result.categories[person.category] += 1
            people.append(person)
    id_numbers.replace_taken(people)
    Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
    result.people = len(people)

    # 4. Households with their heads, then memberships.
    household_rows: list[Household] = []
    numbers: Counter[int] = Counter()
    for village, _commune, drafts in households:
        numbers[village.pk] += 1
        household_rows.append(Household(
            code=f"{village.code.rsplit('-', 2)[-2]}-{village.code[-2:]}-"
                 f"{numbers[village.pk]:04d}",
            head_id=drafts[0].person.pk, unit_id=village.pk, address=drafts[0].person.address,
        ))
    Household.objects.bulk_create(household_rows, batch_size=BATCH_SIZE)
    HouseholdMember.objects.bulk_create(
        (HouseholdMember(household_id=row.pk, person_id=d.person.pk, relation=d.relation)
         for row, (_v, _c, drafts) in zip(household_rows, households, strict=True)
         for d in drafts),
        batch_size=BATCH_SIZE,
    )
    result.households = len(household_rows)

    # 5. Current employment. The generated bodies exist from the province's validity start
    # (1 July 2025 for the new provinces), so nobody's current post starts earlier.
    opened = province.valid_from or reference
    employments: list[Employment] = []
    for draft in workers:
        job = jobs.get(id(draft))
        if job is None:
            continue
        employer, position, is_leader = job
        start = opened if rng.random() < 0.9 else opened + dt.timedelta(
            days=rng.randrange(max(1, (reference - opened).days)))
        employments.append(Employment(person_id=draft.person.pk, unit_id=employer.pk,
                                      position=position,
                                      is_leader=is_leader, start=start))
        result.leaders += is_leader
    Employment.objects.bulk_create(employments, batch_size=BATCH_SIZE)
    result.employments = len(employments)
    return result
