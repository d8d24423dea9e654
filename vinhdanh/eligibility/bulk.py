"""Inserts of a sweep's rows: tuples ready for the database, COPY on PostgreSQL.

`bulk_create` builds a model instance and runs every field's preparation per row; for a
province sweep's hundreds of thousands of rows that cost more than the engine. The rows
are new, built by the sweep and touch no signals, so they go straight to the ledger's
fast insert (records.bulk).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from vinhdanh.records.bulk import insert_tuples as record_tuples


def insert_tuples(model: type[models.Model], columns: Sequence[str],
                  rows: Iterable[tuple[Any, ...]]) -> None:
    """Insert database-ready tuples (COPY on PostgreSQL, executemany on SQLite).

    Django does not see a COPY: it is added to the connection's query log (when logging
    is on) so that query counts and the debug log show the statement like any other.
    """
    record_tuples(model, columns, rows)
    if connection.vendor == "postgresql" and connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN",
             "time": "0.000"}
        )
