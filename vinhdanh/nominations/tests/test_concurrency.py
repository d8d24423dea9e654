"""Two hundred decisions issued at once by one body get 200 consecutive numbers."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from vinhdanh.accounts.models import User
from vinhdanh.audit.services import verify_chain
from vinhdanh.nominations.models import DecisionCounter, Proposal
from vinhdanh.nominations.services import proposals as svc
from vinhdanh.nominations.services.decisions import forward_to_decider, issue_decision
from vinhdanh.nominations.tests.conftest import make_person, make_proposal
from vinhdanh.units.models import OrgUnit

DECISIONS = 200

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers with a database lock and has no SELECT … FOR UPDATE; "
               "concurrent numbering is tested on PostgreSQL (set DATABASE_URL=postgres://…).",
    ),
]


def attempt(user_id: int, proposal_id: int) -> str:
    """Issue one decision on this thread's own connection; return its number."""
    try:
        actor = User.objects.get(pk=user_id)
        proposal = Proposal.objects.get(pk=proposal_id)
        issued = issue_decision(actor=actor, proposal=proposal, legal_basis="Luật 06/2022/QH15",
                                signer_name="Trần Văn Nam", signer_title="Chủ tịch")
        return issued.decision.number
    finally:
        connection.close()


def test_two_hundred_concurrent_decisions_get_consecutive_numbers(
        commune_officer: User, province_officer: User, system_admin: User,
        commune: OrgUnit, province: OrgUnit) -> None:
    ids = []
    for n in range(DECISIONS):
        nominee = make_person(commune_officer, commune, f"Người đề nghị {n}")
        proposal = make_proposal(commune_officer, commune, province, [nominee])
        svc.submit_proposal(actor=commune_officer, proposal=proposal)
        svc.receive_proposal(actor=province_officer, proposal=proposal)
        svc.accept_proposal(actor=province_officer, proposal=proposal)
        svc.appraise_line(actor=province_officer, line=proposal.lines.get(), approve=True)
        forward_to_decider(actor=province_officer, proposal=proposal)
        ids.append(proposal.pk)

    with ThreadPoolExecutor(max_workers=32) as pool:
        numbers = list(pool.map(lambda pk: attempt(system_admin.pk, pk), ids))

    sequences = sorted(int(number.split("/")[0]) for number in numbers)
    assert sequences == list(range(1, DECISIONS + 1))
    assert DecisionCounter.objects.get(issuer=province).last_number == DECISIONS
    assert verify_chain().ok
