"""On PostgreSQL with pg_trgm installed, index the folded name for `LIKE '%...%'` search.

SQLite scans the (commune-sized) table instead; a PostgreSQL without the extension keeps
working, only slower on province-wide searches.
"""

from django.db import migrations

INDEX = "people_person_name_folded_trgm"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        if cursor.fetchone() is None:
            return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON people_person "
        "USING gin (name_folded gin_trgm_ops)"
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(create_index, drop_index)]
