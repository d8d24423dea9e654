"""Low-level tree maintenance: materialised paths for new and moved units."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Concat, Substr

from vinhdanh.core.text import fold, to_nfc
from vinhdanh.units.models import OrgUnit


def insert_unit(
    *,
    code: str,
    name: str,
    kind: str,
    parent: OrgUnit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> OrgUnit:
    """Create a unit and give it its path; callers own permission checks and auditing."""
    name = to_nfc(name)
    unit = OrgUnit.objects.create(
        code=code,
        name=name,
        name_folded=fold(name),
        kind=kind,
        parent=parent,
        valid_from=valid_from,
        valid_to=valid_to,
        depth=(parent.depth + 1) if parent is not None else 0,
    )
    unit.path = f"{parent.path if parent is not None else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    return unit


def ancestor_paths(path: str) -> list[str]:
    """The paths of a unit and every unit above it, root first:
    "/12/345/678/" → ["/12/", "/12/345/", "/12/345/678/"]."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def subtree_q(path: str, *, field: str = "path") -> Q:
    """Return a Q for rows whose `field` path lies under `path` (itself included).

    PostgreSQL serves the LIKE prefix from the varchar_pattern_ops index Django adds
    to an indexed CharField. SQLite's LIKE is case-insensitive and escaped, so it
    never uses the index; a BINARY range does: paths under "/58/" sort in
    ["/58/", "/580") since "0" follows "/". The range is not used on PostgreSQL,
    where comparisons follow the database's collation.
    """
    query = Q(**{f"{field}__startswith": path})
    if connection.vendor == "sqlite" and path.endswith("/"):
        query &= Q(**{f"{field}__gte": path, f"{field}__lt": path[:-1] + "0"})
    return query


def reserve_ids(count: int) -> list[int]:
    """Return `count` fresh primary keys, so bulk inserts can carry their final paths.

    PostgreSQL hands them out from the table's sequence. SQLite has no sequence, but
    it runs one writer at a time and Django opens write transactions IMMEDIATE, so
    the keys after the current maximum stay free until the caller's commit.
    """
    if count <= 0:
        return []
    table = OrgUnit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids must run inside the inserting transaction")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - table name from the model
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


def move_unit(unit: OrgUnit, *, parent: OrgUnit | None) -> None:
    """Hang `unit` and its whole subtree below `parent` in one UPDATE of the paths."""
    if parent is not None and parent.path.startswith(unit.path):
        raise ValueError("a unit cannot move below itself")
    old_path = unit.path
    new_path = f"{parent.path if parent is not None else '/'}{unit.pk}/"
    delta = ((parent.depth + 1) if parent is not None else 0) - unit.depth
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1), output_field=CharField()),
        depth=F("depth") + delta,
    )
    OrgUnit.objects.filter(pk=unit.pk).update(parent=parent)
    unit.refresh_from_db(fields=["path", "depth", "parent"])
