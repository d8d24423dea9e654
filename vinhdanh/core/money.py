"""VND amounts: reward money is rounded up to the next 10,000 đồng."""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

ROUNDING_STEP_VND = 10_000


def round_up_vnd(amount: Decimal | int, step: int = ROUNDING_STEP_VND) -> int:
    """Round `amount` up to a whole multiple of `step` (Decree 152/2025, Art. 49)."""
    steps = (Decimal(amount) / step).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * step


def group_digits(number: int) -> str:
    """Write 84512 as '84.512': dots between thousands, as Vietnamese write numbers."""
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", ".")


def format_vnd(amount: int | Decimal, *, suffix: str = "đ") -> str:
    """Format 2340000 as '2.340.000 đ' (dot thousands separator, as Vietnamese write it)."""
    return f"{group_digits(int(amount))} {suffix}".rstrip()
