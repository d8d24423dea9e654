"""Exemplary models: recognised by the level above, listed within scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.movements import selectors, services
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit


def test_level_above_recognises_and_scope_limits_the_list(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User,
    outsider: User, django_assert_num_queries: Any,
) -> None:
    kwargs: dict[str, Any] = {"movement": movement, "unit": commune, "year": 2025,
                              "title": "Mô hình xóa nhà tạm bằng vốn xã hội hóa",
                              "subject_name": "Hội Cựu chiến binh phường", "is_collective": True}
    with pytest.raises(PermissionDenied):
        services.recognise_exemplary_model(actor=commune_officer, **kwargs)
    services.recognise_exemplary_model(actor=province_officer, is_public=True, **kwargs)

    reader = User.objects.get(pk=commune_officer.pk)  # no grants cached yet
    # 1 grants, 2 exemplary models joined with their unit
    with django_assert_num_queries(2):
        seen = list(selectors.list_exemplary_models(user=reader, movement=movement))
    assert [e.title for e in seen] == [kwargs["title"]]
    assert list(selectors.list_exemplary_models(user=outsider, movement=movement)) == []
    assert list(selectors.list_public_exemplary_models()) == []  # the movement is not public
