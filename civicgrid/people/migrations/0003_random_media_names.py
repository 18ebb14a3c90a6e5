import civicgrid.lib.media
from django.db import migrations, models


def rename(apps, schema_editor):
    # Staff photos stored under the uploader's file name move to random names.
    civicgrid.lib.media.rename_stored(apps.get_model("people", "StaffProfile"), "photo")


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0002_grant_poster_action"),
    ]

    operations = [
        migrations.AlterField(
            model_name="staffprofile",
            name="photo",
            field=models.ImageField(
                blank=True,
                upload_to=civicgrid.lib.media.RandomName("staff/"),
                verbose_name="照片",
            ),
        ),
        migrations.RunPython(rename, migrations.RunPython.noop),
    ]
