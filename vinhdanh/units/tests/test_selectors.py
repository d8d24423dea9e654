"""Tree reads on the small fixture tree: dates, subtrees and scope."""

from __future__ import annotations

import datetime as dt

import pytest

from vinhdanh.core.errors import NotFound
from vinhdanh.units.models import UnitKind
from vinhdanh.units.selectors import (
    get_unit_by_code,
    list_subtree,
    list_tree_as_of,
    resolve_unit,
    search_units,
)
from vinhdanh.units.tree import insert_unit, move_unit

REFORM = dt.date(2025, 7, 1)


def test_tree_as_of_a_date_is_one_query(province, commune, school, django_assert_num_queries):
    closed = insert_unit(code="13366.X", name="Thôn cũ", kind=UnitKind.VILLAGE, parent=commune,
                         valid_from=REFORM, valid_to=dt.date(2025, 8, 1))
    # 1: units under the path prefix valid on the day
    with django_assert_num_queries(1):
        august = list(list_tree_as_of(dt.date(2025, 8, 1), root=province))
    assert closed not in august
    assert school in august
    # 1: units under the path prefix valid on the day
    with django_assert_num_queries(1):
        july = list(list_subtree(commune, on=dt.date(2025, 7, 15)))
    assert july[0] == commune
    assert set(july) == {commune, school, closed}
    assert list(list_tree_as_of(dt.date(2025, 6, 30))) == []


def test_get_by_code_picks_the_unit_in_force(province):
    assert get_unit_by_code("37", on=REFORM) == province
    with pytest.raises(NotFound):
        get_unit_by_code("37", on=dt.date(2025, 6, 30))


def test_unit_without_lineage_resolves_to_itself_or_nothing(commune):
    assert resolve_unit(commune, on=REFORM) == [commune]
    assert resolve_unit(commune, on=dt.date(2025, 6, 1)) == []


def test_search_stays_in_the_users_subtree(commune_officer, outsider, commune, other_commune):
    assert list(search_units(commune_officer, "phuong")) == [commune]
    assert list(search_units(outsider, "ha nam")) == []
    assert list(search_units(outsider, "PHỦ LÝ")) == [other_commune]


def test_moving_a_unit_rewrites_its_subtree_paths(commune, other_commune, school):
    move_unit(commune, parent=other_commune)
    school.refresh_from_db()
    assert school.path == f"{other_commune.path}{commune.pk}/{school.pk}/"
    assert school.depth == 3
