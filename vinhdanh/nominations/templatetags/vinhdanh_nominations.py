"""Template filters of the nominations pages."""

from __future__ import annotations

from django import template

from vinhdanh.core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Show an amount as "2.340.000 đ"; a dash when there is none."""
    return "—" if amount is None else format_vnd(amount)
