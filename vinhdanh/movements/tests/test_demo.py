"""The demo movements reproduce the figures their source articles publish, through the merge."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vinhdanh.movements.models import DataValue
from vinhdanh.units.models import ChangeKind, LinkRole, UnitChange, UnitChangeLink, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def merged_tree(db: None) -> None:
    """Nam Định (36) and old Ninh Bình (37) whose communes all merge into one new commune."""
    new_province = insert_unit(code="37", name="Tỉnh Ninh Bình", kind=UnitKind.PROVINCE,
                               valid_from=REFORM)
    new_commune = insert_unit(code="13744", name="Xã Hải Hậu", kind=UnitKind.COMMUNE,
                              parent=new_province, valid_from=REFORM)
    old = []
    for code, name, communes in [("36", "Tỉnh Nam Định", 177), ("37", "Tỉnh Ninh Bình", 5)]:
        province = insert_unit(code=code, name=name, kind=UnitKind.PROVINCE, valid_to=REFORM)
        old += [insert_unit(code=f"{code}{n:03d}", name=f"Xã {code}-{n}",
                            kind=UnitKind.COMMUNE, parent=province, valid_to=REFORM)
                for n in range(communes)]
    change = UnitChange.objects.create(kind=ChangeKind.MERGE, effective_date=REFORM,
                                       natural_key="demo-merge")
    UnitChangeLink.objects.bulk_create(
        [UnitChangeLink(change=change, unit=u, role=LinkRole.PREDECESSOR) for u in old]
        + [UnitChangeLink(change=change, unit=new_commune, role=LinkRole.SUCCESSOR)])


def progress(code: str, as_of: str) -> dict[str, dict[str, Any]]:
    out = StringIO()
    call_command("movements_progress", code, unit="37", as_of=as_of, format="json", stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())["indicators"]}


def test_demo_movements_reproduce_the_article_figures_in_the_new_province(
    merged_tree: None,
) -> None:
    call_command("demo_movements", stdout=StringIO())

    houses = progress("xoa-nha-tam-2025", "2025-07-31")
    assert {code: houses[code]["value"] for code in houses} == {
        "planned": "285", "started": "240", "done": "101", "built": "31", "repaired": "70",
        "done_pct": "35.44"}
    ntm = progress("ntm-2021-2025", "2025-07-31")
    assert ntm["met"]["value"] == "87.36"
    assert ntm["met"]["reporting_units"] == 182
    assert ntm["advanced"]["value"] == "38.46"  # 70 of 182
    # Reported for 2023 by the old province that carried code 37 before the reform.
    religious = progress("dan-van-kheo", "2024-06-30")
    assert religious["certified"]["value"] == "660"
    assert religious["certified_pct"]["value"] == "95.10"


def test_running_the_demo_twice_changes_nothing(merged_tree: None) -> None:
    call_command("demo_movements", stdout=StringIO())
    stamps = list(DataValue.objects.order_by("pk").values_list("pk", "updated_at"))
    out = StringIO()
    call_command("demo_movements", stdout=out)
    assert list(DataValue.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert out.getvalue().count("không có thay đổi") == 3


def test_demo_refuses_a_tree_without_the_new_province(db: None) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("demo_movements", stdout=StringIO())
    assert caught.value.returncode == 2
