"""Pass thresholds over the whole membership, computed exactly (no floats).

Decree 98/2023 Art 30(7) (procedures.md §5.2): the threshold is a share of the council's
TOTAL membership, not of the members present; e.g. 80 % of 9 members needs 8 votes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml

from vinhdanh.councils.models import Comparison

AWARDS_YAML = Path(__file__).resolve().parent.parent / "catalogue" / "data" / "awards.yaml"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Rule:
    award_code: str
    min_pct: Decimal
    comparison: str
    written_opinions_count: bool
    basis: str
    verified: bool


# Awards outside approval_rules (Bằng khen, Giấy khen, orders except Heroes) follow the
# council's working regulation; "simple majority" is UNVERIFIED (procedures.md §5.2:
# regulations vary, some ministries used ≥ 90 %). An administrator overrides it per award
# type with a ThresholdRule row.
DEFAULT_RULE = Rule(
    award_code="",
    min_pct=Decimal(50),
    comparison=Comparison.MORE_THAN,
    written_opinions_count=True,
    basis="UNVERIFIED: simple majority of all members (council working regulation)",
    verified=False,
)


def required_yes(*, members: int, pct: Decimal, comparison: str) -> int:
    """Return the fewest yes votes that pass `pct` of `members` under `comparison`."""
    if members <= 0:
        return 1
    exact = pct * members / HUNDRED  # exact: pct has two decimals, members is an integer
    if comparison == Comparison.MORE_THAN:
        return int(exact.to_integral_value(rounding=ROUND_FLOOR)) + 1
    return int(exact.to_integral_value(rounding=ROUND_CEILING))


def threshold_text(pct: Decimal, comparison: str) -> str:
    """Write a threshold as the minutes and messages state it: "≥ 80%", "> 50%"."""
    sign = "≥" if comparison == Comparison.AT_LEAST else ">"
    return f"{sign} {pct.normalize():f}%"


def share_of(*, votes: int, members: int) -> Decimal:
    """Return `votes` as a percentage of `members`, rounded to two decimals for display."""
    if members <= 0:
        return Decimal("0.00")
    return (Decimal(votes) * HUNDRED / members).quantize(Decimal("0.01"), ROUND_HALF_UP)


def rules_from_catalogue(path: Path = AWARDS_YAML) -> list[Rule]:
    """Read the thresholds of `approval_rules.council_vote_by_ballot` in awards.yaml."""
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    ballot: dict[str, Any] = data.get("approval_rules", {}).get("council_vote_by_ballot", {})
    basis = str(ballot.get("basis_current", "Decree 98/2023 Art 30(7)"))
    rules: list[Rule] = []
    for key, group in ballot.items():
        if not isinstance(group, dict) or "min_pct_of_all_members" not in group:
            continue
        for code in group.get("titles", []):
            rules.append(Rule(
                award_code=str(code),
                min_pct=Decimal(str(group["min_pct_of_all_members"])),
                comparison=Comparison.AT_LEAST,
                written_opinions_count=group.get("absent_members") == "written_opinion_counts",
                basis=f"{key}: {basis}"[:255],
                verified=False,
            ))
    return rules
