"""`vinhdanh import units`: the administrative divisions, and lineage files."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from vinhdanh.units.imports.lineage_csv import LineageFileInvalid, import_lineage_csv
from vinhdanh.units.imports.sync import import_reform_units


class Command(BaseCommand):
    help = (
        "Nạp đơn vị hành chính: 34 tỉnh/thành và 3.321 xã/phường/đặc khu từ 01/07/2025 "
        "(gói vietnam-provinces), cây trước 01/07/2025 (63 tỉnh, 696 huyện, 10.035 xã) và "
        "quan hệ kế thừa cũ -> mới (gói vietnamadminunits). Chạy lại không thay đổi gì. "
        "Với --lineage TỆP.csv: chỉ nạp quan hệ kế thừa của các lần sắp xếp sau, tệp CSV "
        "UTF-8 (có hoặc không BOM) với dòng tiêu đề old_code,new_code,kind,date; kind là "
        "merge, split, rename, transfer, establish, dissolve hoặc continue; date dạng "
        "YYYY-MM-DD hoặc dd/mm/yyyy. Mọi dòng được kiểm tra trước: có một dòng sai thì "
        "không ghi gì và báo dòng, cột, lý do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lineage", metavar="FILE.csv",
            help="tệp CSV quan hệ kế thừa (old_code,new_code,kind,date) thay cho dữ liệu gói",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        if options["lineage"]:
            path = Path(options["lineage"])
            if not path.is_file():
                raise CommandError(f"Không tìm thấy tệp {path}.")
            try:
                summary = import_lineage_csv(actor=None, content=path.read_bytes(),
                                             source=path.name)
            except LineageFileInvalid as exc:
                raise CommandError(
                    "Tệp bị từ chối, không ghi dữ liệu nào:\n" + "\n".join(exc.errors)
                ) from exc
            lines = summary.lines()
        else:
            lines = import_reform_units().lines()
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Thời gian: {time.perf_counter() - started:.1f} giây")
