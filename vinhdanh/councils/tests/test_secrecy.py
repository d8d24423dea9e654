"""Nothing stored or logged links a member to a choice (DESIGN.md invariant; ADR 0003)."""

from __future__ import annotations

import json
import logging
import uuid

import pytest
from django.apps import apps
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, override_settings

from vinhdanh.audit.models import AuditEvent
from vinhdanh.councils.models import (
    BallotChoice,
    Choice,
    PollItem,
    ReceiptHash,
    WrittenOpinion,
)
from vinhdanh.councils.services.ballots import cast_ballot
from vinhdanh.councils.services.polls import close_poll, open_poll
from vinhdanh.councils.tests.conftest import CouncilSetup, make_line_poll, make_poll
from vinhdanh.councils.tests.test_ballots import ballot
from vinhdanh.nominations.models import NomineeLine

#: Tables that identify a person or their place on a voter roll.
PERSON_TABLES = {"accounts_user", "councils_membership", "councils_voterroll"}
PERSON_WORDS = ("user", "member", "voter", "actor", "person")
CHOICE_WORDS = ("choice", "opinion", "ballot")
#: Signed written opinions of absent members are open by law (Decree 98/2023 Art 30(7)).
OPEN_BY_LAW = {"councils_writtenopinion"}
TIME_TYPES = (models.DateField, models.DateTimeField, models.TimeField, models.AutoField,
              models.BigAutoField, models.SmallAutoField)


def columns_and_targets(table: str) -> tuple[list[str], set[str]]:
    """Return a table's raw column names and the tables its foreign keys point at."""
    with connection.cursor() as cursor:
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        relations = connection.introspection.get_relations(cursor, table)
    return columns, {target for _column, (_field, target) in relations.items()}


def stores_choice_values(table: str) -> bool:
    """Answer whether any cell of `table` holds a ballot value (yes, no, abstain)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
        return any(cell in Choice.values for row in cursor.fetchall() for cell in row)


def test_no_table_links_a_member_to_a_secret_choice(council9: CouncilSetup,
                                                    lines: list[NomineeLine]) -> None:
    # Items on real nominee lines, so the nominations tables are filled and inspected too.
    poll = open_poll(actor=council9.secretary, poll=make_line_poll(council9, lines))
    for n, member in enumerate(council9.members[:6]):
        cast_ballot(actor=member, poll=poll, choices=ballot(poll, "yes", "no" if n % 2 else
                                                            "yes", "abstain"))

    existing = set(connection.introspection.table_names())
    checked = 0
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table not in existing:
            continue
        columns, targets = columns_and_targets(table)
        names = [c.lower() for c in columns]
        refers_to_person = bool(targets & PERSON_TABLES) or any(
            word in name for name in names for word in PERSON_WORDS)
        holds_choice = any(word in name for name in names for word in CHOICE_WORDS) or (
            refers_to_person and stores_choice_values(table))
        checked += 1
        if refers_to_person and holds_choice:
            assert table in OPEN_BY_LAW, f"{table} links a person to a choice: {columns}"
    assert checked > 20
    # Electronic ballots never land in the open table.
    assert not WrittenOpinion.objects.exists()

    # The secret tables: a random key, the item (or poll), the value; nothing else.
    for model, expected in ((BallotChoice, {"id", "poll_item_id", "choice"}),
                            (ReceiptHash, {"id", "poll_id", "digest"})):
        columns, targets = columns_and_targets(model._meta.db_table)
        assert set(columns) == expected
        assert not targets & PERSON_TABLES
        assert not any(isinstance(f, TIME_TYPES) for f in model._meta.concrete_fields)
        assert isinstance(model._meta.pk, models.UUIDField)


def reachable_tables(start: str) -> set[str]:
    """Return every table reachable from `start` by following foreign keys forward."""
    seen: set[str] = set()
    todo = [start]
    while todo:
        table = todo.pop()
        if table in seen:
            continue
        seen.add(table)
        todo.extend(columns_and_targets(table)[1])
    return seen


def test_the_nominee_line_key_opens_no_path_from_a_choice_to_a_voter(
        council9: CouncilSetup, lines: list[NomineeLine]) -> None:
    """A poll item names the nominee voted on; nothing it points at is per voter."""
    poll = open_poll(actor=council9.secretary, poll=make_line_poll(council9, lines))
    for member in council9.members[:5]:
        cast_ballot(actor=member, poll=poll, choices=ballot(poll, "yes", "no", "abstain"))

    columns, targets = columns_and_targets(PollItem._meta.db_table)
    assert targets == {"councils_poll", "nominations_nomineeline"}
    assert not any(word in c.lower() for c in columns for word in PERSON_WORDS)
    assert set(PollItem.objects.values_list("line_id", flat=True)) == {ln.pk for ln in lines}
    # From a secret choice, following keys reaches the item, its poll, session, council,
    # and the nominee line with its proposal: the same rows for every ballot of the poll.
    # Never the voter roll or a membership, the only tables that name who voted.
    reachable = reachable_tables(BallotChoice._meta.db_table)
    assert "nominations_nomineeline" in reachable
    assert not reachable & {"councils_voterroll", "councils_membership"}
    # A ballot's rows differ only in their random key and the value chosen.
    assert {c.name for c in BallotChoice._meta.concrete_fields} == {"id", "poll_item", "choice"}


def test_audit_log_records_who_voted_never_what(council9: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    voters = council9.members[:4]
    receipts = [cast_ballot(actor=m, poll=poll, choices=ballot(poll, "yes", "no", "abstain"))
                for m in voters]
    close_poll(actor=council9.secretary, poll=poll)

    cast_events = list(AuditEvent.objects.filter(action="councils.ballot_cast").order_by("seq"))
    assert [e.actor_id for e in cast_events] == [m.pk for m in voters]
    assert [e.data for e in cast_events] == [
        {"membership": council9.memberships[m.pk].pk} for m in voters]
    everything = json.dumps([[e.action, e.target_id, e.data]
                             for e in AuditEvent.objects.all()], ensure_ascii=False)
    for value in Choice.values:
        assert f'"{value}"' not in everything
    for receipt in receipts:
        assert receipt not in everything


def test_keys_are_random_and_closing_rewrites_them(council9: CouncilSetup) -> None:
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    insertion_order: list[uuid.UUID] = []
    for member in council9.members:
        before = set(BallotChoice.objects.values_list("id", flat=True))
        cast_ballot(actor=member, poll=poll, choices=ballot(poll, "yes", "yes", "no"))
        insertion_order += list(set(BallotChoice.objects.values_list("id", flat=True)) - before)

    assert all(key.version == 4 for key in insertion_order)
    # 27 keys in casting order: random keys are not monotonic (chance of sorted ≈ 1/27!).
    assert insertion_order != sorted(insertion_order)
    poll = close_poll(actor=council9.secretary, poll=poll)
    after = set(BallotChoice.objects.values_list("id", flat=True))
    assert len(after) == len(insertion_order)
    assert not after & set(insertion_order)


@override_settings(DEBUG=True)
def test_choices_never_reach_the_sql_log(council9: CouncilSetup,
                                         caplog: pytest.LogCaptureFixture) -> None:
    """Even with DEBUG on, Django's query log and SQL logger never see a ballot's values."""
    poll = open_poll(actor=council9.secretary, poll=make_poll(council9))
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    with CaptureQueriesContext(connection) as captured:
        cast_ballot(actor=council9.members[2], poll=poll, choices=ballot(poll, "yes", "no", "no"))
        close_poll(actor=council9.secretary, poll=poll)
    logged = "\n".join([q["sql"] for q in captured.captured_queries] + caplog.messages)
    assert "INSERT" in logged  # the log works: the roll update and audit rows are in it
    for table in (BallotChoice._meta.db_table, ReceiptHash._meta.db_table):
        assert f"INSERT INTO \"{table}\"" not in logged
    assert "'yes'" not in logged
    assert "'abstain'" not in logged
    assert BallotChoice.objects.count() == 3
