"""Poll items point at nominee lines by foreign key; sessions get an agenda of lines.

`PollItem.subject_ref` held "nominations.nomineeline:<id>" while the nominations app did not
exist. Each reference that names an existing line becomes the `line` foreign key; a reference
to a missing line (or a second item on the same line in one poll) is left empty, since the
item's label and award code already say what was voted on.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

REF_PREFIX = "nominations.nomineeline:"


def refs_to_lines(apps: Any, schema_editor: Any) -> None:
    PollItem = apps.get_model("councils", "PollItem")
    NomineeLine = apps.get_model("nominations", "NomineeLine")
    items = list(PollItem.objects.exclude(subject_ref__isnull=True).exclude(subject_ref="")
                 .order_by("poll_id", "position", "id"))
    wanted = {}
    for item in items:
        ref = item.subject_ref.strip()
        if ref.startswith(REF_PREFIX) and ref[len(REF_PREFIX):].isdigit():
            wanted[item.pk] = int(ref[len(REF_PREFIX):])
    existing = set(NomineeLine.objects.filter(pk__in=set(wanted.values()))
                   .values_list("pk", flat=True))
    taken: set[tuple[int, int]] = set()
    for item in items:
        line_id = wanted.get(item.pk)
        if line_id is None or line_id not in existing or (item.poll_id, line_id) in taken:
            continue
        taken.add((item.poll_id, line_id))
        item.line_id = line_id
        item.save(update_fields=["line"])


def lines_to_refs(apps: Any, schema_editor: Any) -> None:
    PollItem = apps.get_model("councils", "PollItem")
    for item in PollItem.objects.filter(line__isnull=False):
        item.subject_ref = f"{REF_PREFIX}{item.line_id}"
        item.save(update_fields=["subject_ref"])


class Migration(migrations.Migration):

    dependencies = [
        ("councils", "0002_seed_threshold_rules"),
        ("nominations", "0002_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="pollitem",
            name="line",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="nominations.nomineeline"),
        ),
        migrations.RunPython(refs_to_lines, lines_to_refs),
        migrations.RemoveField(model_name="pollitem", name="subject_ref"),
        migrations.AddConstraint(
            model_name="pollitem",
            constraint=models.UniqueConstraint(fields=("poll", "line"),
                                               name="poll_item_line_once"),
        ),
        migrations.CreateModel(
            name="AgendaItem",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                           serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(default=0)),
                ("line", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                           related_name="+", to="nominations.nomineeline")),
                ("session", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                              related_name="agenda", to="councils.session")),
            ],
            options={"verbose_name": "agenda item", "ordering": ["session_id", "position", "id"]},
        ),
        migrations.AddConstraint(
            model_name="agendaitem",
            constraint=models.UniqueConstraint(fields=("session", "line"),
                                               name="agenda_line_once"),
        ),
    ]
