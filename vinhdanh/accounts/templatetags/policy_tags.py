"""Template access to the policy, for menus: `{% load policy_tags %}`.

    {% if user|may_somewhere:"view_audit" %}
      <a href="{% url 'accounts:audit_log' %}">…</a>
    {% endif %}

Answers from the grants cached on the request's user, so a menu adds no query.
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AnonymousUser

from vinhdanh.accounts.models import User
from vinhdanh.accounts.policy import Action, granted_paths

register = template.Library()


@register.filter
def may_somewhere(user: User | AnonymousUser, action: str) -> bool:
    """Answer whether `user` may perform `action` on at least one unit."""
    return bool(granted_paths(user, Action(action)))
