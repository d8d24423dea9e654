"""Creating and editing units: code rules, NFC names, renames in the lineage, the policy."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import Conflict, ValidationFailed
from vinhdanh.units import services
from vinhdanh.units.models import ChangeKind, UnitChange, UnitKind
from vinhdanh.units.selectors import list_lineage, search_units


def test_officer_creates_a_school_with_a_derived_code_and_nfc_name(commune_officer, commune):
    decomposed = unicodedata.normalize("NFD", "Trường THCS Lê Hồng Phong")
    school = services.create_unit(
        actor=commune_officer, parent=commune, name=decomposed, kind=UnitKind.SCHOOL,
        code_suffix="thcs-01", valid_from=dt.date(2025, 9, 1),
    )
    assert school.code == "13366.THCS-01"
    assert school.name == unicodedata.normalize("NFC", "Trường THCS Lê Hồng Phong")
    assert school.path == f"{commune.path}{school.pk}/"
    assert list(search_units(commune_officer, "le hong phong")) == [school]
    assert list(search_units(commune_officer, decomposed)) == [school]
    event = AuditEvent.objects.get(action="units.created")
    assert event.actor_id == commune_officer.pk
    assert event.unit_path == school.path


def test_code_is_unique_among_units_in_force_together(commune_officer, commune):
    services.create_unit(actor=commune_officer, parent=commune, name="Thôn Đông",
                         kind=UnitKind.VILLAGE, code_suffix="T01")
    with pytest.raises(Conflict) as caught:
        services.create_unit(actor=commune_officer, parent=commune, name="Thôn Tây",
                             kind=UnitKind.VILLAGE, code_suffix="t01")
    assert caught.value.field == "code_suffix"
    assert "13366.T01" in caught.value.message


@pytest.mark.parametrize(("kind", "suffix", "field"), [
    (UnitKind.WARD, "A1", "kind"),
    (UnitKind.SCHOOL, "bad code!", "code_suffix"),
    (UnitKind.SCHOOL, "", "code_suffix"),
])
def test_bad_input_is_refused_naming_the_field(commune_officer, commune, kind, suffix, field):
    with pytest.raises(ValidationFailed) as caught:
        services.create_unit(actor=commune_officer, parent=commune, name="Đơn vị",
                             kind=kind, code_suffix=suffix)
    assert caught.value.field == field


def test_outsider_may_not_create_below_another_commune(outsider, commune):
    with pytest.raises(PermissionDenied):
        services.create_unit(actor=outsider, parent=commune, name="Thôn Bắc",
                             kind=UnitKind.VILLAGE, code_suffix="T09")


def test_rename_is_recorded_as_a_lineage_event(commune_officer, school):
    services.update_unit(actor=commune_officer, unit=school, name="Trường Tiểu học Hà Nam A",
                         effective_date=dt.date(2025, 9, 5), address="Tổ 3")
    school.refresh_from_db()
    assert school.name == "Trường Tiểu học Hà Nam A"
    assert school.address == "Tổ 3"
    [entry] = list_lineage(school)
    assert entry.change.kind == ChangeKind.RENAME
    assert entry.change.effective_date == dt.date(2025, 9, 5)
    assert entry.change.note == "Trường Tiểu học Hà Nam → Trường Tiểu học Hà Nam A"
    assert AuditEvent.objects.get(action="units.updated").data["old_name"] == (
        "Trường Tiểu học Hà Nam"
    )


def test_renaming_a_commune_needs_the_province(commune_officer, province_officer, commune):
    with pytest.raises(PermissionDenied):
        services.update_unit(actor=commune_officer, unit=commune, name="Phường Hà Nam Mới")
    # The commune's officer may still correct its address.
    services.update_unit(actor=commune_officer, unit=commune, address="Số 1 Lê Lợi")
    services.update_unit(actor=province_officer, unit=commune, name="Phường Hà Nam Mới")
    assert UnitChange.objects.filter(kind=ChangeKind.RENAME).count() == 1


def test_outsider_may_not_edit(outsider, school):
    with pytest.raises(PermissionDenied):
        services.update_unit(actor=outsider, unit=school, address="Nơi khác")
