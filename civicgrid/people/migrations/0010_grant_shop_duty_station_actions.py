"""Give the preset roles of existing databases the actions of shops, duty lists, the convenience
map and station evaluation (people/preset_grants.py)."""

from django.db import migrations

from civicgrid.people.preset_grants import grant_to_presets

GRANTS = {
    "grid_worker": ["shop.inspect"],
    "station_head": [
        "shop.inspect",
        "shop.manage",
        "duty.manage",
        "duty.report",
        "amenity.manage",
        "showcase.manage",
    ],
    "dispatcher": [
        "shop.manage",
        "duty.manage",
        "duty.report",
        "amenity.manage",
        "showcase.manage",
        "station.evaluate",
    ],
    "handler": ["duty.report"],
    "officer": ["shop.inspect"],
    "leader": ["duty.manage", "station.evaluate"],
}


class Migration(migrations.Migration):
    dependencies = [("people", "0009_grant_enforcement_actions")]
    operations = [grant_to_presets(GRANTS)]
