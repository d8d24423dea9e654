"""The councils API: results for the secretary, receipt checks for members."""

from __future__ import annotations

import json

from django.test import Client

from vinhdanh.accounts.models import User
from vinhdanh.councils.services.ballots import cast_ballot
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup, make_poll
from vinhdanh.councils.tests.test_ballots import ballot


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_result_and_receipt_over_the_api(council9: CouncilSetup,
                                         other_council: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    receipts = [cast_ballot(actor=m, poll=poll, choices=ballot(poll, "yes", "yes", "no"))
                for m in council9.members[:8]]
    close_poll(actor=council9.secretary, poll=poll)
    url = f"/api/v1/councils/polls/{poll.pk}/result"

    body = client_for(council9.secretary).get(url).json()
    assert body["members"] == 9
    assert [(i["yes"], i["required_yes"], i["passed"]) for i in body["items"]] == [
        (8, 9, False), (8, 8, True), (0, 5, False)]
    assert client_for(council9.members[3]).get(url).status_code == 404
    assert client_for(other_council.secretary).get(url).status_code == 404

    check = f"/api/v1/councils/polls/{poll.pk}/receipt-check"
    member = client_for(council9.members[0])
    answer = member.post(check, json.dumps({"receipt": receipts[0]}),
                         content_type="application/json")
    assert answer.json() == {"counted": True}
    assert client_for(other_council.members[1]).post(
        check, json.dumps({"receipt": receipts[0]}), content_type="application/json"
    ).status_code == 404
