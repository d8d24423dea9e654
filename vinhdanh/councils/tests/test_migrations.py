"""Migration 0003 turns the old string reference of a poll item into its nominee line key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from vinhdanh.nominations.models import NomineeLine

BEFORE = [("councils", "0002_seed_threshold_rules")]
AFTER = [("councils", "0003_nominee_line_fk_agenda")]


@pytest.mark.django_db(transaction=True)
def test_subject_refs_become_line_keys(lines: list[NomineeLine], secretary: object) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    council = old.get_model("councils", "Council").objects.create(
        unit_id=lines[0].proposal.to_unit_id, kind="emulation_council", name="Hội đồng")
    term = old.get_model("councils", "Term").objects.create(
        council=council, starts_on="2025-07-01")
    session = old.get_model("councils", "Session").objects.create(
        council=council, term=term, date="2026-01-15")
    poll = old.get_model("councils", "Poll").objects.create(
        session=session, title="Bình xét", mode="one_ballot_over_many_items")
    make = old.get_model("councils", "PollItem").objects.create
    refs = [f"nominations.nomineeline:{lines[0].pk}", f"nominations.nomineeline:{lines[1].pk}",
            f"nominations.nomineeline:{lines[1].pk}", "nominations.nomineeline:999999",
            "rác", None]
    ids = [make(poll=poll, position=n, label=f"Mục {n}", award_code="giay_khen",
                subject_ref=ref, threshold_pct=Decimal(50), threshold_comparison="more_than").pk
           for n, ref in enumerate(refs, start=1)]

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("councils", "PollItem")
    converted = dict(new.objects.filter(pk__in=ids).values_list("pk", "line_id"))
    # Back to the newest schema, whatever later migrations exist, for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    # The second item on the same line in one poll, a missing line and junk stay empty.
    assert [converted[pk] for pk in ids] == [lines[0].pk, lines[1].pk, None, None, None, None]
