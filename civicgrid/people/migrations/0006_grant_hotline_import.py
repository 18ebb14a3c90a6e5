"""Give the preset roles of existing databases the new hotline import action (ensure_roles never
edits an existing role, so a new preset action needs a data migration)."""

from django.db import migrations

ACTION = "hotline.import"
ROLES = ["dispatcher"]


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
    dependencies = [("people", "0005_grant_consult_actions")]
    operations = [migrations.RunPython(grant, revoke)]
