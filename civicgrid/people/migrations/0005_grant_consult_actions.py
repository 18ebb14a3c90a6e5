"""Give the preset roles of existing databases the consultation actions (ensure_roles never
edits an existing role, so a new preset action needs a data migration)."""

from django.db import migrations

GRANTS = {
    "dispatcher": ["consult.manage", "consult.view"],
    "station_head": ["consult.view"],
    "leader": ["consult.view"],
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
    dependencies = [("people", "0004_api_token")]
    operations = [migrations.RunPython(grant, revoke)]
