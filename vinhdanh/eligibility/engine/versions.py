"""Rule versions by effective date and the documented differences between them.

awards.yaml holds the rules in force now (Law 06/2022 + Decree 152/2025). The rule set of
the earlier period (Law 06/2022 + Decree 98/2023 + Circular 01/2024, 1 Jan 2024 - 30 Jun
2025) is derived from it by the amendments below, each taken from awards.md / awards.yaml;
the criteria themselves are the Law's and did not change between the two decrees.
A condition marked `unverified_in_period` is still computed, but a failure only asks for
human confirmation: awards.md says UNVERIFIED rules must not drive an automated refusal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from vinhdanh.eligibility.engine.ruleset import Condition


@dataclass(frozen=True)
class Amendment:
    """Merge `changes` into every condition of `award` whose items include `match`."""

    award: str
    match: Mapping[str, object]
    changes: Mapping[str, object]


@dataclass(frozen=True)
class VersionSpec:
    id: str
    effective_from: date
    effective_to: date | None
    general_basis: Mapping[str, str]
    money_basis: str
    amendments: tuple[Amendment, ...] = ()
    names_vi: Mapping[str, str] | None = None


DECREE_98_2023 = VersionSpec(
    id="decree_98_2023",
    effective_from=date(2024, 1, 1),
    effective_to=date(2025, 6, 30),
    # The general principles (pending review blocks, discipline resets the clock,
    # maternity counts) were read in Decree 152/2025 Art 4 only; the Decree 98/2023
    # article carrying them was not read, so only the document is cited.
    general_basis={
        "pending_review": "Decree 98/2023/ND-CP (article not verified)",
        "discipline": "Decree 98/2023/ND-CP (article not verified)",
        "maternity": "Circular 01/2024/TT-BNV, Art. 1(5)",
        "initiative_single_use": "Dispatch 5007/BNV-TĐKT (2023), III.5.c",
        "ad_hoc_not_merit": "Decree 98/2023/ND-CP (article not verified)",
    },
    money_basis="Decree 98/2023/ND-CP (same coefficients as Decree 152/2025 for the items checked)",
    amendments=(
        # Circular 01/2024 Art 1(5) was in force for the whole period: recruits of
        # less than 6 months are not considered for Advanced Worker.
        Amendment(
            award="lao_dong_tien_tien",
            match={"type": "employment_months"},
            changes={"legal_point": "Circular 01/2024/TT-BNV, Art. 1(5)"},
        ),
    ),
    names_vi={"xa_phuong_dac_khu_tieu_bieu": "Xã, phường, thị trấn tiêu biểu"},
)

DECREE_152_2025 = VersionSpec(
    id="decree_152_2025",
    effective_from=date(2025, 7, 1),
    effective_to=None,
    general_basis={
        "pending_review": "Decree 152/2025/ND-CP, Art. 4(4)",
        "discipline": "Decree 152/2025/ND-CP, Art. 4(4)",
        "maternity": "Decree 152/2025/ND-CP, Art. 4(5)",
        "initiative_single_use": "Dispatch 5007/BNV-TĐKT (2023), III.5.c",
        "ad_hoc_not_merit": "Decree 152/2025/ND-CP, Art. 4(3)",
    },
    money_basis="Decree 152/2025/ND-CP, Art. 49",
    amendments=(
        # Circular 15/2025/TT-BNV replaced Circular 01/2024; whether it kept the
        # "recruited < 6 months" rule is UNVERIFIED (awards.md §7.5, §9.5).
        Amendment(
            award="lao_dong_tien_tien",
            match={"type": "employment_months"},
            changes={
                "legal_point": "Circular 01/2024/TT-BNV, Art. 1(5)",
                "unverified_in_period": "Circular 15/2025/TT-BNV",
            },
        ),
        # Districts were abolished on 1 Jul 2025 (Decree 129/2025); how provinces now
        # benchmark communes is UNVERIFIED (awards.md §7.11, §9.11).
        Amendment(
            award="xa_phuong_dac_khu_tieu_bieu",
            match={"type": "leads_cluster", "organizer": "district"},
            changes={"unverified_in_period": "Decree 129/2025/ND-CP (no district level)"},
        ),
    ),
)

VERSIONS: tuple[VersionSpec, ...] = (DECREE_98_2023, DECREE_152_2025)


def amend(condition: Condition, amendment: Amendment) -> Condition:
    """Return `condition` with `amendment` applied to it and to every nested condition."""
    result: dict[str, object] = dict(condition)
    for key in ("all_of", "any_of", "within"):
        children = result.get(key)
        if isinstance(children, list | tuple):
            result[key] = [
                amend(child, amendment) if isinstance(child, Mapping) else child
                for child in children
            ]
    negated = result.get("not")
    if isinstance(negated, Mapping):
        result["not"] = amend(negated, amendment)
    if all(result.get(k) == v for k, v in amendment.match.items()):
        result.update(amendment.changes)
    return result
