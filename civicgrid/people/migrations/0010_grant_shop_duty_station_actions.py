"""Give the preset roles of existing databases the actions of shops, duty lists, the
convenience map and station evaluation (ensure_roles never edits an existing role)."""

from django.db import migrations

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


def grant(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=GRANTS):
        missing = [a for a in GRANTS[role.code] if a not in role.actions]
        if missing:
            role.actions = [*role.actions, *missing]
            role.save(update_fields=["actions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=GRANTS):
        role.actions = [a for a in role.actions if a not in GRANTS[role.code]]
        role.save(update_fields=["actions"])


class Migration(migrations.Migration):
    dependencies = [("people", "0009_grant_enforcement_actions")]
    operations = [migrations.RunPython(grant, revoke)]
