"""Give the preset roles of existing databases the actions of community life: publishing,
councils, needs, volunteers, surveys, liaison and training (ensure_roles never edits an
existing role)."""

from django.db import migrations

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
    dependencies = [("people", "0011_workstation_is_model")]
    operations = [migrations.RunPython(grant, revoke)]
