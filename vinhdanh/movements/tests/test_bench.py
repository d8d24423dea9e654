"""The benchmark command runs end to end and keeps nothing."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from vinhdanh.movements.models import DataValue, Movement


def test_bench_reports_both_timings_and_rolls_back(db: None) -> None:
    out = StringIO()
    call_command("bench_movements", units=4, indicators=2, months=3, repeats=1, stdout=out)
    assert "values=24" in out.getvalue()
    assert "bare SQL" in out.getvalue()
    assert not Movement.objects.exists()
    assert not DataValue.objects.exists()
