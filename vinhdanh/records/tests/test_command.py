"""`vinhdanh import ledger FILE` reports problems in Vietnamese and writes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vinhdanh.accounts.models import User
from vinhdanh.records.models import Entry
from vinhdanh.records.tests.conftest import AN_ROW, ledger_file, title_row
from vinhdanh.units.models import OrgUnit


def test_command_reports_rows_in_vietnamese_then_imports(
    tmp_path: Path, commune_officer: User, commune: OrgUnit
) -> None:
    bad = tmp_path / "loi.xlsx"
    bad.write_bytes(ledger_file(people=[AN_ROW], entries=[title_row(year=1800)]))
    out = io.StringIO()
    with pytest.raises(CommandError, match="chưa ghi dữ liệu nào"):
        call_command("import_ledger", str(bad), user=commune_officer.username, stdout=out)
    assert "sheet “Thành tích”, dòng 2, cột G (Năm): Năm 1800 nằm ngoài khoảng" in out.getvalue()
    assert not Entry.objects.exists()

    good = tmp_path / "dung.xlsx"
    good.write_bytes(ledger_file(people=[AN_ROW], entries=[title_row()]))
    out = io.StringIO()
    call_command("import_ledger", str(good), user=commune_officer.username, stdout=out)
    assert "Đã nhập: 1 cá nhân" in out.getvalue()
    call_command("import_ledger", str(good), user=commune_officer.username, stdout=out)
    assert "đã được nhập trước đây" in out.getvalue()
    assert Entry.objects.count() == 1


def test_export_command_writes_a_file_that_imports_back_unchanged(
    tmp_path: Path, commune_officer: User, outsider: User, commune: OrgUnit
) -> None:
    source = tmp_path / "nguon.xlsx"
    source.write_bytes(ledger_file(people=[AN_ROW], entries=[title_row(), title_row(year=2021)]))
    call_command("import_ledger", str(source), user=commune_officer.username, stdout=io.StringIO())
    exported = tmp_path / "xuat.xlsx"
    call_command("export_ledger", str(exported), unit=commune.code,
                 user=commune_officer.username, stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_ledger", str(exported), user=commune_officer.username, stdout=out)
    assert "0 thành tích (2 đã có trong sổ" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("export_ledger", str(tmp_path / "x.xlsx"), unit=commune.code,
                     user=outsider.username)
