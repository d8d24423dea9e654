"""The overdue board watches every clock of the workflow, in working days across Tết 2027.

Tết Đinh Mùi 2027 is off from Thursday 04/02 to Wednesday 10/02/2027 (core calendar tests).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import time_machine
import yaml
from django.test import Client
from django.urls import reverse

from vinhdanh.accounts.models import User
from vinhdanh.nominations import procedure, selectors
from vinhdanh.nominations.models import Proposal
from vinhdanh.nominations.selectors import Deadline
from vinhdanh.nominations.services import decisions
from vinhdanh.nominations.services import proposals as svc


def _late(user: User, day: dt.date) -> list[tuple[int, str, dt.date | None, int]]:
    return [(row.proposal.pk, row.deadline, row.due_on, row.late_by)
            for row in selectors.list_overdue(user, today=day)]


def test_a_received_dossier_waits_five_working_days_for_the_desk(
        proposal: Proposal, commune_officer: User, province_officer: User,
        outsider: User) -> None:
    # Received on Tuesday 02/02/2027: 03/02, then 11, 12, 15 and 16/02 after Tết.
    with time_machine.travel(dt.datetime(2027, 2, 2, 2, tzinfo=dt.UTC), tick=False):
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
    officer = User.objects.get(pk=province_officer.pk)
    assert _late(officer, dt.date(2027, 2, 16)) == []
    assert _late(officer, dt.date(2027, 2, 17)) == [
        (proposal.pk, Deadline.RECEIPT, dt.date(2027, 2, 16), 1)]
    assert _late(User.objects.get(pk=outsider.pk), dt.date(2027, 2, 17)) == []
    # Accepting it stops that clock and starts the appraisal's (20 working days).
    with time_machine.travel(dt.datetime(2027, 2, 17, 2, tzinfo=dt.UTC), tick=False):
        svc.accept_proposal(actor=province_officer, proposal=proposal)
    assert _late(officer, dt.date(2027, 2, 18)) == []


def test_a_decision_is_sent_to_the_proposing_unit_within_ten_working_days(
        awaiting_decision: Proposal, province_officer: User, system_admin: User,
        client: Client, django_assert_num_queries: Any) -> None:
    with time_machine.travel(dt.datetime(2027, 1, 27, 2, tzinfo=dt.UTC), tick=False):
        decisions.issue_decision(actor=system_admin, proposal=awaiting_decision,
                                 legal_basis="Luật Thi đua, khen thưởng 2022",
                                 signer_name="Trần Văn Nam", signer_title="Chủ tịch",
                                 decision_date=dt.date(2027, 1, 27))
    officer = User.objects.get(pk=province_officer.pk)
    # Wednesday 27/01/2027: 28, 29/01, 01-03/02, then 11, 12, 15, 16 and 17/02.
    assert _late(officer, dt.date(2027, 2, 17)) == []
    fresh = User.objects.get(pk=province_officer.pk)
    # 1: grants; 2: proposals on a running clock with units, decision and arrival day.
    with django_assert_num_queries(2):
        rows = selectors.list_overdue(fresh, today=dt.date(2027, 2, 19))
    assert [(r.deadline, r.due_on, r.late_by) for r in rows] == [
        (Deadline.NOTIFY, dt.date(2027, 2, 17), 2)]
    with time_machine.travel(dt.datetime(2027, 2, 19, 2, tzinfo=dt.UTC), tick=False):
        client.force_login(province_officer)
        page = client.get(reverse("nominations:overdue")).content.decode()
    assert "Gửi quyết định cho đơn vị đề nghị" in page
    assert "17/02/2027" in page
    decisions.notify_proposal(actor=province_officer, proposal=awaiting_decision)
    assert _late(officer, dt.date(2027, 2, 19)) == []


def test_a_supplement_is_late_only_where_a_regulation_sets_its_period(
        proposal: Proposal, commune_officer: User, province_officer: User, outsider: User,
        settings: Any, tmp_path: Path, client: Client,
        django_assert_num_queries: Any) -> None:
    # Sent back on Monday 01/02/2027; the national data sets no period, so nothing is late.
    with time_machine.travel(dt.datetime(2027, 2, 1, 2, tzinfo=dt.UTC), tick=False):
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.request_supplement(actor=province_officer, proposal=proposal,
                               reason="Thiếu báo cáo thành tích")
    officer = User.objects.get(pk=province_officer.pk)
    assert _late(officer, dt.date(2027, 3, 1)) == []
    # A province regulation giving 5 working days: 02, 03/02, then 11, 12 and 15/02 after Tết.
    data = yaml.safe_load(procedure.DEFAULT_FILE.read_text(encoding="utf-8"))
    data["supplement_working_days"] = 5
    own = tmp_path / "procedure.yaml"
    own.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    settings.NOMINATIONS_PROCEDURE_FILE = str(own)
    assert _late(officer, dt.date(2027, 2, 15)) == []
    fresh = User.objects.get(pk=province_officer.pk)
    # 1: grants; 2: proposals on a running clock with units, decision and moment days.
    with django_assert_num_queries(2):
        rows = selectors.list_overdue(fresh, today=dt.date(2027, 2, 17))
    assert [(r.proposal.pk, r.deadline, r.due_on, r.late_by, r.where) for r in rows] == [
        (proposal.pk, Deadline.SUPPLEMENT, dt.date(2027, 2, 15), 2, proposal.unit)]
    assert _late(User.objects.get(pk=outsider.pk), dt.date(2027, 2, 17)) == []
    with time_machine.travel(dt.datetime(2027, 2, 17, 2, tzinfo=dt.UTC), tick=False):
        client.force_login(province_officer)
        page = client.get(reverse("nominations:overdue")).content.decode()
    assert "Gửi lại hồ sơ đã bổ sung" in page
    assert "15/02/2027" in page
    # Resubmitting stops that clock and starts the desk's.
    with time_machine.travel(dt.datetime(2027, 2, 17, 2, tzinfo=dt.UTC), tick=False):
        svc.resubmit_proposal(actor=commune_officer, proposal=proposal)
    assert [r.deadline for r in selectors.list_overdue(officer, today=dt.date(2027, 2, 18))
            if r.proposal.pk == proposal.pk] == []
