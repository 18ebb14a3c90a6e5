"""Give the preset roles of existing databases the enforcement actions
(people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {"officer": ["case.enforce", "case.view_party"]}


class Migration(migrations.Migration):
    dependencies = [("people", "0008_field_actions")]
    operations = [grant_to_presets(GRANTS)]
