"""Plain multi-row inserts for large append-only tables (sweep results, benchmark rows).

`bulk_create` builds a model instance and runs every field's preparation per row; for a
province sweep's hundreds of thousands of rows that costs more than the engine. These
rows are new, validated by construction and touch no signals, so they go straight to
`executemany` with every column filled from the row or the field's default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models

from vinhdanh.records.bulk import insert_tuples as record_tuples


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, object]], *,
                chunk: int = 5000) -> int:
    """Insert `rows` (mappings by field attname: "run_id", "kind") into `model`'s table."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    columns = [f.column for f in fields]
    names = [f.attname for f in fields]
    # Only date columns need adapting; checking just those keeps the per-row loop short.
    dated = [i for i, f in enumerate(fields) if isinstance(f, models.DateField)]
    ops = connection.ops
    # Table and column names come from the model's own metadata, quoted; values are
    # always bound parameters.
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        ops.quote_name(model._meta.db_table), ", ".join(ops.quote_name(c) for c in columns)
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    # SQLite runs executemany in process; a server would get one round trip per row, so
    # it gets multi-row VALUES statements within PostgreSQL's 65,535-parameter limit.
    in_process = connection.vendor == "sqlite"
    size = chunk if in_process else max(1, min(chunk, 65_000 // len(columns)))
    count = 0
    pending: list[tuple[object, ...]] = []

    def flush(cursor: Any) -> None:
        if in_process:
            cursor.executemany(head + one, pending)
        else:
            cursor.execute(head + ", ".join([one] * len(pending)),
                           [value for row in pending for value in row])

    with connection.cursor() as cursor:
        for row in rows:
            values = [row.get(name, defaults[name]) for name in names]
            for index in dated:
                value = values[index]
                if isinstance(value, dt.date):
                    values[index] = ops.adapt_datefield_value(value)
            pending.append(tuple(values))
            if len(pending) >= size:
                flush(cursor)
                count += len(pending)
                pending = []
        if pending:
            flush(cursor)
            count += len(pending)
    return count


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
