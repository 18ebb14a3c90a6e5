"""Give the preset roles of existing databases the task and campaign actions
(people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {
    "station_head": ["task.assign"],
    "leader": ["task.assign", "campaign.manage"],
    "dispatcher": ["campaign.manage"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0006_grant_hotline_import")]
    operations = [grant_to_presets(GRANTS)]
