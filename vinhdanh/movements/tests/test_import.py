"""Acceptance: importing a movement file, rolling it up, and refusing bad files whole."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vinhdanh.audit.models import AuditEvent
from vinhdanh.movements.models import DataValue, Indicator, Movement
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

COMMUNES = 182
MEETING = 159


@pytest.fixture
def province_182(db: None) -> OrgUnit:
    province = insert_unit(code="36", name="Tỉnh Nam Định", kind=UnitKind.PROVINCE,
                           valid_to=dt.date(2025, 7, 1))
    for n in range(COMMUNES):
        insert_unit(code=f"X{n:03d}", name=f"Xã số {n}", kind=UnitKind.COMMUNE, parent=province,
                    valid_to=dt.date(2025, 7, 1))
    # The reform reuses codes: a new unit "X000" from 1 July 2025 must not take 2024 values.
    insert_unit(code="X000", name="Xã mới", kind=UnitKind.COMMUNE, valid_from=dt.date(2025, 7, 1))
    return province


def movement_file(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "movement": {"code": "ntm-2021-2025",
                     "name": "Chung sức xây dựng nông thôn mới nâng cao, kiểu mẫu",
                     "launched_by": "36", "start": "2021-01-01", "end": "2025-12-31"},
        "indicators": [
            {"code": "ntm_met", "name": "Xã đạt chuẩn NTM", "aggregation": "share_true",
             "period_type": "year", "target": 100},
            {"code": "houses_planned", "name": "Nhà cần hỗ trợ", "aggregation": "sum",
             "period_type": "month"},
            {"code": "houses_started", "name": "Nhà đã khởi công", "aggregation": "sum",
             "period_type": "month"},
            {"code": "houses_not_started", "name": "Nhà chưa khởi công", "aggregation": "sum",
             "period_type": "month"},
            {"code": "houses_done", "name": "Nhà đã hoàn thành", "aggregation": "sum",
             "period_type": "month"},
            {"code": "houses_done_pct", "name": "Tỷ lệ hoàn thành", "aggregation": "ratio",
             "numerator": "houses_done", "denominator": "houses_planned", "target": 100},
        ],
        "rules": [{"kind": "sum_equals", "left": ["houses_started", "houses_not_started"],
                   "right": "houses_planned",
                   "message": "Đã khởi công + chưa khởi công = cần hỗ trợ"}],
        "values": [
            {"indicator": "ntm_met", "unit": f"X{n:03d}", "period": "2024", "value": n < MEETING}
            for n in range(COMMUNES)
        ] + [
            {"indicator": "houses_planned", "unit": "X001", "period": "2025-01", "value": 200},
            {"indicator": "houses_planned", "unit": "X002", "period": "2025-01", "value": 85},
            {"indicator": "houses_done", "unit": "X001", "period": "2025-04", "value": 60},
            {"indicator": "houses_done", "unit": "X001", "period": "2025-05", "value": 29},
            {"indicator": "houses_done", "unit": "X002", "period": "2025-05", "value": 12},
        ],
    }
    doc.update(changes)
    return doc


def write(tmp_path: Path, doc: dict[str, Any]) -> Path:
    path = tmp_path / "phong_trao.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def progress(as_of: str) -> dict[str, dict[str, Any]]:
    out = StringIO()
    call_command("movements_progress", "ntm-2021-2025", unit="36", as_of=as_of, format="json",
                 stdout=out)
    return {row["code"]: row for row in json.loads(out.getvalue())["indicators"]}


def test_imported_movement_rolls_up_to_the_provincial_figures(
    province_182: OrgUnit, tmp_path: Path
) -> None:
    call_command("import_movement", str(write(tmp_path, movement_file())), stdout=StringIO())

    rows = progress("2025-05-31")
    assert rows["ntm_met"]["value"] == "87.36"
    assert rows["ntm_met"]["reporting_units"] == COMMUNES
    assert rows["ntm_met"]["percent_of_target"] == "87.36"
    assert rows["houses_done"]["value"] == "101"
    assert rows["houses_planned"]["value"] == "285"
    assert rows["houses_done_pct"]["value"] == "35.44"


def test_reimport_changes_nothing(province_182: OrgUnit, tmp_path: Path) -> None:
    path = write(tmp_path, movement_file())
    call_command("import_movement", str(path), stdout=StringIO())
    stamps = list(DataValue.objects.order_by("pk").values_list("pk", "updated_at"))
    events = AuditEvent.objects.count()

    out = StringIO()
    call_command("import_movement", str(path), stdout=out)

    assert list(DataValue.objects.order_by("pk").values_list("pk", "updated_at")) == stamps
    assert AuditEvent.objects.count() == events
    assert Indicator.objects.count() == 6
    assert "ntm-2021-2025" in out.getvalue()


def test_invalid_file_writes_nothing_and_names_each_row(
    province_182: OrgUnit, tmp_path: Path
) -> None:
    doc = movement_file()
    doc["values"][3]["value"] = "có lẽ"
    doc["values"][-1]["unit"] = "KHONG-CO"
    doc["values"][-2]["period"] = "2025-13"
    doc["indicators"][0]["aggregation"] = "median"
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_movement", str(write(tmp_path, doc)), stdout=StringIO(),
                     stderr=err)

    assert caught.value.returncode == 2
    report = err.getvalue()
    for fragment in ("values dòng 4, trường value", "KHONG-CO", "2025-13",
                     "indicators dòng 1, trường aggregation: phải là một trong"):
        assert fragment in report
    assert "aggregation" in report
    assert not Movement.objects.exists()
    assert not DataValue.objects.exists()


def test_broken_json_is_refused_with_exit_status_2(db: None, tmp_path: Path) -> None:
    path = tmp_path / "hong.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_movement", str(path), stdout=StringIO(), stderr=StringIO())
    assert caught.value.returncode == 2


def test_xlsx_file_imports_like_json(province_182: OrgUnit, tmp_path: Path) -> None:
    from openpyxl import Workbook

    doc = movement_file()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "movement"
    for key, value in doc["movement"].items():
        sheet.append([key, value])
    indicators = book.create_sheet("indicators")
    header = ["code", "name", "aggregation", "period_type", "target", "numerator",
              "denominator"]
    indicators.append(header)
    for item in doc["indicators"]:
        indicators.append([item.get(h) for h in header])
    values = book.create_sheet("values")
    values.append(["indicator", "unit", "period", "value"])
    for item in doc["values"]:
        values.append([item["indicator"], item["unit"], item["period"],
                       ("có" if item["value"] else "không") if isinstance(item["value"], bool)
                       else item["value"]])
    path = tmp_path / "phong_trao.xlsx"
    book.save(path)

    call_command("import_movement", str(path), stdout=StringIO())

    assert progress("2025-05-31")["ntm_met"]["value"] == "87.36"
