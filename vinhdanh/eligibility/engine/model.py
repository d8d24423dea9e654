"""Plain data the engine reads: a subject, its achievement record and, for collectives,
its members. Everything is a frozen dataclass so a verdict can be cached and compared."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Vocabulary values (awards.yaml header). Ordered tuples are ascending: a later value
# satisfies a requirement for an earlier one.
SUBJECT_KINDS = ("individual", "collective", "household", "enterprise")
CATEGORIES = (
    "civil_servant_or_employee",
    "armed_forces_member",
    "worker_farmer_other_worker",
    "entrepreneur_intellectual_scientist",
    "enterprise_or_economic_org",
    "foreigner",
    "vietnamese_abroad",
)
UNIT_TYPES = (
    "commune_ward_special_zone",
    "village_or_residential_group",
    "armed_forces_unit",
    "enterprise",
    "ministry_branch_province",
    "state_agency_unit",
)
GENDERS = ("female", "male")
RATING_LEVELS = ("not_completed", "completed", "good", "excellent")
INITIATIVE_SCOPES = ("unit", "grassroots", "district_equivalent", "ministry_province", "national")
INITIATIVE_EFFECTS = ("recognized", "applied", "applied_and_replicable")
SCIENCE_STATES = ("accepted", "accepted_and_applied")
COMBAT_SCOPES = ("unit", "army_or_police_wide", "national")
ACHIEVEMENT_SCOPES = ("unit", "sector", "ministry_province_field", "ministry_province", "national")
INVENTION_KINDS = ("invention", "patent", "sci_tech_work", "artwork")
MOVEMENT_LAUNCHERS = (
    "unit",
    "district",
    "ministry_province",
    "central_council",
    "prime_minister",
    "president",
)
MOVEMENT_STAGES = ("interim", "final")
CONTRIBUTION_FIELDS = (
    "socio_economic",
    "social_security",
    "charity",
    "sci_tech_application",
    "social_work",
    "labour_land_assets_to_locality",
)
PRIZE_LEVELS = ("regional_highest", "regional", "international_highest", "international")
CLUSTER_ORGANIZERS = ("district", "ministry_province", "central_council")
SERVICE_FORCES = ("army", "police", "militia", "civil")
# Khiển trách, cảnh cáo, hạ bậc lương, giáng chức, cách chức, buộc thôi việc.
DISCIPLINE_LEVELS = (
    "reprimand",
    "warning",
    "salary_demotion",
    "demotion",
    "dismissal_from_post",
    "dismissal",
)
# Law 06/2022 Art 8: công trạng, đột xuất, chuyên đề (phong trào), quá trình cống hiến,
# niên hạn, đối ngoại.
COMMENDATION_BASES = (
    "merit",
    "ad_hoc",
    "thematic",
    "long_service",
    "seniority",
    "foreign_affairs",
)


def rank(order: tuple[str, ...], value: str) -> int:
    """Position of `value` in an ascending vocabulary; -1 when unknown."""
    return order.index(value) if value in order else -1


@dataclass(frozen=True)
class TaskRating:
    """Annual rating (mức độ xếp loại hoàn thành nhiệm vụ) for `year`."""

    year: int
    level: str


@dataclass(frozen=True)
class TitleConferred:
    """An emulation title conferred for period `year`."""

    award: str
    year: int


@dataclass(frozen=True)
class CommendationReceived:
    """A commendation form decided on `on`; `basis` is the Law Art 8 type."""

    award: str
    on: date
    basis: str = "merit"
    award_class: str | None = None


@dataclass(frozen=True)
class Initiative:
    """A recognised initiative (sáng kiến); `used_for` names an award it already supported."""

    on: date
    scope: str
    effect: str
    used_for: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class ScienceWork:
    """A science project or work (đề tài, đề án, công trình khoa học)."""

    on: date
    scope: str
    state: str
    used_for: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class CombatCreativity:
    on: date
    scope: str


@dataclass(frozen=True)
class InventionOrWork:
    on: date
    scope: str
    kind: str


@dataclass(frozen=True)
class IrregularAchievement:
    """An ad-hoc achievement (thành tích xuất sắc đột xuất)."""

    on: date
    scope: str


@dataclass(frozen=True)
class MovementAchievement:
    """Outstanding in an emulation movement launched by `launched_by`."""

    on: date
    launched_by: str
    duration_years: int
    stage: str


@dataclass(frozen=True)
class Contribution:
    on: date
    area: str


@dataclass(frozen=True)
class InternationalPrize:
    on: date
    level: str


@dataclass(frozen=True)
class ClusterLeadership:
    """Led an emulation cluster or bloc (dẫn đầu cụm, khối thi đua) for `year`."""

    year: int
    organizer: str


@dataclass(frozen=True)
class ServicePeriod:
    force: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Discipline:
    level: str
    start: date
    end: date | None


@dataclass(frozen=True)
class PendingReview:
    """Discipline consideration, investigation, inspection or complaint verification."""

    start: date
    end: date | None


@dataclass(frozen=True)
class MaternityLeave:
    start: date
    end: date


RecordEntry = (
    TaskRating
    | TitleConferred
    | CommendationReceived
    | Initiative
    | ScienceWork
    | CombatCreativity
    | InventionOrWork
    | IrregularAchievement
    | MovementAchievement
    | Contribution
    | InternationalPrize
    | ClusterLeadership
    | ServicePeriod
    | Discipline
    | PendingReview
    | MaternityLeave
)


@dataclass(frozen=True)
class Subject:
    """Who is evaluated: an individual, a collective, a household or an enterprise."""

    kind: str
    category: str | None = None
    unit_type: str | None = None
    employment_start: date | None = None
    gender: str | None = None
    ref: str = ""


@dataclass(frozen=True)
class SubjectHistory:
    """A subject with its record; collectives carry their members' histories."""

    subject: Subject
    record: tuple[RecordEntry, ...] = ()
    members: tuple[SubjectHistory, ...] = ()
