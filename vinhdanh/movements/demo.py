"""Demo movements for the new province of Ninh Bình, with the figures its source articles publish.

The articles in the shared seeds describe the provinces before the 2025 reform, so the
values sit on pre-reform communes (Nam Định, Hà Nam, old Ninh Bình) in periods before
1 July 2025; the lineage roll-up carries them into the new province. Each movement is a
JSON document passed to the ordinary import (all or nothing, idempotent), so running the
demo twice changes nothing.

Figures reproduced (as of 2025-07-31, province 37):

* Nam Định, "Chung tay xóa nhà tạm, nhà dột nát" (baonamdinh.vn, June 2025): 285
  houses to support, 240 started, 101 completed (31 built new, 70 repaired) by 11 May
  2025, i.e. 101/285 = 35.44 % completed. The article's "84.5 %" started does not follow
  from 240/285 (84.21 %), so no started percentage is claimed.
* "Cả nước chung sức xây dựng nông thôn mới" (Bắc Giang's 2024 summary, bacgiang.gov.vn):
  159 communes meeting the new-rural standard, 87.36 % — 159 of 182 communes answering
  yes; 70 meeting the advanced standard. The figure is another province's, placed on
  182 communes of the demo province to show a share-of-communes indicator.
* Old Ninh Bình, Resolution 25 on mass mobilisation (vietnam.vn, October 2023): land use
  right certificates granted to 660 of 694 religious establishments, 95.1 % (95.10),
  reported for 2023, so seen as of a date in 2024 under the old province 37.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from vinhdanh.movements.rollup import carried_into
from vinhdanh.units.models import OrgUnit, UnitKind

DEMO_PROVINCE = "37"
REFORM = dt.date(2025, 7, 1)
#: Old provinces merged into the new Ninh Bình (Resolution 202/2025/QH15).
NAM_DINH, HA_NAM, OLD_NINH_BINH = "36", "35", "37"

NTM_COMMUNES, NTM_MET, NTM_ADVANCED = 182, 159, 70
#: (planned, started, built new, repaired) per commune; totals 285, 240, 31, 70.
HOUSES = [(60, 55, 7, 15), (60, 50, 6, 15), (60, 50, 6, 14), (60, 45, 6, 14), (45, 40, 6, 12)]
#: (establishments, certified) per commune; totals 694 and 660.
RELIGIOUS = [(150, 142), (140, 133), (140, 134), (134, 127), (130, 124)]


class DemoTreeMissing(Exception):
    """The unit tree lacks the pre-reform communes the demo needs."""


def carried_communes(province: OrgUnit) -> dict[str, list[OrgUnit]]:
    """Return the pre-reform communes that carry into `province`, by old province code.

    Only communes that existed until the reform (so they hold values for 2024 and the
    first half of 2025) and whose lineage leads into the new province are kept.
    """
    carried = carried_into([province.path], REFORM)
    old = (OrgUnit.objects.filter(pk__in=list(carried), valid_to=REFORM,
                                  kind__in=[UnitKind.COMMUNE, UnitKind.WARD,
                                            UnitKind.TOWNSHIP])
           .order_by("code"))
    provinces = {p.pk: p.code for p in OrgUnit.objects.filter(
        kind=UnitKind.PROVINCE, valid_to=REFORM, code__in=[NAM_DINH, HA_NAM, OLD_NINH_BINH])}
    result: dict[str, list[OrgUnit]] = {code: [] for code in provinces.values()}
    for unit in old:
        top = int(unit.path.strip("/").split("/")[0])
        if top in provinces:
            result[provinces[top]].append(unit)
    return result


def _take(units: Sequence[OrgUnit], count: int, what: str) -> list[OrgUnit]:
    if len(units) < count:
        raise DemoTreeMissing(f"{what}: {count} pre-reform communes needed, {len(units)} found")
    return list(units[:count])


def houses_movement(communes: Sequence[OrgUnit]) -> dict[str, Any]:
    chosen = _take(communes, len(HOUSES), "Nam Định")
    values: list[dict[str, Any]] = []
    for unit, (planned, started, built, repaired) in zip(chosen, HOUSES, strict=True):
        # The survey fixed the houses to support in January; work started and finished
        # over the spring, reported monthly up to the article's date (11 May 2025).
        half = started // 2
        values += [
            {"indicator": "planned", "unit": unit.code, "period": "2025-01", "value": planned},
            {"indicator": "started", "unit": unit.code, "period": "2025-03", "value": half},
            {"indicator": "started", "unit": unit.code, "period": "2025-05",
             "value": started - half},
            {"indicator": "built", "unit": unit.code, "period": "2025-04", "value": built},
            {"indicator": "repaired", "unit": unit.code, "period": "2025-05",
             "value": repaired},
            {"indicator": "done", "unit": unit.code, "period": "2025-04", "value": built},
            {"indicator": "done", "unit": unit.code, "period": "2025-05", "value": repaired},
        ]
    return {
        "movement": {
            "code": "xoa-nha-tam-2025", "launched_by": DEMO_PROVINCE,
            "name": "Chung tay xóa nhà tạm, nhà dột nát trên phạm vi cả nước trong năm 2025",
            "start": "2025-01-01", "end": "2025-12-31",
            "description": "Số liệu của tỉnh Nam Định đến ngày 11/5/2025 (Báo Nam Định, "
                           "6/2025), nhập trên các xã trước sắp xếp."},
        "indicators": [
            {"code": "planned", "name": "Nhà cần hỗ trợ", "measure_unit": "nhà",
             "aggregation": "sum", "period_type": "month"},
            {"code": "started", "name": "Nhà đã khởi công", "measure_unit": "nhà",
             "aggregation": "sum", "period_type": "month"},
            {"code": "done", "name": "Nhà đã hoàn thành", "measure_unit": "nhà",
             "aggregation": "sum", "period_type": "month"},
            {"code": "built", "name": "Nhà xây mới", "measure_unit": "nhà",
             "aggregation": "sum", "period_type": "month"},
            {"code": "repaired", "name": "Nhà sửa chữa", "measure_unit": "nhà",
             "aggregation": "sum", "period_type": "month"},
            {"code": "done_pct", "name": "Tỷ lệ nhà đã hoàn thành", "aggregation": "ratio",
             "numerator": "done", "denominator": "planned", "target": 100},
        ],
        "values": values,
    }


def ntm_movement(communes: Sequence[OrgUnit]) -> dict[str, Any]:
    chosen = _take(communes, NTM_COMMUNES, "Nam Định, Hà Nam, Ninh Bình")
    values: list[dict[str, Any]] = []
    for n, unit in enumerate(chosen):
        values.append({"indicator": "met", "unit": unit.code, "period": "2024",
                       "value": n < NTM_MET})
        values.append({"indicator": "advanced", "unit": unit.code, "period": "2024",
                       "value": n < NTM_ADVANCED})
    return {
        "movement": {
            "code": "ntm-2021-2025", "launched_by": DEMO_PROVINCE,
            "name": "Cả nước chung sức xây dựng nông thôn mới giai đoạn 2021–2025",
            "start": "2021-01-01", "end": "2025-12-31",
            "description": "Tỷ lệ 159/182 xã đạt chuẩn (87,36%) theo báo cáo tổng kết năm "
                           "2024 của tỉnh Bắc Giang, đặt trên các xã của tỉnh mẫu."},
        "indicators": [
            {"code": "met", "name": "Xã đạt chuẩn nông thôn mới", "aggregation": "share_true",
             "period_type": "year", "target": 100},
            {"code": "advanced", "name": "Xã đạt chuẩn nông thôn mới nâng cao",
             "aggregation": "share_true", "period_type": "year"},
        ],
        "values": values,
    }


def religious_movement(communes: Sequence[OrgUnit]) -> dict[str, Any]:
    chosen = _take(communes, len(RELIGIOUS), "Ninh Bình (cũ)")
    values: list[dict[str, Any]] = []
    for unit, (sites, certified) in zip(chosen, RELIGIOUS, strict=True):
        values.append({"indicator": "sites", "unit": unit.code, "period": "2023",
                       "value": sites})
        values.append({"indicator": "certified", "unit": unit.code, "period": "2023",
                       "value": certified})
    return {
        "movement": {
            "code": "dan-van-kheo", "launched_by": DEMO_PROVINCE,
            "name": "Thi đua “Dân vận khéo”", "start": "2021-01-01", "end": "2025-12-31",
            "description": "Kết quả thực hiện Nghị quyết 25-NQ/TW của tỉnh Ninh Bình "
                           "(cũ), 10/2023."},
        "indicators": [
            {"code": "sites", "name": "Cơ sở tôn giáo", "measure_unit": "cơ sở",
             "aggregation": "sum", "period_type": "year"},
            {"code": "certified", "name": "Cơ sở tôn giáo được cấp giấy chứng nhận "
             "quyền sử dụng đất", "measure_unit": "cơ sở", "aggregation": "sum",
             "period_type": "year"},
            {"code": "certified_pct", "name": "Tỷ lệ cơ sở tôn giáo được cấp giấy chứng nhận",
             "aggregation": "ratio", "numerator": "certified", "denominator": "sites"},
        ],
        "values": values,
    }


def demo_documents() -> list[dict[str, Any]]:
    """Return the demo movement files, built on the communes of the imported tree."""
    province = OrgUnit.objects.filter(code=DEMO_PROVINCE, kind=UnitKind.PROVINCE,
                                      valid_from=REFORM).first()
    if province is None:
        raise DemoTreeMissing("no province 37 valid from 2025-07-01")
    old = carried_communes(province)
    # The new-rural standard is awarded to communes (xã), not to wards or townships.
    communes = sorted((u for units in old.values() for u in units
                       if u.kind == UnitKind.COMMUNE), key=lambda u: u.code)
    return [houses_movement(old.get(NAM_DINH, [])), ntm_movement(communes),
            religious_movement(old.get(OLD_NINH_BINH, []))]
