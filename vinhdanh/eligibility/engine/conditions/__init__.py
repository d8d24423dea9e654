"""One evaluator per leaf condition type of the awards.yaml vocabulary."""

from __future__ import annotations

from collections.abc import Mapping

from vinhdanh.eligibility.engine.conditions import (
    achievements,
    chains,
    collective,
    human,
    population,
    service,
    status,
    titles,
)
from vinhdanh.eligibility.engine.conditions.base import Evaluator

LEAF_EVALUATORS: Mapping[str, Evaluator] = {
    "subject_kind": population.subject_kind,
    "subject_category": population.subject_category,
    "unit_type": population.unit_type,
    "title_in_year": titles.title_in_year,
    "meets_title_criteria": titles.meets_title_criteria,
    "consecutive_titles": titles.consecutive_titles,
    "task_rating": titles.task_rating,
    "prior_award": titles.prior_award,
    "chain_after_award": chains.chain_after_award,
    "count_in_window": chains.count_in_window,
    "initiative": achievements.initiative,
    "science_work": achievements.science_work,
    "combat_creativity": achievements.combat_creativity,
    "invention_or_work": achievements.invention_or_work,
    "irregular_achievement": achievements.irregular_achievement,
    "movement_achievement": achievements.movement_achievement,
    "contribution": achievements.contribution,
    "international_prize": achievements.international_prize,
    "long_service": service.long_service,
    "service_years": service.service_years,
    "employment_months": service.employment_months,
    "member_ratio": collective.member_ratio,
    "member_count_with": collective.member_count_with,
    "leads_cluster": collective.leads_cluster,
    "no_discipline": status.no_discipline,
    "pending_review": status.pending_review,
    "qualitative": human.qualitative,
    "delegated": human.delegated,
}

# Types that are never computed from a record; long_service needs tables not in the data.
HUMAN_TYPES = frozenset({"qualitative", "delegated", "long_service"})
