from __future__ import annotations

from django.db import models


class TimeStampedModel(models.Model):
    """Base for domain rows: creation and last-change times, set by the database layer."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
