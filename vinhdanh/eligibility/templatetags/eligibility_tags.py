"""Template filters of the eligibility pages."""

from __future__ import annotations

from django import template

from vinhdanh.eligibility.panel import citation_for_display

register = template.Library()


@register.filter
def citation(text: str) -> str:
    """Write an engine citation in the page's language ('Luật 06/2022/QH15, Điều 23')."""
    return citation_for_display(text or "")
