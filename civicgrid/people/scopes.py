"""The only permission gates: `can(user, action, obj)` and the grants behind `visible_to(user)`.

A grant is one role assignment reduced to what matters: the actions it holds and the scope it
holds them over (an area subtree, a department, or both). Objects that can be guarded expose
`scope_keys() -> (area_path, department_ids)`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Grant:
    actions: frozenset[str]
    area_path: str | None
    department_id: int | None

    def covers(self, area_path: str, department_ids: frozenset[int]) -> bool:
        if self.area_path is not None and not (area_path or "").startswith(self.area_path):
            return False
        return self.department_id is None or self.department_id in department_ids


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
    area_path, department_ids = obj.scope_keys()
    return any(g.covers(area_path, frozenset(department_ids)) for g in held)


def sees_everything(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_superuser)
