"""Workstations get a point (check-ins are measured from it), and the preset roles of existing
databases the new field actions (people/preset_grants.py)."""

from django.db import migrations, models

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {
    "grid_worker": ["field.patrol"],
    "station_head": ["field.patrol", "field.roster", "field.compliance"],
    "officer": ["field.patrol"],
    "leader": ["field.compliance"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0007_grant_task_campaign_actions")]
    operations = [
        migrations.AddField(
            model_name="workstation",
            name="lng",
            field=models.FloatField(blank=True, null=True, verbose_name="经度"),
        ),
        migrations.AddField(
            model_name="workstation",
            name="lat",
            field=models.FloatField(blank=True, null=True, verbose_name="纬度"),
        ),
        grant_to_presets(GRANTS),
    ]
