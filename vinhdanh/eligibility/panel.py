"""How the "what can be proposed?" panel orders and groups a subject's verdicts.

Presentation only: the verdicts come from the engine unchanged. The panel puts first
what the subject's own unit and province confer, and sets the Government and State awards
(Bằng khen của Thủ tướng, Huân chương, Anh hùng, ...) apart, because for those the ledger
can only show that the computable conditions hold; their standards of exceptional merit
are weighed by the councils of each level on the province's proposal (Law 06/2022/QH15,
Arts. 77–80: the power to decide each award sits at its own level).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from vinhdanh.catalogue.models import AwardLevel
from vinhdanh.core.money import format_vnd
from vinhdanh.eligibility.engine.rules import DEFAULT_AWARDS_YAML
from vinhdanh.eligibility.evaluation import NOT_APPLICABLE_KINDS, AwardCheck
from vinhdanh.eligibility.models import ResultKind

#: Order of the award levels, nearest to the subject first.
LEVEL_RANK: Mapping[str, int] = {
    AwardLevel.UNIT: 0,
    AwardLevel.COMMUNE: 0,
    AwardLevel.MINISTRY_PROVINCE: 1,
    AwardLevel.ARMED_FORCES: 1,
    AwardLevel.GOVERNMENT: 2,
    AwardLevel.STATE: 3,
}
HIGHER_LEVELS = frozenset({AwardLevel.GOVERNMENT, AwardLevel.STATE})


@lru_cache(maxsize=1)
def bundled_levels() -> Mapping[str, str]:
    """Level of each award in the bundled awards.yaml, for when the catalogue is empty."""
    with DEFAULT_AWARDS_YAML.open(encoding="utf-8") as handle:
        data: Any = yaml.safe_load(handle)
    return {str(entry["code"]): str(entry.get("level", "")) for entry in data["awards"]}


@dataclass(frozen=True)
class PanelItem:
    """One award of the panel with what the officer reads beside its name."""

    check: AwardCheck
    level: str
    reward_vnd: int | None

    @property
    def level_label(self) -> str:
        labels: dict[str, str] = {
            AwardLevel.UNIT: _("Grassroots level"),
            AwardLevel.COMMUNE: _("Grassroots level"),
            AwardLevel.MINISTRY_PROVINCE: _("Ministry or province level"),
            AwardLevel.ARMED_FORCES: _("Armed forces"),
            AwardLevel.GOVERNMENT: _("Government level"),
            AwardLevel.STATE: _("State level"),
        }
        return labels.get(self.level, "")

    @property
    def reward(self) -> str:
        return "" if self.reward_vnd is None else format_vnd(self.reward_vnd)

    @property
    def rank(self) -> int:
        return LEVEL_RANK.get(self.level, 1)


@dataclass(frozen=True)
class PanelSection:
    """The awards of one result kind: those of the subject's own levels first (nearest
    level first), then the Government and State awards, which the page collapses."""

    kind: str
    own: tuple[PanelItem, ...]
    higher: tuple[PanelItem, ...]

    @property
    def count(self) -> int:
        return len(self.own) + len(self.higher)

    @property
    def title(self) -> str:
        titles: dict[str, str] = {
            ResultKind.ELIGIBLE: _("Can be proposed now"),
            ResultKind.NEEDS_CONFIRMATION: _("Eligible subject to confirmation"),
            ResultKind.ALMOST: _("Missing a single condition"),
        }
        return titles[self.kind]


def is_applicable(check: AwardCheck) -> bool:
    """Answer whether the subject is of a population the award is meant for."""
    return not any(line.kind in NOT_APPLICABLE_KINDS for line in check.blocking)


def build_sections(
    checks: Iterable[AwardCheck], levels: Mapping[str, str], rewards: Mapping[str, int | None]
) -> list[PanelSection]:
    """Group the actionable verdicts by result kind and award level."""
    by_kind: dict[str, list[PanelItem]] = {
        ResultKind.ELIGIBLE: [], ResultKind.NEEDS_CONFIRMATION: [], ResultKind.ALMOST: [],
    }
    for check in checks:
        items = by_kind.get(check.result)
        if items is None or (check.result == ResultKind.ALMOST and not is_applicable(check)):
            continue
        items.append(PanelItem(check=check, level=levels.get(check.award_code, ""),
                               reward_vnd=rewards.get(check.award_code)))
    sections = []
    for kind, items in by_kind.items():
        items.sort(key=lambda item: item.rank)  # stable: catalogue order within a level
        sections.append(PanelSection(
            kind=kind,
            own=tuple(i for i in items if i.level not in HIGHER_LEVELS),
            higher=tuple(i for i in items if i.level in HIGHER_LEVELS),
        ))
    return sections


_CITATION_WORDS = (
    (re.compile(r"\bLaw\b"), "Luật"),
    (re.compile(r"\bDecree\b"), "Nghị định"),
    (re.compile(r"\bCircular\b"), "Thông tư"),
    (re.compile(r"\bDispatch\b"), "Công văn"),
    (re.compile(r"\bArts?\.? (?=\d)"), "Điều "),
    (re.compile(r"/ND-CP\b"), "/NĐ-CP"),
    (re.compile(r"\(article not verified\)"), "(chưa xác minh điều)"),
)


def citation_for_display(text: str) -> str:
    """Write an engine citation ('Law 06/2022/QH15, Art. 23') in the page's language.

    The engine keeps one citation string for its JSON contract; a Vietnamese page names
    the documents the way Vietnamese officers cite them ('Luật 06/2022/QH15, Điều 23').
    """
    if not (get_language() or "").startswith("vi"):
        return text
    for pattern, word in _CITATION_WORDS:
        text = pattern.sub(word, text)
    return text

