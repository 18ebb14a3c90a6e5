"""Give the preset roles of existing databases the consultation actions
(people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {
    "dispatcher": ["consult.manage", "consult.view"],
    "station_head": ["consult.view"],
    "leader": ["consult.view"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0004_api_token")]
    operations = [grant_to_presets(GRANTS)]
