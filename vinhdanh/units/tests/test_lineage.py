"""Lineage of later reorganisations: the CSV file, and completing a split by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command

from vinhdanh.audit.models import AuditEvent
from vinhdanh.units import services
from vinhdanh.units.imports.lineage_csv import LineageFileInvalid, import_lineage_csv
from vinhdanh.units.models import ChangeKind, LinkRole, OrgUnit, UnitChange, UnitKind
from vinhdanh.units.selectors import resolve_unit
from vinhdanh.units.tree import insert_unit

LATER = dt.date(2026, 1, 1)


@pytest.fixture
def new_wards(province: OrgUnit) -> dict[str, OrgUnit]:
    return {
        code: insert_unit(code=code, name=name, kind=UnitKind.WARD, parent=province,
                          valid_from=LATER)
        for code, name in [("13400", "Phường Châu Sơn"), ("13401", "Phường Lam Hạ"),
                           ("13402", "Phường Tân Liêm")]
    }


def _csv(*rows: str, bom: bool = False) -> bytes:
    text = "old_code,new_code,kind,date\n" + "\n".join(rows) + "\n"
    return ("\ufeff" if bom else "").encode() + text.encode()


def test_csv_merge_closes_the_old_communes_and_a_rerun_changes_nothing(
    commune, other_commune, new_wards, tmp_path: Path, capsys
):
    path = tmp_path / "sap-nhap.csv"
    path.write_bytes(_csv("13366,13400,merge,2026-01-01", "13285,13400,sáp nhập,01/01/2026",
                          bom=True))

    call_command("import_units", lineage=str(path))

    change = UnitChange.objects.get(kind=ChangeKind.MERGE)
    assert {link.unit.code for link in change.links.filter(role=LinkRole.PREDECESSOR)} == {
        "13366", "13285"
    }
    commune.refresh_from_db()
    assert commune.valid_to == LATER
    assert resolve_unit(commune, on=LATER) == [new_wards["13400"]]
    assert resolve_unit(commune, on=LATER - dt.timedelta(days=1)) == [commune]
    assert AuditEvent.objects.filter(action="units.lineage_imported", actor=None).count() == 1

    capsys.readouterr()
    call_command("import_units", lineage=str(path))
    assert "\n0 thay đổi\n" in capsys.readouterr().out
    assert UnitChange.objects.count() == 1
    assert AuditEvent.objects.filter(action="units.lineage_imported").count() == 1


def test_bad_file_writes_nothing_and_names_row_column_and_reason(
    commune, other_commune, new_wards
):
    content = _csv(
        "13366,13400,merge,2026-01-01",
        "13285,99999,merge,2026-01-01",
        "13285,13401,chia ba,2026-01-01",
        "13285,13401,split,31/02/2026",
    )
    with pytest.raises(LineageFileInvalid) as caught:
        import_lineage_csv(actor=None, content=content)

    errors = caught.value.errors
    assert errors[0].startswith("Dòng 3, cột new_code: không có đơn vị mã 99999")
    assert errors[1].startswith("Dòng 4, cột kind: loại thay đổi «chia ba» không hợp lệ")
    assert errors[2].startswith("Dòng 5, cột date:")
    assert UnitChange.objects.count() == 0
    commune.refresh_from_db()
    assert commune.valid_to is None


def test_bad_file_through_the_command_is_refused_whole(commune, new_wards, tmp_path: Path):
    path = tmp_path / "sai.csv"
    path.write_bytes(b"old_code;new_code\n13366;13400\n")
    with pytest.raises(CommandError, match="Dòng 1: tiêu đề phải là"):
        call_command("import_units", lineage=str(path))
    assert UnitChange.objects.count() == 0


def test_split_with_one_successor_is_flagged_until_an_administrator_completes_it(
    commune, new_wards, province_officer, commune_officer
):
    import_lineage_csv(actor=None, content=_csv("13366,13401,split,2026-01-01"))
    split = UnitChange.objects.get(kind=ChangeKind.SPLIT)
    assert split.successors_incomplete

    # The commune's own officer may not rewrite history; the province may.
    with pytest.raises(PermissionDenied):
        services.add_successor(actor=commune_officer, change=split,
                               successor=new_wards["13402"])
    services.add_successor(actor=province_officer, change=split,
                           successor=new_wards["13402"], complete=True)

    split.refresh_from_db()
    commune.refresh_from_db()
    assert not split.successors_incomplete
    assert {u.code for u in resolve_unit(commune, on=LATER)} == {"13401", "13402"}
    assert AuditEvent.objects.filter(action="units.successor_added").count() == 1


def test_recorded_split_with_one_successor_is_incomplete(province_officer, commune, new_wards):
    change = services.record_lineage_change(
        actor=province_officer, kind=ChangeKind.SPLIT, effective_date=LATER,
        predecessors=[commune], successors=[new_wards["13401"]],
    )
    assert change.successors_incomplete
    commune.refresh_from_db()
    assert commune.valid_to == LATER


def test_lineage_needs_the_province(commune_officer, outsider, commune, new_wards):
    for actor in (commune_officer, outsider):
        with pytest.raises(PermissionDenied):
            services.record_lineage_change(
                actor=actor, kind=ChangeKind.MERGE, effective_date=LATER,
                predecessors=[commune], successors=[new_wards["13400"]],
            )
    assert UnitChange.objects.count() == 0
