"""Fifty members voting at the same moment: each ballot counted once, duplicates refused."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from vinhdanh.accounts.models import User
from vinhdanh.audit.services import verify_chain
from vinhdanh.councils.errors import AlreadyVoted
from vinhdanh.councils.models import Poll, VoterRoll
from vinhdanh.councils.results import ballots_consistent, compute_result
from vinhdanh.councils.services.ballots import cast_ballot, receipt_counted
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import build_council, make_poll
from vinhdanh.councils.tests.test_ballots import ballot
from vinhdanh.units.models import OrgUnit

MEMBERS = 50

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises writers with a database lock and has no SELECT … FOR UPDATE; "
               "concurrent casting is tested on PostgreSQL (set DATABASE_URL=postgres://…).",
    ),
]


def attempt(user_id: int, poll_id: int, choices: dict[int, str]) -> str:
    """Cast one ballot on this thread's own connection; return the receipt or "duplicate"."""
    try:
        user = User.objects.get(pk=user_id)
        poll = Poll.objects.get(pk=poll_id)
        return cast_ballot(actor=user, poll=poll, choices=choices)
    except AlreadyVoted:
        return "duplicate"
    finally:
        connection.close()


def test_fifty_members_vote_concurrently(province: OrgUnit, secretary: User) -> None:
    cs = build_council(unit=province, secretary=secretary, size=MEMBERS)
    poll = open_poll(actor=cs.secretary, poll=make_poll(cs))
    jobs = []
    for n, member in enumerate(cs.members):
        # 45 yes of 50 on the 90 % item (passes exactly); 25 yes on the 80 % item (fails).
        choices = ballot(poll, "yes" if n < 45 else "no", "yes" if n % 2 else "abstain", "no")
        # Every member submits twice at once: a double click, or two open tabs.
        jobs += [(member.pk, choices), (member.pk, choices)]
    pairs = [jobs[i:i + 2] for i in range(0, len(jobs), 2)]
    random.shuffle(pairs)
    jobs = [job for pair in pairs for job in pair]

    with ThreadPoolExecutor(max_workers=24) as pool:
        outcomes = list(pool.map(lambda job: attempt(job[0], poll.pk, job[1]), jobs))

    receipts = [o for o in outcomes if o != "duplicate"]
    assert len(receipts) == MEMBERS
    assert len(set(receipts)) == MEMBERS
    assert outcomes.count("duplicate") == MEMBERS
    assert VoterRoll.objects.filter(poll=poll, has_voted=True).count() == MEMBERS
    poll = close_poll(actor=cs.secretary, poll=poll)

    result = compute_result(poll=poll)
    first, second, third = result.items
    assert (first.total_yes, first.total_no, first.required, first.passed) == (45, 5, 45, True)
    assert (second.total_yes, second.total_abstain, second.passed) == (25, 25, False)
    assert (third.total_no, third.total_yes) == (50, 0)
    assert ballots_consistent(poll=poll)
    assert all(receipt_counted(poll=poll, code=r) for r in receipts)
    assert verify_chain().ok
