# Audit entries become append-only rows on a tamper-evident chain (audit/chain.py).

from django.db import migrations, models

# The columns sealed when the chain began, frozen here whatever the model says later.
ENTRY = ("at", "kind", "actor_id", "username", "ip", "target", "data")
TABLES = ("audit_auditentry",)


def seal_existing(apps, schema_editor):
    from civicgrid.audit import chain

    chain.backfill(apps.get_model("audit", "AuditEntry"), ENTRY, schema_editor.connection)


def protect(apps, schema_editor):
    from civicgrid.audit import triggers

    triggers.install(schema_editor.connection, TABLES)


def unprotect(apps, schema_editor):
    from civicgrid.audit import triggers

    triggers.drop(schema_editor.connection, TABLES)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="digest",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="校验值"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(editable=False, null=True, verbose_name="链序号"),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="auditentry",
            name="seq",
            field=models.BigIntegerField(editable=False, unique=True, verbose_name="链序号"),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="kind",
            field=models.CharField(
                choices=[
                    ("login", "登录"),
                    ("login.failed", "登录失败"),
                    ("login.locked", "登录锁定"),
                    ("logout", "退出"),
                    ("export", "数据导出"),
                    ("role.change", "角色或权限变更"),
                    ("password.change", "修改密码"),
                    ("pii.view", "查看个人信息"),
                    ("pii.export", "个人信息导出"),
                    ("pii.erase", "个人信息删除"),
                    ("retention", "到期数据处理"),
                    ("key.rotate", "密钥轮换"),
                    ("backup", "备份与恢复"),
                ],
                max_length=20,
                verbose_name="类型",
            ),
        ),
        migrations.RunPython(protect, unprotect),
    ]
