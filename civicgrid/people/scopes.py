"""The only permission gates: `can(user, action, obj)` and the grants behind `visible_to(user)`.

A grant is one role assignment reduced to what matters: the actions it holds and the scope it
holds them over (an area subtree, a department, or both). Objects that can be guarded expose
`scope_area_path` and `scope_department_ids()`; the second is only asked for when a
department grant needs it, since it may cost a query.
"""

from dataclasses import dataclass

from django.db.models import Q


@dataclass(frozen=True)
class Grant:
    actions: frozenset[str]
    area_path: str | None
    department_id: int | None


def grants(user) -> tuple[Grant, ...]:
    """The user's grants, loaded once per user object (so once per request)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ()
    cached = getattr(user, "_civicgrid_grants", None)
    if cached is None:
        rows = user.role_assignments.select_related("role", "area").all()
        cached = tuple(
            Grant(
                actions=frozenset(r.role.actions),
                area_path=r.area.path if r.area_id else None,
                department_id=r.department_id,
            )
            for r in rows
        )
        user._civicgrid_grants = cached
    return cached


def grants_for(user, action: str) -> tuple[Grant, ...]:
    return tuple(g for g in grants(user) if action in g.actions)


def can(user, action: str, obj=None) -> bool:
    """May this user do this action on this object (or anywhere, when obj is None)?"""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    held = grants_for(user, action)
    if obj is None:
        return bool(held)
    area_path = obj.scope_area_path or ""
    departments = None
    for grant in held:
        if grant.area_path is not None and not area_path.startswith(grant.area_path):
            continue
        if grant.department_id is None:
            return True
        if departments is None:
            departments = obj.scope_department_ids()
        if grant.department_id in departments:
            return True
    return False


def sees_everything(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)


def area_scope(user, action: str) -> Q | None:
    """Areas (by path) where the user holds `action`: None means the whole tree, since a
    superuser or a department-wide grant is bound to no area; nothing without the action."""
    if sees_everything(user):
        return None
    held = grants_for(user, action)
    if any(g.area_path is None for g in held):
        return None
    q = Q(pk__in=[])
    for grant in held:
        q |= Q(path__startswith=grant.area_path)
    return q
