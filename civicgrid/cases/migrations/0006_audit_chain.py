# Events and phone views become append-only rows on a tamper-evident chain (audit/chain.py).

import django.db.models.deletion
from django.db import migrations, models

# The columns sealed when the chain began, frozen here whatever the models say later.
EVENT = (
    "case_id",
    "action",
    "actor_id",
    "actor_label",
    "at",
    "from_status",
    "to_status",
    "note",
    "public",
    "data",
)
VIEW = ("case_id", "user_id", "at")
TABLES = ("cases_caseevent", "cases_contactview")


def seal_existing(apps, schema_editor):
    from civicgrid.audit import chain

    connection = schema_editor.connection
    chain.backfill(apps.get_model("cases", "CaseEvent"), EVENT, connection)
    chain.backfill(apps.get_model("cases", "ContactView"), VIEW, connection)


def protect(apps, schema_editor):
    from civicgrid.audit import triggers

    triggers.install(schema_editor.connection, TABLES)


def unprotect(apps, schema_editor):
    from civicgrid.audit import triggers

    triggers.drop(schema_editor.connection, TABLES)


def chain_fields(model_name):
    return [
        migrations.AddField(
            model_name=model_name,
            name="digest",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="校验值"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name=model_name,
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="链序号"),
        ),
    ]


def unique_seq(model_name):
    return migrations.AlterField(
        model_name=model_name,
        name="seq",
        field=models.BigIntegerField(editable=False, unique=True, verbose_name="链序号"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0005_random_media_names"),
    ]

    operations = [
        *chain_fields("caseevent"),
        *chain_fields("contactview"),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        unique_seq("caseevent"),
        unique_seq("contactview"),
        migrations.AlterField(
            model_name="caseevent",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="events",
                to="cases.case",
            ),
        ),
        migrations.AlterField(
            model_name="contactview",
            name="case",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cases.case"
            ),
        ),
        migrations.RunPython(protect, unprotect),
    ]
