"""Give the preset roles of existing databases the task and campaign actions (ensure_roles never
edits an existing role, so a new preset action needs a data migration)."""

from django.db import migrations

GRANTS = {
    "task.assign": ["station_head", "leader"],
    "campaign.manage": ["dispatcher", "leader"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for action, codes in GRANTS.items():
        for role in Role.objects.filter(code__in=codes):
            if action not in role.actions:
                role.actions = [*role.actions, action]
                role.save(update_fields=["actions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for action, codes in GRANTS.items():
        for role in Role.objects.filter(code__in=codes):
            role.actions = [a for a in role.actions if a != action]
            role.save(update_fields=["actions"])


class Migration(migrations.Migration):
    dependencies = [("people", "0006_grant_hotline_import")]
    operations = [migrations.RunPython(grant, revoke)]
