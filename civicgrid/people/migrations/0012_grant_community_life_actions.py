"""Give the preset roles of existing databases the actions of community life: publishing,
councils, needs, volunteers, surveys, liaison and training (people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

LIFE = [
    "community.publish",
    "council.manage",
    "need.manage",
    "volunteer.manage",
    "survey.manage",
    "liaison.manage",
    "training.manage",
]

GRANTS = {
    "station_head": LIFE,
    "dispatcher": [
        "community.publish",
        "need.manage",
        "volunteer.manage",
        "survey.manage",
        "training.manage",
    ],
    "leader": ["survey.manage"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0011_workstation_is_model")]
    operations = [grant_to_presets(GRANTS)]
