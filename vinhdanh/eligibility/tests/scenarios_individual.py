"""Individual emulation titles (Law 06/2022 Arts 21-24)."""

from __future__ import annotations

from datetime import date as D

from vinhdanh.eligibility.engine import model as m
from vinhdanh.eligibility.tests.builders import (
    initiative,
    person,
    rating,
    title,
)
from vinhdanh.eligibility.tests.scenario_table import (
    CONFIRM,
    CSTD_BT,
    CSTDCS,
    GRASSROOTS_INITIATIVE,
    NOT,
    PROVINCE_INITIATIVE,
    Scenario,
    s,
)

SCENARIOS: list[Scenario] = [
    # --- Lao động tiên tiến (Law Art 24) -------------------------------------------------
    s(
        "ldtt-civil-good",
        "lao_dong_tien_tien",
        person(rating(2025)),
        CONFIRM,
        pending={"qualitative"},
    ),
    s(
        "ldtt-civil-only-completed",
        "lao_dong_tien_tien",
        person(rating(2025, "completed")),
        NOT,
        blocking={"task_rating"},
    ),
    s("ldtt-no-rating", "lao_dong_tien_tien", person(), NOT, blocking={"task_rating"}),
    s(
        "ldtt-pending-review",
        "lao_dong_tien_tien",
        person(rating(2025), m.PendingReview(start=D(2025, 10, 1), end=None)),
        NOT,
        blocking={"pending_review"},
        proposal=D(2026, 1, 15),
    ),
    s(
        "ldtt-review-closed-before-proposal",
        "lao_dong_tien_tien",
        person(rating(2025), m.PendingReview(start=D(2025, 3, 1), end=D(2025, 6, 30))),
        CONFIRM,
        pending={"qualitative"},
        proposal=D(2026, 1, 15),
    ),
    s(
        "ldtt-new-recruit-2024-decree-98",
        "lao_dong_tien_tien",
        person(rating(2024), start=D(2024, 9, 1)),
        NOT,
        year=2024,
        blocking={"employment_months"},
        rule_set="decree_98_2023",
    ),
    s(
        "ldtt-new-recruit-2026-decree-152-unverified",
        "lao_dong_tien_tien",
        person(rating(2026), start=D(2026, 9, 1)),
        CONFIRM,
        year=2026,
        pending={"employment_months", "qualitative"},
        rule_set="decree_152_2025",
    ),
    s(
        "ldtt-recruit-exactly-6-months",
        "lao_dong_tien_tien",
        person(rating(2025), start=D(2025, 7, 1)),
        CONFIRM,
        pending={"qualitative"},
    ),
    s(
        "ldtt-discipline-ended-in-year",
        "lao_dong_tien_tien",
        person(rating(2025), m.Discipline("reprimand", D(2025, 1, 1), D(2025, 3, 31))),
        NOT,
        blocking={"task_rating"},
    ),
    s(
        "ldtt-discipline-ended-previous-year",
        "lao_dong_tien_tien",
        person(rating(2025), m.Discipline("warning", D(2024, 2, 1), D(2024, 12, 31))),
        CONFIRM,
        pending={"qualitative"},
    ),
    s(
        "ldtt-discipline-running",
        "lao_dong_tien_tien",
        person(rating(2025), m.Discipline("reprimand", D(2025, 11, 1), None)),
        NOT,
        blocking={"discipline"},
    ),
    s(
        "ldtt-worker-farmer",
        "lao_dong_tien_tien",
        person(category="worker_farmer_other_worker"),
        CONFIRM,
        pending={"qualitative", "delegated"},
    ),
    s(
        "ldtt-maternity-year-without-rating",
        "lao_dong_tien_tien",
        person(m.MaternityLeave(D(2025, 2, 1), D(2025, 7, 31)), gender="female"),
        CONFIRM,
        pending={"task_rating", "qualitative"},
    ),
    s(
        "ldtt-category-unknown",
        "lao_dong_tien_tien",
        person(rating(2025), category=None),
        CONFIRM,
        pending={"variant"},
    ),
    # --- Chiến sĩ tiên tiến (Art 24(2)) ----------------------------------------------------
    s(
        "cstt-armed-forces",
        "chien_si_tien_tien",
        person(rating(2025), category="armed_forces_member"),
        CONFIRM,
        pending={"qualitative", "delegated"},
    ),
    s(
        "cstt-civil-servant",
        "chien_si_tien_tien",
        person(rating(2025)),
        NOT,
        blocking={"subject_category"},
    ),
    # --- Chiến sĩ thi đua cơ sở (Art 23) ---------------------------------------------------
    s(
        "cstdcs-excellent",
        CSTDCS,
        person(rating(2025, "excellent")),
        CONFIRM,
        pending={"meets_title_criteria"},
    ),
    s(
        "cstdcs-good-with-grassroots-initiative",
        CSTDCS,
        person(rating(2025), GRASSROOTS_INITIATIVE),
        CONFIRM,
        pending={"meets_title_criteria"},
    ),
    s(
        "cstdcs-initiative-too-small",
        CSTDCS,
        person(rating(2025), initiative(D(2025, 5, 10), scope="unit")),
        NOT,
        blocking={"task_rating", "initiative", "science_work", "combat_creativity"},
    ),
    s(
        "cstdcs-science-work-accepted",
        CSTDCS,
        person(rating(2025), m.ScienceWork(D(2025, 8, 1), "grassroots", "accepted")),
        CONFIRM,
        pending={"meets_title_criteria"},
    ),
    s(
        "cstdcs-initiative-spent-on-a-form",
        CSTDCS,
        person(rating(2025), initiative(D(2025, 5, 10), used_for="bang_khen_bo_tinh")),
        NOT,
        blocking={"task_rating", "initiative", "science_work", "combat_creativity"},
    ),
    s(
        "cstdcs-initiative-of-last-year",
        CSTDCS,
        person(rating(2025), initiative(D(2024, 5, 10))),
        NOT,
        blocking={"task_rating", "initiative", "science_work", "combat_creativity"},
    ),
    s(
        "cstdcs-not-advanced-worker",
        CSTDCS,
        person(rating(2025, "completed"), GRASSROOTS_INITIATIVE),
        NOT,
        blocking={"meets_title_criteria"},
    ),
    s(
        "cstdcs-pending-review",
        CSTDCS,
        person(rating(2025, "excellent"), m.PendingReview(D(2025, 12, 1), None)),
        NOT,
        blocking={"meets_title_criteria", "pending_review"},
    ),
    s(
        "cstdcs-2024-decree-98",
        CSTDCS,
        person(rating(2024, "excellent")),
        CONFIRM,
        year=2024,
        pending={"meets_title_criteria"},
        rule_set="decree_98_2023",
    ),
    # --- Chiến sĩ thi đua bộ, ban, ngành, tỉnh (Art 22) ----------------------------------
    s(
        "cstd-bt-three-years-and-province-initiative",
        CSTD_BT,
        person(title(CSTDCS, 2023), title(CSTDCS, 2024), title(CSTDCS, 2025), PROVINCE_INITIATIVE),
        CONFIRM,
        pending={"qualitative"},
    ),
    s(
        "cstd-bt-gap-year",
        CSTD_BT,
        person(title(CSTDCS, 2022), title(CSTDCS, 2023), title(CSTDCS, 2025), PROVINCE_INITIATIVE),
        NOT,
        blocking={"consecutive_titles"},
    ),
    s(
        "cstd-bt-initiative-only-grassroots",
        CSTD_BT,
        person(
            title(CSTDCS, 2023),
            title(CSTDCS, 2024),
            title(CSTDCS, 2025),
            initiative(D(2025, 4, 2), effect="applied_and_replicable"),
        ),
        NOT,
        blocking={"initiative", "science_work", "combat_creativity"},
    ),
    s(
        "cstd-bt-discipline-breaks-run",
        CSTD_BT,
        person(
            title(CSTDCS, 2023),
            title(CSTDCS, 2024),
            title(CSTDCS, 2025),
            PROVINCE_INITIATIVE,
            m.Discipline("reprimand", D(2022, 9, 1), D(2023, 8, 31)),
        ),
        NOT,
        blocking={"consecutive_titles"},
    ),
    s(
        "cstd-bt-initiative-reused-from-title",
        CSTD_BT,
        person(
            title(CSTDCS, 2023),
            title(CSTDCS, 2024),
            title(CSTDCS, 2025),
            initiative(
                D(2025, 4, 2),
                scope="ministry_province",
                effect="applied_and_replicable",
                used_for=CSTDCS,
            ),
        ),
        CONFIRM,
        pending={"initiative", "qualitative"},
    ),
    # One achievement, one reward (Law Art 5(2)(c)): the 2022-2024 titles already earned
    # the provincial title for 2024.
    s(
        "cstd-bt-titles-already-used-for-an-earlier-grant",
        CSTD_BT,
        person(
            title(CSTDCS, 2022),
            title(CSTDCS, 2023),
            title(CSTDCS, 2024),
            title(CSTD_BT, 2024),
            title(CSTDCS, 2025),
            PROVINCE_INITIATIVE,
        ),
        NOT,
        blocking={"consecutive_titles"},
    ),
    # --- Chiến sĩ thi đua toàn quốc (Art 21) ----------------------------------------------
    s(
        "cstd-tq-two-province-titles-national-science",
        "chien_si_thi_dua_toan_quoc",
        person(
            title(CSTD_BT, 2022),
            title(CSTD_BT, 2025),
            m.ScienceWork(D(2025, 6, 1), "national", "accepted_and_applied"),
        ),
        CONFIRM,
        pending={"qualitative"},
    ),
    # Each ministry/provincial title covers 3 years (Art 22): titles for 2024 and 2025
    # are not two consecutive periods.
    s(
        "cstd-tq-province-titles-one-year-apart",
        "chien_si_thi_dua_toan_quoc",
        person(
            title(CSTD_BT, 2024),
            title(CSTD_BT, 2025),
            m.ScienceWork(D(2025, 6, 1), "national", "accepted_and_applied"),
        ),
        NOT,
        blocking={"consecutive_titles"},
    ),
    s(
        "cstd-tq-one-province-title",
        "chien_si_thi_dua_toan_quoc",
        person(
            title(CSTD_BT, 2025), m.ScienceWork(D(2025, 6, 1), "national", "accepted_and_applied")
        ),
        NOT,
        blocking={"consecutive_titles"},
    ),
]
