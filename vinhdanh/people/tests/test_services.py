"""Services: normalisation, validation with clear messages, policy and audit."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.audit.models import AuditEvent
from vinhdanh.core.errors import ValidationFailed
from vinhdanh.people import services
from vinhdanh.people.idnumber import mask_id_number, validate_id_number
from vinhdanh.people.models import Employment, Gender, Household, Person, Relation
from vinhdanh.people.selectors import search_people


def test_name_typed_in_nfd_is_stored_in_nfc_with_single_spaces(commune_officer, commune):
    typed = unicodedata.normalize("NFD", "Phạm  Thị   Hường ")
    person = services.create_person(actor=commune_officer, full_name=typed,
                                    gender=Gender.FEMALE, unit=commune)
    person.refresh_from_db()
    assert person.full_name == unicodedata.normalize("NFC", "Phạm Thị Hường")
    assert person.name_folded == "pham thi huong"


def test_folded_query_finds_the_vietnamese_name(commune_officer, person):
    page = search_people(user=commune_officer, q="nguyen van duc")
    assert [p.full_name for p in page] == ["Nguyễn Văn Đức"]
    assert [p.pk for p in search_people(user=commune_officer, q="ĐỨC")] == [person.pk]
    assert list(search_people(user=commune_officer, q="nguyen van dung")) == []


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("03708501234", "12"),  # 11 digits
        ("03708501234A", "chỉ"),  # a letter
        ("999085012345", "999"),  # no such province of birth
    ],
)
def test_bad_id_number_is_refused_naming_the_field_and_nothing_is_written(
    commune_officer, commune, number, reason
):
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(actor=commune_officer, full_name="Lê Văn Tám",
                               gender=Gender.MALE, unit=commune, id_number=number)
    assert refused.value.field == "id_number"
    assert "Số định danh cá nhân" in refused.value.message
    assert reason in refused.value.message
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == events


def test_duplicate_id_number_is_refused_without_revealing_it(commune_officer, commune, person):
    with pytest.raises(ValidationFailed) as refused:
        services.create_person(actor=commune_officer, full_name="Lê Văn Tám",
                               gender=Gender.MALE, unit=commune, id_number="037 085 012 345")
    assert refused.value.field == "id_number"
    assert "đã có" in refused.value.message
    assert "037085012345" not in refused.value.message
    assert Person.objects.count() == 1


def test_id_number_helpers():
    assert validate_id_number(" 037085012345 ") == "037085012345"
    assert validate_id_number("") is None
    assert mask_id_number("037085012345") == "********2345"


def test_update_records_changed_fields_with_the_id_number_masked(commune_officer, person):
    services.update_person(actor=commune_officer, person=person, id_number="037085099999",
                           address="Tổ dân phố 3")
    event = AuditEvent.objects.filter(action="people.person_updated").get()
    assert event.target_id == str(person.pk)
    assert event.unit_path == person.unit.path
    assert event.data == {"changed": {"id_number": {"old": "********2345",
                                                    "new": "********9999"}}}
    assert "037085099999" not in str(AuditEvent.objects.values_list("data", flat=True))


def test_every_write_service_records_an_audit_event(commune_officer, person, school, commune):
    employment = services.add_employment(actor=commune_officer, person=person, unit=school,
                                         position="Giáo viên", start=dt.date(2025, 7, 1))
    services.update_employment(actor=commune_officer, employment=employment,
                               position="Hiệu trưởng", is_leader=True)
    services.end_employment(actor=commune_officer, employment=employment,
                            end=dt.date(2025, 12, 31))
    household = services.create_household(actor=commune_officer, code="HN-1", head=person,
                                           unit=commune)
    child = services.create_person(actor=commune_officer, full_name="Nguyễn Văn An",
                                   gender=Gender.MALE, unit=commune)
    services.add_household_member(actor=commune_officer, household=household, person=child,
                                  relation=Relation.CHILD)
    services.update_household(actor=commune_officer, household=household, head=child)
    services.update_household(actor=commune_officer, household=household, head=person)
    services.remove_household_member(actor=commune_officer, household=household, person=child)
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions == [
        "people.person_created", "people.employment_added", "people.employment_updated",
        "people.employment_ended", "people.household_created", "people.person_created",
        "people.household_member_added", "people.household_updated",
        "people.household_updated", "people.household_member_removed",
    ]
    employment.refresh_from_db()
    assert (employment.position, employment.is_leader) == ("Hiệu trưởng", True)


def test_employment_cannot_end_before_it_starts(commune_officer, teacher):
    with pytest.raises(ValidationFailed) as refused:
        services.end_employment(actor=commune_officer, employment=teacher,
                                end=dt.date(2025, 1, 1))
    assert refused.value.field == "end"
    teacher.refresh_from_db()
    assert teacher.end is None


def test_head_cannot_be_removed_and_a_person_joins_one_household(
    commune_officer, household, person, commune
):
    with pytest.raises(ValidationFailed):
        services.remove_household_member(actor=commune_officer, household=household,
                                         person=person)
    with pytest.raises(ValidationFailed):
        services.create_household(actor=commune_officer, code="HN-2", head=person,
                                  unit=commune)
    assert Household.objects.count() == 1


def test_outsider_cannot_write_into_another_commune(outsider, commune, person, teacher,
                                                    household):
    events = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.create_person(actor=outsider, full_name="Lê Văn Tám", gender=Gender.MALE,
                               unit=commune)
    with pytest.raises(PermissionDenied):
        services.update_person(actor=outsider, person=person, full_name="Đổi tên")
    with pytest.raises(PermissionDenied):
        services.update_employment(actor=outsider, employment=teacher, position="Hiệu trưởng")
    with pytest.raises(PermissionDenied):
        services.create_household(actor=outsider, code="X", head=person, unit=commune)
    assert AuditEvent.objects.count() == events
    assert Person.objects.count() == 1
    assert Employment.objects.get().position == "Giáo viên"


def test_officer_cannot_move_a_person_out_of_their_subtree(commune_officer, person,
                                                          other_commune):
    with pytest.raises(PermissionDenied):
        services.update_person(actor=commune_officer, person=person, unit=other_commune)
    person.refresh_from_db()
    assert person.unit_id != other_commune.pk
