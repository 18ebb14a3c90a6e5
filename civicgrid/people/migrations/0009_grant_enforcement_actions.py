"""Give the officer preset of existing databases the enforcement actions (ensure_roles never
edits an existing role, so a new preset action needs a data migration)."""

from django.db import migrations

ACTIONS = ["case.enforce", "case.view_party"]
ROLES = ["officer"]


def grant(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        missing = [a for a in ACTIONS if a not in role.actions]
        if missing:
            role.actions = [*role.actions, *missing]
            role.save(update_fields=["actions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=ROLES):
        role.actions = [a for a in role.actions if a not in ACTIONS]
        role.save(update_fields=["actions"])


class Migration(migrations.Migration):
    dependencies = [("people", "0008_field_actions")]
    operations = [migrations.RunPython(grant, revoke)]
