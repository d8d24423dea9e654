"""Emulation registration: the unit registers, the level above approves or returns."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from vinhdanh.accounts.models import User
from vinhdanh.core.errors import DomainError
from vinhdanh.movements import selectors, services
from vinhdanh.movements.models import Movement
from vinhdanh.units.models import OrgUnit


def test_unit_registers_and_only_the_level_above_decides(
    movement: Movement, commune: OrgUnit, commune_officer: User, province_officer: User,
    outsider: User,
) -> None:
    with pytest.raises(PermissionDenied):
        services.register_unit(actor=outsider, movement=movement, unit=commune, year=2025,
                               goals="Tập thể lao động xuất sắc")
    registration = services.register_unit(actor=commune_officer, movement=movement,
                                          unit=commune, year=2025,
                                          goals="Tập thể lao động xuất sắc")
    with pytest.raises(PermissionDenied):
        services.decide_registration(actor=commune_officer, registration=registration,
                                     approve=True)
    with pytest.raises(DomainError):
        services.decide_registration(actor=province_officer, registration=registration,
                                     approve=False, reason="")
    returned = services.decide_registration(actor=province_officer, registration=registration,
                                            approve=False, reason="Thiếu chỉ tiêu cụ thể")
    assert returned.status == "returned"
    again = services.register_unit(actor=commune_officer, movement=movement, unit=commune,
                                   year=2025, goals="Tập thể lao động xuất sắc; 100% hộ")
    approved = services.decide_registration(actor=province_officer, registration=again,
                                            approve=True)
    assert approved.status == "approved"
    with pytest.raises(DomainError):
        services.register_unit(actor=commune_officer, movement=movement, unit=commune,
                               year=2025, goals="Sửa lại")


def test_registration_board_flags_unregistered_units_in_constant_queries(
    movement: Movement, province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
    commune_officer: User, django_assert_num_queries: Any,
) -> None:
    movement.registration_required = True
    movement.save()
    services.register_unit(actor=commune_officer, movement=movement, unit=commune, year=2025,
                           goals="Hoàn thành xuất sắc nhiệm vụ")
    # 1 participations, 2 child units, 3 their registrations
    with django_assert_num_queries(3):
        rows = selectors.registration_board(movement=movement, root=province, year=2025)
    assert {(r.unit.code, r.flagged) for r in rows} == {(commune.code, True),
                                                        (other_commune.code, True)}
    assert [r.registration is not None for r in rows if r.unit == commune] == [True]


def test_registration_pages_register_and_decide(
    movement: Movement, province: OrgUnit, commune: OrgUnit, commune_officer: User,
    province_officer: User, outsider: User, django_assert_num_queries: Any,
) -> None:
    from django.test import Client
    from django.urls import reverse

    officer = Client()
    officer.force_login(commune_officer)
    officer.post(reverse("movements:register", args=[movement.pk, commune.pk]),
                 {"year": "2025", "goals": "Tập thể lao động xuất sắc"})
    province_client = Client()
    province_client.force_login(province_officer)
    url = reverse("movements:registrations", args=[movement.pk]) + f"?unit={province.pk}&year=2025"
    province_client.get(url)
    # 1 session, 2 user, 3 grants, 4 movement, 5 unit, 6 participations, 7 child units,
    # 8 their registrations, 9 the province's own registration
    with django_assert_num_queries(9):
        page = province_client.get(url)
    assert "Tập thể lao động xuất sắc" in page.content.decode()
    registration = page.context["rows"][0].registration
    decide = reverse("movements:decide_registration", args=[movement.pk, registration.pk])
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.post(decide, {"action": "approve"}).status_code == 404
    province_client.post(decide, {"action": "approve"})
    registration.refresh_from_db()
    assert registration.status == "approved"
