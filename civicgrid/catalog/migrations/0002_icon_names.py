import csv
from pathlib import Path

from django.db import migrations, models

COMMON_CSV = Path(__file__).resolve().parent.parent / "data" / "common.csv"


def icon_names(apps, schema_editor):
    """Emoji icons become the names of the vendored SVG icons, as in common.csv."""
    Category = apps.get_model("catalog", "Category")
    with COMMON_CSV.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            Category.objects.filter(kind=row["kind"], code=row["code"]).update(icon=row["icon"])


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="category",
            name="icon",
            field=models.CharField(
                blank=True,
                help_text="Tabler 图标名，如 trash，文件见 static/vendor/tabler-icons-3.51.0/",
                max_length=40,
                verbose_name="图标",
            ),
        ),
        migrations.RunPython(icon_names, migrations.RunPython.noop),
    ]
