"""The synthetic-province generator: deterministic, idempotent, well-formed."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from vinhdanh.audit.models import AuditEvent
from vinhdanh.people.generator import names
from vinhdanh.people.generator.run import generate_province
from vinhdanh.people.idnumber import validate_id_number
from vinhdanh.people.models import Employment, Household, HouseholdMember, Person, Relation
from vinhdanh.units.models import OrgUnit, UnitKind
from vinhdanh.units.tree import insert_unit

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def small_province(db):
    province = insert_unit(code="37", name="Tỉnh Ninh Bình", kind=UnitKind.PROVINCE,
                           valid_from=REFORM)
    insert_unit(code="13366", name="Phường Hà Nam", kind=UnitKind.WARD, parent=province,
                valid_from=REFORM)
    insert_unit(code="14500", name="Xã Gia Viễn", kind=UnitKind.COMMUNE, parent=province,
                valid_from=REFORM)
    insert_unit(code="14800", name="Xã Kim Sơn", kind=UnitKind.COMMUNE, parent=province,
                valid_from=REFORM)
    return province


def _snapshot() -> list[tuple[object, ...]]:
    return list(Person.objects.order_by("pk").values_list(
        "full_name", "gender", "birth_date", "ethnicity", "category", "id_number",
        "unit__code"))


class _Undo(Exception):
    pass


def test_same_seed_gives_the_same_people(small_province):
    try:
        with transaction.atomic():
            generate_province(people=150, seed=7)
            first = _snapshot()
            raise _Undo
    except _Undo:
        pass
    assert not Person.objects.exists()
    generate_province(people=150, seed=7)
    assert _snapshot() == first
    assert len(first) == 150


def test_another_seed_gives_other_people(small_province):
    generate_province(people=60, seed=1)
    first = {row[0] for row in _snapshot()}
    generate_province(people=60, seed=2)
    assert len({row[0] for row in _snapshot()}) > len(first)


def test_names_are_vietnamese_and_gender_appropriate():
    rng = random.Random(3)
    women = [names.full_name(rng, gender="female") for _ in range(200)]
    men = [names.full_name(rng, gender="male") for _ in range(200)]
    assert sum(" Thị " in name for name in women) > 40
    assert not any(" Thị " in name for name in men)
    assert sum(name.startswith("Nguyễn ") for name in men + women) > 80


def test_running_twice_adds_nothing(small_province):
    out = StringIO()
    call_command("generate", "--people", "120", "--seed", "5", stdout=out)
    counts = (Person.objects.count(), OrgUnit.objects.count(), Household.objects.count())
    call_command("generate", "--people", "120", "--seed", "5", stdout=out)
    assert (Person.objects.count(), OrgUnit.objects.count(), Household.objects.count()) == (
        counts)
    assert "đã có" in out.getvalue()
    assert AuditEvent.objects.filter(action="people.generated").count() == 1


def test_missing_communes_are_reported_in_vietnamese(db):
    insert_unit(code="37", name="Tỉnh Ninh Bình", kind=UnitKind.PROVINCE, valid_from=REFORM)
    with pytest.raises(CommandError) as refused:
        call_command("generate", "--people", "10", "--seed", "1")
    assert "vinhdanh import units" in str(refused.value)
    assert "Chưa có dữ liệu xã" in str(refused.value)
    assert not Person.objects.exists()


def test_generated_data_is_well_formed(small_province):
    generate_province(people=400, seed=11)
    people = list(Person.objects.select_related("unit"))
    assert len(people) == 400
    numbers = [p.id_number for p in people]
    assert len(set(numbers)) == 400
    assert all(validate_id_number(n) == n for n in numbers)
    # Every created unit hangs under the province with a correct materialised path.
    for unit in OrgUnit.objects.filter(code__startswith="37G11").select_related("parent"):
        assert unit.parent is not None
        assert unit.path == f"{unit.parent.path}{unit.pk}/"
        assert unit.depth == unit.parent.depth + 1
        assert unit.path.startswith(small_province.path)
    # Every household has exactly one head, who is its recorded head.
    heads = HouseholdMember.objects.filter(relation=Relation.HEAD)
    assert heads.count() == Household.objects.count()
    assert all(m.person_id == m.household.head_id for m in heads.select_related("household"))
    assert HouseholdMember.objects.count() == 400
    # Employers have leaders; the generated bodies are the ones employing.
    employments = Employment.objects.select_related("unit")
    assert employments.filter(is_leader=True).exists()
    assert all(e.unit.path.startswith(small_province.path) for e in employments)
    assert all(e.end is None and e.start >= REFORM for e in employments)
    assert {p.ethnicity for p in people} >= {"01"}
