"""Reminders to units that owe their report: from the board, and by the cron command."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.audit.models import AuditEvent
from vinhdanh.movements import services
from vinhdanh.movements.models import Movement, UnitReminder
from vinhdanh.movements.tests.test_views import login
from vinhdanh.units.models import OrgUnit

OCTOBER_1 = dt.datetime(2025, 10, 1, 3, tzinfo=dt.UTC)


def _addresses(*users: User) -> None:
    for user in users:
        user.email = f"{user.username}@ninhbinh.gov.vn"
        user.save(update_fields=["email"])


def test_board_reminds_the_late_unit_only_and_shows_the_day(
    movement: Movement, province: OrgUnit, commune: OrgUnit, other_commune: OrgUnit,
    province_officer: User, commune_officer: User, outsider: User,
) -> None:
    _addresses(commune_officer, outsider)
    services.enter_values(actor=commune_officer, movement=movement, unit=commune,
                          period="2025-08", values={"done": 3})
    services.submit_values(actor=commune_officer, movement=movement, unit=commune,
                           period="2025-08")
    board = reverse("movements:board", args=[movement.pk]) + f"?unit={province.pk}&period=2025-08"
    remind = reverse("movements:remind", args=[movement.pk, province.pk])
    with time_machine.travel(OCTOBER_1, tick=False):
        # Another commune's officer may not remind at the province: 404, nothing sent.
        assert login(outsider).post(remind, {"period": "2025-08"}).status_code == 404
        assert mail.outbox == []
        client = login(province_officer)
        assert "Gửi nhắc nhở các đơn vị chưa báo cáo" in client.get(board).content.decode()
        response = client.post(remind, {"period": "2025-08"})
        assert response.status_code == 302
        page = client.get(board).content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["can_bo_xa_khac@ninhbinh.gov.vn"]
    assert "Phường Phủ Lý" in message.subject
    assert "10/09/2025" in message.body  # the deadline: period end + 10 days
    sent = UnitReminder.objects.get()
    assert (sent.unit, sent.period, sent.sent_on) == (other_commune, "2025-08",
                                                      dt.date(2025, 10, 1))
    assert sent.batch.sent_by == province_officer
    event = AuditEvent.objects.get(action="movements.remind")
    assert event.data["units"] == [other_commune.code]
    assert "đã nhắc 01/10/2025" in page
    assert page.count('data-testid="reminded"') == 1


def test_cron_command_reminds_once_a_day(
    movement: Movement, other_commune: OrgUnit, commune_officer: User, outsider: User,
) -> None:
    _addresses(outsider)  # the commune's officer has no address: reported, not an error
    out = StringIO()
    err = StringIO()
    with time_machine.travel(OCTOBER_1, tick=False):
        call_command("movements_remind", movement.code, "--period", "2025-08", stdout=out,
                     stderr=err)
        call_command("movements_remind", movement.code, "--period", "2025-08", stdout=out,
                     stderr=err)
    with time_machine.travel(OCTOBER_1 + dt.timedelta(days=1), tick=False):
        call_command("movements_remind", movement.code, "--period", "2025-08", stdout=out)
    assert [m.to for m in mail.outbox] == [["can_bo_xa_khac@ninhbinh.gov.vn"]] * 2
    assert UnitReminder.objects.filter(unit=other_commune).count() == 2
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("0 ")  # the second run the same day sent nothing
    assert "Phường Hà Nam" in err.getvalue()
    batch = UnitReminder.objects.first()
    assert batch is not None
    assert batch.batch.via_command
