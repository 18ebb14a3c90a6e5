"""Role and permission changes to the audit log (等保: 重要的安全相关事件).

Role grants and their scopes, a role's actions, the staff, superuser and active flags,
groups, permissions and passwords: each change becomes one entry in the same transaction,
by the signed-in user of the request being served, or "系统" from a command. Queryset
.update() and bulk inserts send no signals and are not seen here.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from civicgrid.audit.context import current_request
from civicgrid.audit.log import log
from civicgrid.audit.models import Kind
from civicgrid.people.models import Role, RoleAssignment

SYSTEM = "系统"
User = get_user_model()
USER_FLAGS = ("is_staff", "is_superuser", "is_active")
ASSIGNMENT = ("user_id", "role_id", "area_id", "department_id")


def _write(kind, *, target, **data):
    request = current_request()
    if request is not None and hasattr(request, "user"):
        log(kind, request=request, target=target, **data)
    else:
        log(kind, username=SYSTEM, target=target, **data)


def _before(instance, fields, update_fields) -> dict | None:
    """The stored values of `fields`, when this save may change them."""
    names = {f.removesuffix("_id") for f in fields}
    if instance.pk is None or (update_fields is not None and not set(update_fields) & names):
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values(*fields).first()


def _remember(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw:
        fields = {User: USER_FLAGS, Role: ("actions",), RoleAssignment: ASSIGNMENT}[sender]
        instance._audit_before = _before(instance, fields, update_fields)


def _scope(assignment) -> str:
    return str(assignment.area or assignment.department or "")


def _assignment(instance, created, raw=False, **kwargs):
    if raw:
        return
    data = {"role": instance.role.code, "scope": _scope(instance)}
    before = getattr(instance, "_audit_before", None)
    if created:
        _write(Kind.ROLE_CHANGE, target=instance.user, change="role.grant", **data)
    elif before and any(before[f] != getattr(instance, f) for f in ASSIGNMENT):
        old = RoleAssignment(**before)
        was = {"role": old.role.code, "scope": _scope(old), "user": str(old.user)}
        _write(Kind.ROLE_CHANGE, target=instance.user, change="role.change", was=was, **data)


def _assignment_gone(instance, **kwargs):
    data = {"role": instance.role.code, "scope": _scope(instance)}
    _write(Kind.ROLE_CHANGE, target=instance.user, change="role.revoke", **data)


def _role(instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_audit_before", None)
    if created:
        _write(
            Kind.ROLE_CHANGE, target=instance.code, change="role.create", actions=instance.actions
        )
    elif before and before["actions"] != instance.actions:
        old, new = set(before["actions"]), set(instance.actions)
        _write(
            Kind.ROLE_CHANGE,
            target=instance.code,
            change="role.actions",
            added=sorted(new - old),
            removed=sorted(old - new),
        )


def _role_gone(instance, **kwargs):
    _write(Kind.ROLE_CHANGE, target=instance.code, change="role.delete", actions=instance.actions)


def _user(instance, created, raw=False, **kwargs):
    if raw:
        return
    name = instance.get_username()
    if instance._password is not None and not created:  # set_password(), not a hash upgrade
        _write(Kind.PASSWORD_CHANGE, target=name)
    before = getattr(instance, "_audit_before", None) or (
        {"is_staff": False, "is_superuser": False, "is_active": True} if created else None
    )
    if before is None:
        return
    changed = {f: getattr(instance, f) for f in USER_FLAGS if before[f] != getattr(instance, f)}
    if changed:
        _write(Kind.ROLE_CHANGE, target=name, change="user.flags", **changed)


def _label(obj) -> str:
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    if isinstance(obj, User):
        return obj.get_username()
    return str(obj)


def _members(sender, instance, action, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear"):
        return
    verb = {"post_add": "add", "post_remove": "remove", "pre_clear": "clear"}[action]
    items = []
    if pk_set:
        rows = model._base_manager.filter(pk__in=pk_set)
        if model is Permission:
            rows = rows.select_related("content_type")
        items = sorted(_label(r) for r in rows)
    change = f"{_M2M[sender]}.{verb}"
    _write(Kind.ROLE_CHANGE, target=_label(instance), change=change, items=items)


_M2M = {
    User.groups.through: "groups",
    User.user_permissions.through: "user_permissions",
    Group.permissions.through: "group_permissions",
}

for _model in (User, Role, RoleAssignment):
    pre_save.connect(_remember, sender=_model, dispatch_uid=f"audit-before-{_model.__name__}")
post_save.connect(_assignment, sender=RoleAssignment, dispatch_uid="audit-assignment")
post_delete.connect(_assignment_gone, sender=RoleAssignment, dispatch_uid="audit-assignment-gone")
post_save.connect(_role, sender=Role, dispatch_uid="audit-role")
post_delete.connect(_role_gone, sender=Role, dispatch_uid="audit-role-gone")
post_save.connect(_user, sender=User, dispatch_uid="audit-user")
for _through in _M2M:
    m2m_changed.connect(_members, sender=_through, dispatch_uid=f"audit-m2m-{_through.__name__}")
