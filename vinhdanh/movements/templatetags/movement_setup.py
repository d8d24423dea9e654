"""Template filters that decide whether a page offers the links to define a movement."""

from __future__ import annotations

from typing import Any

from django import template

from vinhdanh.accounts.policy import Action, can
from vinhdanh.movements.models import Movement

register = template.Library()


@register.filter
def may_manage(user: Any, movement: Movement) -> bool:
    """Answer whether `user` may define `movement` (the grants are cached on the user)."""
    return can(user, Action.MANAGE_MOVEMENT, movement.launched_by)
