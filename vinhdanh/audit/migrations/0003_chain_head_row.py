"""Create the chain head row up front, so writers only ever lock an existing row."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

GENESIS_HASH = "0" * 64


def create_head(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ChainHead = apps.get_model("audit", "ChainHead")
    ChainHead.objects.get_or_create(id=1, defaults={"last_seq": 0, "last_hash": GENESIS_HASH})


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0002_alter_auditevent_actor"),
    ]

    operations = [
        migrations.RunPython(create_head, migrations.RunPython.noop),
    ]
