"""Give the preset roles of existing databases the new poster action (ensure_roles never
edits an existing role, so a new preset action needs a data migration)."""

from django.db import migrations

ACTION = "community.poster"
ROLES = ["station_head", "dispatcher", "leader"]


def grant(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        if ACTION not in role.actions:
            role.actions = [*role.actions, ACTION]
            role.save(update_fields=["actions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        role.actions = [a for a in role.actions if a != ACTION]
        role.save(update_fields=["actions"])


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(grant, revoke)]
