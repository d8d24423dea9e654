"""Fast insertion of validated ledger rows."""

from __future__ import annotations

from typing import Any

from django.db import connection, models
from django.utils import timezone

from vinhdanh.records.models import Entry

CHUNK = 1000


def insert_entries(rows: list[dict[str, Any]]) -> None:
    """Insert validated rows with one prepared statement.

    bulk_create compiles SQL for every batch, and SQLite's variable limit makes a batch
    about 28 entries; executemany is several times faster for a 100,000-row import.
    """
    fields = [f for f in Entry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    # Table and column names come from the model, never from input.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(Entry._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    defaults = {f.attname: f.get_default() for f in fields}
    dates = {f.attname for f in fields if type(f) is models.DateField}
    stamps = {"created_at", "updated_at"}
    adapt = connection.ops.adapt_datefield_value

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        out: list[Any] = []
        for f in fields:
            name = f.attname
            if name in stamps:
                out.append(now)
            elif name in dates:
                out.append(adapt(row.get(name)))
            else:
                out.append(row.get(name, defaults[name]))
        return tuple(out)

    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            cursor.executemany(sql, [values(row) for row in rows[start:start + CHUNK]])
