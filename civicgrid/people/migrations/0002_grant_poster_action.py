"""Give the preset roles of existing databases the poster action (people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {
    "station_head": ["community.poster"],
    "dispatcher": ["community.poster"],
    "leader": ["community.poster"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [grant_to_presets(GRANTS)]
