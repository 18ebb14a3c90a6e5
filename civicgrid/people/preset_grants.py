"""Data migrations that give the preset roles of existing databases new actions.

ensure_roles() never edits an existing role, so a new preset action needs a migration: each
names {role code: [actions]} and runs `grant_to_presets(...)`. Roles an administrator
renamed or deleted are left alone; reversing takes the same actions away again.
"""

from django.db import migrations


def grant_to_presets(table: dict[str, list[str]]) -> migrations.RunPython:
    def grant(apps, schema_editor):
        Role = apps.get_model("people", "Role")
        for role in Role.objects.filter(code__in=table):
            missing = [a for a in table[role.code] if a not in role.actions]
            if missing:
                role.actions = [*role.actions, *missing]
                role.save(update_fields=["actions"])

    def revoke(apps, schema_editor):
        Role = apps.get_model("people", "Role")
        for role in Role.objects.filter(code__in=table):
            role.actions = [a for a in role.actions if a not in table[role.code]]
            role.save(update_fields=["actions"])

    return migrations.RunPython(grant, revoke)
