"""Seed ThresholdRule from approval_rules of awards.yaml (Decree 98/2023 Art 30(7))."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from vinhdanh.councils.thresholds import rules_from_catalogue

    model = apps.get_model("councils", "ThresholdRule")
    for rule in rules_from_catalogue():
        model.objects.get_or_create(
            award_code=rule.award_code,
            defaults={
                "min_pct": rule.min_pct,
                "comparison": rule.comparison,
                "written_opinions_count": rule.written_opinions_count,
                "basis": rule.basis,
                "verified": rule.verified,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("councils", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
