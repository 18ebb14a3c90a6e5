"""Give the preset roles of existing databases the hotline import action
(people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {"dispatcher": ["hotline.import"]}


class Migration(migrations.Migration):
    dependencies = [("people", "0005_grant_consult_actions")]
    operations = [grant_to_presets(GRANTS)]
