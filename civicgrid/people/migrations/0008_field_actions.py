"""Workstations get a point (check-ins are measured from it), and the preset roles of existing
databases the new field actions (ensure_roles never edits an existing role)."""

from django.db import migrations, models

GRANTS = {
    "grid_worker": ["field.patrol"],
    "station_head": ["field.patrol", "field.roster", "field.compliance"],
    "officer": ["field.patrol"],
    "leader": ["field.compliance"],
}


def grant(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=GRANTS):
        added = [a for a in GRANTS[role.code] if a not in role.actions]
        if added:
            role.actions = [*role.actions, *added]
            role.save(update_fields=["actions"])


def revoke(apps, schema_editor):
    Role = apps.get_model("people", "Role")
    for role in Role.objects.filter(code__in=GRANTS):
        role.actions = [a for a in role.actions if a not in GRANTS[role.code]]
        role.save(update_fields=["actions"])


class Migration(migrations.Migration):
    dependencies = [("people", "0007_grant_task_campaign_actions")]
    operations = [
        migrations.AddField(
            model_name="workstation",
            name="lng",
            field=models.FloatField(blank=True, null=True, verbose_name="经度"),
        ),
        migrations.AddField(
            model_name="workstation",
            name="lat",
            field=models.FloatField(blank=True, null=True, verbose_name="纬度"),
        ),
        migrations.RunPython(grant, revoke),
    ]
