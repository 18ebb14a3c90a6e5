import civicgrid.lib.media
from django.db import migrations, models


def rename(apps, schema_editor):
    # Photos stored under the uploader's file name move to random names.
    civicgrid.lib.media.rename_stored(apps.get_model("cases", "Attachment"), "image")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0004_open_deadline_and_counts_by_id"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="image",
            field=models.ImageField(
                db_index=True,
                upload_to=civicgrid.lib.media.RandomName("cases/%Y/%m/"),
                verbose_name="照片",
            ),
        ),
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
