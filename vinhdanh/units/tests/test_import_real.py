"""The real import: both trees and their lineage, from the packaged data."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from vinhdanh.accounts.models import Role
from vinhdanh.audit.models import AuditEvent
from vinhdanh.units.imports.sync import ImportSummary, import_reform_units
from vinhdanh.units.models import ChangeKind, LinkRole, OrgUnit, UnitChange, UnitKind
from vinhdanh.units.selectors import (
    get_unit_by_code,
    list_subtree,
    list_tree_as_of,
    resolve_unit,
    search_units,
)
from vinhdanh.units.services import update_unit
from vinhdanh.units.tests.conftest import grant

pytestmark = pytest.mark.usefixtures("reform_import")

BEFORE = dt.date(2025, 6, 30)
REFORM = dt.date(2025, 7, 1)
COMMUNE_KINDS = [UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE, UnitKind.TOWNSHIP]


def test_import_loads_both_trees_with_official_codes(db, reform_import: ImportSummary):
    now = list_tree_as_of(REFORM)
    before = list_tree_as_of(BEFORE)
    assert now.filter(kind=UnitKind.PROVINCE).count() == 34
    assert now.filter(kind__in=COMMUNE_KINDS).count() == 3321
    assert before.filter(kind=UnitKind.PROVINCE).count() == 63
    assert before.filter(kind=UnitKind.DISTRICT).count() == 696
    assert before.filter(kind__in=COMMUNE_KINDS).count() == 10035
    assert reform_import.created["province"] == 34
    hanoi = get_unit_by_code("01", on=REFORM)
    assert hanoi.name == "Thành phố Hà Nội"
    assert get_unit_by_code("00070", on=REFORM).name == "Phường Hoàn Kiếm"
    assert get_unit_by_code("66", on=REFORM).name == "Tỉnh Đắk Lắk"
    # Codes are reused: 37 is the old Ninh Bình before the reform and the new one after.
    assert get_unit_by_code("37", on=BEFORE).valid_to == REFORM
    assert get_unit_by_code("37", on=REFORM).valid_from == REFORM


def test_second_import_changes_nothing_and_says_so(db):
    events_before = AuditEvent.objects.count()
    out = io.StringIO()
    call_command("import_units", stdout=out)
    text = out.getvalue()
    assert "Tỉnh/thành: 0 mới, 0 cập nhật" in text
    assert "\n0 thay đổi\n" in text
    assert AuditEvent.objects.count() == events_before


def test_the_import_is_audited_as_a_system_event(db):
    event = AuditEvent.objects.get(action="units.imported")
    assert event.actor_id is None
    assert event.data["created"]["commune"] == 3321


def test_old_nam_dinh_resolves_to_ninh_binh_from_the_reform(db):
    nam_dinh = get_unit_by_code("36", on=BEFORE)
    assert nam_dinh.name == "Tỉnh Nam Định"
    assert [u.name for u in resolve_unit(nam_dinh, on=REFORM)] == ["Tỉnh Ninh Bình"]
    assert resolve_unit(nam_dinh, on=BEFORE) == [nam_dinh]
    new_ninh_binh = get_unit_by_code("37", on=REFORM)
    old_names = {u.name for u in resolve_unit(new_ninh_binh, on=BEFORE)}
    assert old_names == {"Tỉnh Hà Nam", "Tỉnh Nam Định", "Tỉnh Ninh Bình"}
    merge = UnitChange.objects.get(links__unit=new_ninh_binh, links__role=LinkRole.SUCCESSOR)
    assert merge.kind == ChangeKind.MERGE
    assert merge.effective_date == REFORM


def test_split_commune_lists_every_successor(db):
    split = UnitChange.objects.filter(kind=ChangeKind.SPLIT).order_by("natural_key").first()
    assert split is not None
    old = split.links.get(role=LinkRole.PREDECESSOR).unit
    successors = {link.unit for link in split.links.filter(role=LinkRole.SUCCESSOR)}
    assert len(successors) >= 2
    assert not split.successors_incomplete
    assert set(resolve_unit(old, on=REFORM)) == successors


def test_districts_are_dissolved_without_successor(db):
    district = OrgUnit.objects.get(code="001", kind=UnitKind.DISTRICT)  # Quận Ba Đình
    assert district.valid_to == REFORM
    change = UnitChange.objects.get(links__unit=district)
    assert change.kind == ChangeKind.DISSOLVE
    assert resolve_unit(district, on=REFORM) == []
    # Côn Đảo had no communes: the district itself became the special zone.
    con_dao = get_unit_by_code("26732", on=REFORM)
    assert con_dao.kind == UnitKind.SPECIAL_ZONE
    assert [u.name for u in resolve_unit(con_dao, on=BEFORE)] == ["Huyện Côn Đảo"]


def test_search_folds_diacritics_across_periods(db):
    dak_lak = get_unit_by_code("66", on=REFORM)
    nam_dinh = get_unit_by_code("36", on=BEFORE)
    admin = grant("quan_tri_quoc_gia", Role.SYSTEM_ADMIN, dak_lak)
    grant_on_old = grant("can_bo_nam_dinh", Role.EMULATION_OFFICER, nam_dinh)

    assert search_units(admin, "dak lak").first() == dak_lak
    assert search_units(grant_on_old, "nam dinh").first() == nam_dinh
    # As of today, Nam Định no longer exists; the officer's scope holds nothing valid.
    assert not search_units(grant_on_old, "nam dinh", on=REFORM).exists()
    # Outside the scope nothing is found, whatever the spelling.
    assert not search_units(admin, "nam dinh").exists()


def test_old_tree_and_subtree_are_single_queries(db, django_assert_num_queries):
    nam_dinh = get_unit_by_code("36", on=BEFORE)
    # 1: units under the path prefix, valid on the day
    with django_assert_num_queries(1):
        units = list(list_tree_as_of(BEFORE, root=nam_dinh))
    assert units[0] == nam_dinh
    # Nam Định had 9 districts after Mỹ Lộc joined Nam Định city (1 January 2025).
    assert sum(u.kind == UnitKind.DISTRICT for u in units) == 9
    # 1: units under the path prefix
    with django_assert_num_queries(1):
        subtree = list(list_subtree(nam_dinh))
    assert subtree == units
    assert list(list_tree_as_of(REFORM, root=nam_dinh)) == []


def test_import_twice_in_python_is_idempotent(db):
    assert import_reform_units().changes == 0


def test_reimport_repairs_a_changed_name_but_keeps_an_official_rename(db):
    hue = get_unit_by_code("46", on=REFORM)
    OrgUnit.objects.filter(pk=hue.pk).update(name="Huế (sai)")
    ward = get_unit_by_code("00070", on=REFORM)
    officer = grant("can_bo_ha_noi", Role.EMULATION_OFFICER, get_unit_by_code("01", on=REFORM))
    update_unit(actor=officer, unit=ward, name="Phường Hoàn Kiếm Mới",
                effective_date=dt.date(2026, 1, 1))

    summary = import_reform_units()

    assert summary.updated == {**summary.updated, "province": 1, "commune": 0}
    assert summary.changes == 1
    hue.refresh_from_db()
    ward.refresh_from_db()
    assert hue.name == "Thành phố Huế"
    assert ward.name == "Phường Hoàn Kiếm Mới"
